// The API's response shapes the console reads (see functions/api/*): only the fields it shows.

export interface UnitSummary {
  unitId: string;
  kind: string;
  name: { 'zh-CN': string; en: string };
}

export interface IncidentSummary {
  incidentId: string;
  unitId: string;
  title: string;
  severity: string;
  status: 'open' | 'closed';
  receivedAt: string;
  occurredAt: string;
  location: string;
  source: 'unit' | 'media';
}

export interface ObligationSummary {
  incidentId: string;
  obligationId: string;
  kind: string;
  unitId: string;
  status: 'pending' | 'overdue' | 'met' | 'late';
  dueAt: string;
  metAt?: string;
  overdue?: boolean;
}

export interface MessageRecord {
  messageKey: string;
  purpose: 'reminder' | 'escalation' | 'notification';
  obligationId?: string;
  escalationStep?: number;
  repeat?: number;
  unitId: string;
  contactName: string;
  channel: 'sms' | 'email';
  to: string;
  status: 'sending' | 'sent' | 'failed' | 'queued';
  deliveryStatus?: 'failed';
  claimedAt: string;
  sentAt?: string;
  lastError?: string;
}

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  unitId: string;
  detail: Record<string, unknown>;
}

export interface IncidentDetail extends IncidentSummary {
  obligations: ObligationSummary[];
  messages: MessageRecord[];
  timeline: AuditEvent[];
}

export interface AuditExport {
  verification: { valid: boolean; problems?: unknown[] };
  events: AuditEvent[];
}

// The evaluation's shapes come from the domain itself (type-only: nothing of it is bundled).
export type { EvaluatedItemKind, LapseItem as Lapse, Tally, UnitEvaluation } from '../../functions/domain/evaluation';
import type { LapseItem, UnitEvaluation } from '../../functions/domain/evaluation';

export interface EvaluationResponse {
  from: string;
  to: string;
  units: UnitEvaluation[];
  lapses: LapseItem[];
  months: { month: string; units: { unitId: string; onTimeRate: number | null }[] }[];
}

export interface LocalExecution {
  executionArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
  history: { type: string; timestamp: string; stateName?: string; error?: string; cause?: string }[];
}
