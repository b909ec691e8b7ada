// The API's response shapes the console reads (see functions/api/*): only the fields it shows.
import type { Acknowledgement } from '../../functions/domain/acknowledgements';
import type { ChainedEventContent } from '../../functions/domain/audit-chain';
import type { Unit } from '../../functions/domain/directory';
import type { Incident } from '../../functions/domain/incident';
import type { Obligation } from '../../functions/domain/obligations';
import type { MessageRecord as DomainMessageRecord } from '../../functions/domain/records';

export type UnitSummary = Pick<Unit, 'unitId' | 'kind' | 'name'>;

// Issue 15: the directory's page reads and writes whole units (GET/PUT /units/{unitId}).
export type { Contact, Unit, UnitKind } from '../../functions/domain/directory';

// The domain's own shapes where the console reads them (type-only: nothing of it is bundled).
export type IncidentSummary = Pick<
  Incident,
  'incidentId' | 'unitId' | 'title' | 'severity' | 'status' | 'receivedAt' | 'occurredAt' | 'location' | 'source'
>;

export type ObligationSummary = Pick<
  Obligation,
  | 'incidentId'
  | 'obligationId'
  | 'kind'
  | 'unitId'
  | 'status'
  | 'dueAt'
  | 'metAt'
  | 'drillSpeed'
  | 'closedWhile'
  | 'closedAt'
> & {
  overdue?: boolean;
  /** For a reporter (确认催报): the escalation step that last reached its unit, and its acknowledgement if any. */
  escalation?: { escalationStep: number; firstSentAt: string; acknowledgement?: Acknowledgement };
};

export type MessageRecord = Pick<
  DomainMessageRecord,
  | 'messageKey'
  | 'purpose'
  | 'obligationId'
  | 'escalationStep'
  | 'repeat'
  | 'unitId'
  | 'contactName'
  | 'channel'
  | 'to'
  | 'status'
  | 'permanentFailure'
  | 'deliveryStatus'
  | 'claimedAt'
  | 'sentAt'
  | 'lastError'
>;

export type AuditEvent = Pick<ChainedEventContent, 'seq' | 'at' | 'type' | 'actor' | 'unitId' | 'detail'>;

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
