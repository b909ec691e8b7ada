import { randomBytes } from 'node:crypto';
import type { Obligation } from './obligations';

/** 特别重大 / 重大 / 较大 / 一般. */
export const SEVERITIES = ['especially-major', 'major', 'relatively-major', 'general'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_NAMES: Record<Severity, { 'zh-CN': string; en: string }> = {
  'especially-major': { 'zh-CN': '特别重大', en: 'especially major' },
  major: { 'zh-CN': '重大', en: 'major' },
  'relatively-major': { 'zh-CN': '较大', en: 'relatively major' },
  general: { 'zh-CN': '一般', en: 'general' },
};

/** How a first report reached the duty office. A phone report owes a written one (R-WRITTEN-30). */
export const FIRST_REPORT_CHANNELS = ['phone', 'written'] as const;
export type FirstReportChannel = (typeof FIRST_REPORT_CHANNELS)[number];

export interface Casualties {
  deaths: number;
  injured: number;
  missing: number;
}

export interface Reporter {
  name: string;
  phone: string;
}

/** A report filed on an incident: the first report, then the written one (R-LIFECYCLE). */
export interface Report {
  incidentId: string;
  reportId: string;
  kind: 'first' | 'written';
  channel: FirstReportChannel;
  unitId: string;
  receivedAt: string;
  summary: string;
  location?: string;
  casualties?: Casualties;
  measuresTaken?: string;
  reporter?: Reporter;
}

/** An emergency incident as first reported (R-INTAKE). */
export interface Incident {
  incidentId: string;
  unitId: string;
  title: string;
  category: string;
  incidentClass: string;
  severity: Severity;
  occurredAt: string;
  location: string;
  receivedAt: string;
  status: 'open';
  /** R-INTAKE: a phone first report is unverified until the written report completes it. */
  verified: boolean;
  firstReportChannel: FirstReportChannel;
  summary?: string;
  /** Unknown until reported: a phone first report may not have it yet. */
  casualties?: Casualties;
  reporter: Reporter;
}

/** The execution input of `statemachines/incident.asl.json`: IDs and timestamps only. */
export interface IncidentExecutionInput {
  incidentId: string;
  writtenReport?: Pick<Obligation, 'obligationId' | 'dueAt' | 'firstEscalationAt'>;
}

// Crockford base32: no I, L, O, U, so an ID read aloud over the phone is not misheard.
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters of the ID alphabet. */
export function randomIdPart(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % 32]).join('');
}

/**
 * A new incident ID: the local (Asia/Shanghai) date of receipt and six random characters.
 * Also the name of the incident's Step Functions execution, so it is readable in the console.
 *
 * @example
 * ```ts
 * newIncidentId(new Date('2026-11-28T00:05:00Z')); // 'INC-20261128-7K3Q9P'
 * ```
 */
export function newIncidentId(receivedAt: Date): string {
  const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(receivedAt)
    .replaceAll('-', '');
  return `INC-${localDate}-${randomIdPart(6)}`;
}

/** A new report ID. */
export function newReportId(): string {
  return `RPT-${randomIdPart(10)}`;
}

/** The execution input for an incident and the obligations it opened. */
export function executionInputFor(incidentId: string, obligations: Obligation[]): IncidentExecutionInput {
  const writtenReport = obligations.find((obligation) => obligation.kind === 'written-report');
  return writtenReport
    ? { incidentId, writtenReport: { obligationId: writtenReport.obligationId, dueAt: writtenReport.dueAt, firstEscalationAt: writtenReport.firstEscalationAt } }
    : { incidentId };
}
