import { createHash, randomBytes } from 'node:crypto';
import { waitTimestamp } from './deadlines';
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

/** R-LIFECYCLE: 首报, 书面报告, 续报, 终报. */
export const REPORT_KINDS = ['first', 'written', 'follow-up', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Where an incident first became known: a unit's own report, or media and online monitoring (R-MEDIA). */
export const INCIDENT_SOURCES = ['unit', 'media'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** A report filed on an incident (R-LIFECYCLE), with the elements R-ELEMENTS checks. */
export interface Report {
  incidentId: string;
  reportId: string;
  kind: ReportKind;
  channel: FirstReportChannel;
  unitId: string;
  receivedAt: string;
  summary: string;
  occurredAt?: string;
  location?: string;
  cause?: string;
  casualties?: Casualties;
  losses?: string;
  measuresTaken?: string;
  trend?: string;
  reporter?: Reporter;
  /** 迟报原因, kept when the report meets an obligation late. */
  lateReason?: string;
  /** R-ELEMENTS: what the report lacked when filed (a final report may lack nothing). */
  missingElements?: string[];
  /** R-INTAKE: the photos and videos from the scene attached to it (functions/domain/attachments.ts). */
  attachmentIds?: string[];
  /** R-ELEMENTS (place): the phone's position, when the reporter allowed it, beside the typed `location`. */
  coordinates?: Coordinates;
}

/** A position as a phone's geolocation gives it (WGS 84 degrees). */
export interface Coordinates {
  latitude: number;
  longitude: number;
  accuracyMeters?: number;
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
  /** R-LIFECYCLE: open until the final report closes it. */
  status: 'open' | 'closed';
  closedAt?: string;
  /** The final report that closed it. */
  closedByReportId?: string;
  /** When its own execution first ran (the sweep starts one for an open incident without). */
  watchedAt?: string;
  /** R-MEDIA: `media` when the duty office logged it from media or online monitoring. */
  source: IncidentSource;
  /** R-MEDIA: the outlet, post or link it came from. */
  mediaSource?: string;
  /** R-WRITTEN-30: when the phone call that made the first report came, if before its record (`receivedAt`). */
  phonedAt?: string;
  /** R-EVAL: who recorded `phonedAt` — only the duty office's own log of a call counts for 首报时效. */
  phonedAtLoggedBy?: 'duty-office' | 'unit';
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
  /** The follow-up count so far (0 at the start) and when the last one was due (the receipt at the start). */
  followUp: { number: number; dueAt: string };
}

/** The execution input of `statemachines/obligation.asl.json`: IDs and timestamps only. */
export interface ObligationExecutionInput {
  incidentId: string;
  obligationId: string;
  dueAt: string;
  /** Absent when the unit gets no reminder. */
  remindAt?: string;
}

/** R-VERIFY-20-40: a verification request (核报) from the county duty office. */
export interface VerificationRequest {
  incidentId: string;
  requestId: string;
  question: string;
  writtenAnswerRequired: boolean;
  requestedAt: string;
  requestedBy: string;
  /** R-MEDIA: opened by a media item rather than by the duty office. */
  origin: 'duty-office' | 'media';
}

/** A unit's answer to a verification request. */
export interface VerificationAnswer {
  incidentId: string;
  requestId: string;
  answerId: string;
  channel: FirstReportChannel;
  answer: string;
  answeredAt: string;
  answeredBy?: Reporter;
  lateReason?: string;
  /** Who filed it (R-AUDIT actor), so whoever completes its settlement credits the filer. */
  filedBy: string;
}

/** R-INSTRUCTION-12H: a leader's instruction (批示) on an incident. */
export interface Instruction {
  incidentId: string;
  instructionId: string;
  leader: string;
  leaderLevel?: 'province' | 'city' | 'county';
  text: string;
  receivedAt: string;
  recordedAt: string;
}

/** A unit's feedback on a leader's instruction. */
export interface InstructionFeedback {
  incidentId: string;
  instructionId: string;
  feedbackId: string;
  text: string;
  measuresTaken?: string;
  filedAt: string;
  reporter?: Reporter;
  lateReason?: string;
  /** Who filed it (R-AUDIT actor), so whoever completes its settlement credits the filer. */
  filedBy: string;
}

// Crockford base32: no I, L, O, U, so an ID read aloud over the phone is not misheard.
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Characters of the ID alphabet: random, or — given a seed — derived from it, so a request
 * retried after a crash (same Idempotency-Key, so the same seed) names the same things again.
 */
export function randomIdPart(length: number, seed?: string): string {
  const bytes =
    seed === undefined ? randomBytes(length) : createHash('sha256').update(seed).digest().subarray(0, length);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % 32]).join('');
}

/**
 * A new incident ID: the local (Asia/Shanghai) date of receipt and six characters.
 * Also the name of the incident's Step Functions execution, so it is readable in the console.
 *
 * @example
 * ```ts
 * newIncidentId(new Date('2026-11-28T00:05:00Z')); // 'INC-20261128-7K3Q9P'
 * ```
 */
export function newIncidentId(receivedAt: Date, seed?: string): string {
  const localDate = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(receivedAt)
    .replaceAll('-', '');
  return `INC-${localDate}-${randomIdPart(6, seed === undefined ? undefined : `${seed}|INC`)}`;
}

/** A new report ID. */
export function newReportId(seed?: string): string {
  return `RPT-${randomIdPart(10, seed === undefined ? undefined : `${seed}|RPT`)}`;
}

/** A new ID for a verification request (VRQ), answer (ANS), instruction (INS) or feedback (FBK). */
export function newDocumentId(prefix: 'VRQ' | 'ANS' | 'INS' | 'FBK', seed?: string): string {
  return `${prefix}-${randomIdPart(8, seed === undefined ? undefined : `${seed}|${prefix}`)}`;
}

/** The incident execution's input: it starts with no follow-up yet, counted from the receipt. */
export function incidentExecutionInput(incident: Pick<Incident, 'incidentId' | 'receivedAt'>): IncidentExecutionInput {
  return { incidentId: incident.incidentId, followUp: { number: 0, dueAt: waitTimestamp(incident.receivedAt) } };
}

/** An obligation execution's input. */
export function obligationExecutionInput(obligation: Obligation): ObligationExecutionInput {
  return {
    incidentId: obligation.incidentId,
    obligationId: obligation.obligationId,
    // Whole seconds: a Wait truncates milliseconds (R-LIFECYCLE).
    dueAt: waitTimestamp(obligation.dueAt),
    ...(obligation.remindAt ? { remindAt: waitTimestamp(obligation.remindAt) } : {}),
  };
}

/**
 * The execution name of an obligation's watch: readable in the console and unique per
 * obligation, so starting it twice is harmless (Step Functions names allow `-` and `_`).
 *
 * @example
 * ```ts
 * obligationExecutionName({ incidentId: 'INC-20261128-7K3Q9P', obligationId: 'written-report' }); //
 * 'INC-20261128-7K3Q9P_written-report'
 * ```
 */
export function obligationExecutionName(obligation: Pick<Obligation, 'incidentId' | 'obligationId'>): string {
  return `${obligation.incidentId}_${obligation.obligationId}`;
}
