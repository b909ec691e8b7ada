import { dueAfter, waitTimestamp } from './deadlines';
import { ObligationTransitionError } from './errors';
import {
  ladderFor,
  remindersEnabledFor,
  type DeadlineKind,
  type LadderAudience,
  type LadderStep,
  type ReportingPolicy,
} from './policy';
import type { UnitKind } from './directory';
import type { VerificationRequest } from './incident';
import type { NewAuditEvent } from './audit-chain';

/**
 * What a unit owes, one kind per clause of the notice:
 * - `written-report` (R-WRITTEN-30), `follow-up` (R-FOLLOWUP),
 * - `verification-phone` / `verification-written` (R-VERIFY-20-40, R-MEDIA),
 * - `instruction-feedback` (R-INSTRUCTION-12H).
 */
export const OBLIGATION_KINDS = [
  'written-report',
  'follow-up',
  'verification-phone',
  'verification-written',
  'instruction-feedback',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/**
 * - `pending`: not yet due, not yet filed.
 * - `overdue`: the deadline passed with nothing filed; escalation has started.
 * - `met`: filed at or before the deadline.
 * - `late`: filed after the deadline (R-LIFECYCLE: "met, late, or missed, and the record says which and when").
 * - `closed`: the final report closed the incident while it was still owed; `closedWhile` keeps
 *   the state it was in (R-EVAL: an overdue one counts as missed, a pending one as not due).
 */
export type ObligationStatus = 'pending' | 'overdue' | 'met' | 'late' | 'closed';

/** One sending of one ladder step: `repeat` 0 is the step itself, 1… its repeats (R-LADDER). */
export interface EscalationRound {
  escalationStep: number;
  repeat: number;
  audience: LadderAudience;
  at: string;
}

/** What opened an obligation besides the first report. */
export interface ObligationOrigin {
  verificationRequestId?: string;
  instructionId?: string;
  followUpNumber?: number;
  /** R-MEDIA: opened by an item found in the media or online. */
  source?: 'media';
}

/** A deadline a unit must meet, with its whole escalation schedule and the policy version that set both. */
export interface Obligation {
  incidentId: string;
  obligationId: string;
  kind: ObligationKind;
  unitId: string;
  status: ObligationStatus;
  openedAt: string;
  dueAt: string;
  /** When the unit is reminded, if it is (before `dueAt`). */
  remindAt?: string;
  /** R-LADDER: every escalation round, fixed when the obligation opens. */
  escalationSchedule: EscalationRound[];
  origin?: ObligationOrigin;
  /** When the document that met the obligation was filed (set for `met` and `late`). */
  metAt?: string;
  /** The report, answer or feedback that met it. */
  metByDocumentId?: string;
  /** 迟报原因: why it was late, as the unit gave it. */
  lateReason?: string;
  /** R-LIFECYCLE: set for `closed` — when the final report closed it, which report, and the state it was in. */
  closedAt?: string;
  closedByDocumentId?: string;
  closedWhile?: 'pending' | 'overdue';
  policyVersion: string;
  drillSpeed: number;
}

/**
 * R-LADDER: the escalation rounds of a ladder for a deadline. Each step fires its delay after
 * the deadline; a step with `repeatEveryMinutes` is sent again that often until the next step
 * fires (the last step does not repeat: there is nobody above it to wait for).
 *
 * @example
 * ```ts
 * escalationSchedule(defaultPolicy.ladders.default, new Date('2026-11-28T00:35:00Z'), 1).map((round) =>
 * [round.escalationStep, round.repeat]);
 * // [[1, 0], [1, 1], [2, 0], [2, 1], [3, 0]]
 * ```
 */
export function escalationSchedule(ladder: LadderStep[], dueAt: Date, drillSpeed: number): EscalationRound[] {
  const steps = [...ladder].sort((a, b) => a.step - b.step);
  const rounds: EscalationRound[] = [];
  steps.forEach((step, index) => {
    const start = dueAfter(dueAt, step.delayMinutesAfterDue, drillSpeed);
    rounds.push({ escalationStep: step.step, repeat: 0, audience: step.audience, at: start.toISOString() });
    const next = steps[index + 1];
    if (!next || !step.repeatEveryMinutes) return;
    const nextStart = dueAfter(dueAt, next.delayMinutesAfterDue, drillSpeed).getTime();
    for (let repeat = 1; ; repeat += 1) {
      const at = dueAfter(start, step.repeatEveryMinutes * repeat, drillSpeed);
      if (at.getTime() >= nextStart) break;
      rounds.push({ escalationStep: step.step, repeat, audience: step.audience, at: at.toISOString() });
    }
  });
  return rounds;
}

/** The round a state machine waits for next: its step, its repeat and a whole-second time to wait until. */
export type NextEscalation = Pick<EscalationRound, 'escalationStep' | 'repeat' | 'at'> | null;

/** A round as the state machine waits for it (`waitTimestamp`), or null. */
export function nextEscalationOf(
  round: Pick<EscalationRound, 'escalationStep' | 'repeat' | 'at'> | null | undefined,
): NextEscalation {
  return round ? { escalationStep: round.escalationStep, repeat: round.repeat, at: waitTimestamp(round.at) } : null;
}

/** The round after `current` (or the first one), or null when the ladder is exhausted. */
export function nextEscalationRound(
  obligation: Pick<Obligation, 'escalationSchedule'>,
  current?: { escalationStep: number; repeat: number },
): EscalationRound | null {
  if (!current) return obligation.escalationSchedule[0] ?? null;
  const index = obligation.escalationSchedule.findIndex(
    (round) => round.escalationStep === current.escalationStep && round.repeat === current.repeat,
  );
  return index < 0 ? null : (obligation.escalationSchedule[index + 1] ?? null);
}

/** The scheduled round for a step and repeat, or undefined. */
export function escalationRound(
  obligation: Pick<Obligation, 'escalationSchedule'>,
  escalationStep: number,
  repeat: number,
): EscalationRound | undefined {
  return obligation.escalationSchedule.find(
    (round) => round.escalationStep === escalationStep && round.repeat === repeat,
  );
}

/**
 * The deadline the policy sets for a kind of obligation, from when its window opens:
 * R-WRITTEN-30 (30 min after the phone report), R-VERIFY-20-40 (20 / 40 min after the request),
 * R-INSTRUCTION-12H (12 h after the instruction was received).
 */
export function deadlineFor(
  kind: DeadlineKind,
  windowOpensAt: Date,
  policy: ReportingPolicy,
  drillSpeed: number,
): Date {
  return dueAfter(windowOpensAt, policy.obligations[kind].dueMinutes, drillSpeed);
}

export interface OpenObligationInput {
  incidentId: string;
  obligationId: string;
  kind: ObligationKind;
  unit: { unitId: string; kind: UnitKind };
  /** When the window opened (the phone report, the request, the instruction's receipt). */
  openedAt: Date;
  dueAt: Date;
  /** Now: a reminder that would already be past is not scheduled. */
  now: Date;
  policy: ReportingPolicy;
  drillSpeed: number;
  origin?: ObligationOrigin;
}

/**
 * Opens an obligation: its deadline, its reminder (R-LADDER: when the configured fraction of
 * the window has passed, unless the unit has reminders off) and its escalation schedule from
 * the unit's ladder, all fixed now under the policy's version — a later policy change never
 * moves them. An obligation that opens already overdue escalates from now: step 1 at once, each
 * later step its configured delay after that, never the whole ladder in one go.
 *
 * @example
 * ```ts
 * const phoneReportAt = new Date('2026-11-28T00:05:00Z');
 * const obligation = openObligation({ incidentId: 'INC-…', obligationId: 'written-report', kind: 'written-report',
 *   unit: { unitId: 'gaosheng-zone', kind: 'zone' }, openedAt: phoneReportAt, now: phoneReportAt,
 *   dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1), policy: defaultPolicy, drillSpeed: 1 });
 * obligation.dueAt;    // '2026-11-28T00:35:00.000Z'
 * obligation.remindAt; // '2026-11-28T00:25:00.000Z' (two thirds of the window)
 * ```
 */
export function openObligation(input: OpenObligationInput): Obligation {
  const { incidentId, obligationId, kind, unit, openedAt, dueAt, now, policy, drillSpeed, origin } = input;
  const window = dueAt.getTime() - openedAt.getTime();
  const fractionReminder = new Date(openedAt.getTime() + Math.round(window * policy.reminder.atFractionOfWindow));
  // R-INSTRUCTION-12H: feedback is due "in principle the same day": remind at the end of the office day if that comes
  // first.
  const sameDay =
    kind === 'instruction-feedback' && drillSpeed === 1
      ? sameDayReminder(openedAt, policy.obligations['instruction-feedback'].sameDayReminderLocalTime)
      : undefined;
  const remindAt =
    sameDay && sameDay.getTime() > now.getTime() && sameDay.getTime() < fractionReminder.getTime()
      ? sameDay
      : fractionReminder;
  const remind = remindersEnabledFor(policy, unit.unitId) && window > 0 && remindAt.getTime() > now.getTime();
  return {
    incidentId,
    obligationId,
    kind,
    unitId: unit.unitId,
    status: 'pending',
    openedAt: openedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    ...(remind ? { remindAt: remindAt.toISOString() } : {}),
    // R-LADDER: a deadline already past when it opens (an instruction received hours ago) starts at step 1 now, and the
    // later steps keep their spacing from now.
    escalationSchedule: escalationSchedule(
      ladderFor(policy, unit),
      new Date(Math.max(dueAt.getTime(), now.getTime())),
      drillSpeed,
    ),
    ...(origin ? { origin } : {}),
    policyVersion: policy.version,
    drillSpeed,
  };
}

/**
 * The configured local time (`HH:mm`, Asia/Shanghai) on the local day of `from`, or undefined
 * when not configured or already past at `from`.
 *
 * @example
 * ```ts
 * sameDayReminder(new Date('2026-11-28T06:00:00Z'), '17:00')?.toISOString(); // '2026-11-28T09:00:00.000Z' (17:00
 * Beijing)
 * ```
 */
export function sameDayReminder(from: Date, localTime: string | undefined): Date | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(localTime ?? '');
  if (!match) return undefined;
  const beijingOffsetMs = 8 * 3_600_000; // Asia/Shanghai has no daylight saving time.
  const localMidnight = Math.floor((from.getTime() + beijingOffsetMs) / 86_400_000) * 86_400_000 - beijingOffsetMs;
  const at = new Date(localMidnight + (Number(match[1]) * 60 + Number(match[2])) * 60_000);
  return at.getTime() > from.getTime() ? at : undefined;
}

/** R-AUDIT: the `obligation-opened` event: when it is due, and under which policy version. */
export function obligationOpenedEvent(obligation: Obligation, actor: string, now: Date): NewAuditEvent {
  return {
    incidentId: obligation.incidentId,
    at: now.toISOString(),
    type: 'obligation-opened',
    actor,
    unitId: obligation.unitId,
    detail: {
      obligationId: obligation.obligationId,
      kind: obligation.kind,
      openedAt: obligation.openedAt,
      dueAt: obligation.dueAt,
      remindAt: obligation.remindAt,
      policyVersion: obligation.policyVersion,
    },
  };
}

/** True while the obligation still waits for its document (pending or overdue). */
export function isOpen(status: ObligationStatus): boolean {
  return status === 'pending' || status === 'overdue';
}

/**
 * R-LIFECYCLE: the status a document filed at `filedAt` gives an open obligation —
 * `met` at or before `dueAt`, `late` after it.
 *
 * @throws {ObligationTransitionError} when the obligation is already met or late.
 */
export function settle(
  obligation: Pick<Obligation, 'status' | 'dueAt' | 'obligationId'>,
  filedAt: Date,
): 'met' | 'late' {
  if (!isOpen(obligation.status)) {
    throw new ObligationTransitionError(`Obligation ${obligation.obligationId} is already ${obligation.status}`);
  }
  return filedAt.getTime() <= Date.parse(obligation.dueAt) ? 'met' : 'late';
}

/**
 * R-VERIFY-20-40: what a verification request opens — `<requestId>-phone`, due 20 minutes after
 * the request, and, when a written answer is asked for, `<requestId>-written`, due 40 minutes
 * after it (R-MEDIA: a media item's request opens the phone answer, due like any other).
 */
export function verificationObligations(
  request: Pick<VerificationRequest, 'incidentId' | 'requestId' | 'requestedAt' | 'writtenAnswerRequired'> & {
    origin?: 'duty-office' | 'media';
  },
  unit: { unitId: string; kind: UnitKind },
  policy: ReportingPolicy,
  drillSpeed: number,
  now: Date,
): Obligation[] {
  const requestedAt = new Date(request.requestedAt);
  const kinds = request.writtenAnswerRequired
    ? (['verification-phone', 'verification-written'] as const)
    : (['verification-phone'] as const);
  return kinds.map((kind) =>
    openObligation({
      incidentId: request.incidentId,
      obligationId: `${request.requestId}-${kind === 'verification-phone' ? 'phone' : 'written'}`,
      kind,
      unit,
      openedAt: requestedAt,
      now,
      dueAt: deadlineFor(kind, requestedAt, policy, drillSpeed),
      policy,
      drillSpeed,
      origin: {
        verificationRequestId: request.requestId,
        ...(request.origin === 'media' ? { source: 'media' as const } : {}),
      },
    }),
  );
}

/**
 * R-LIFECYCLE: the obligations a written or follow-up report meets — the written report owed
 * after a phone first report (R-WRITTEN-30), or the earliest follow-up report owed (R-FOLLOWUP).
 * (The final report settles everything still owed: `finalReportSettlements`.)
 */
export function obligationsMetByReport(kind: 'written' | 'follow-up', obligations: Obligation[]): Obligation[] {
  const open = obligations.filter((obligation) => isOpen(obligation.status));
  if (kind === 'written') return open.filter((obligation) => obligation.kind === 'written-report');
  return open
    .filter((obligation) => obligation.kind === 'follow-up')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .slice(0, 1);
}

/** What the final report does to one obligation still open (R-LIFECYCLE). */
export type FinalReportSettlement =
  | { obligation: Obligation; outcome: 'filed' }
  | { obligation: Obligation; outcome: 'closed'; closedWhile: 'pending' | 'overdue' };

/**
 * R-LIFECYCLE: the final report settles every obligation still open. It is complete by rule, so
 * it is the written report still owed and every follow-up still owed (met or late, like any
 * report); whatever else is owed — a verification answer, instruction feedback — is `closed`
 * in the state it was in, and its watch has nothing left to do.
 *
 * @example
 * ```ts
 * finalReportSettlements([writtenReport, phoneVerification]).map((settlement) => settlement.outcome); // ['filed',
 * 'closed']
 * ```
 */
export function finalReportSettlements(obligations: Obligation[]): FinalReportSettlement[] {
  return obligations
    .filter((obligation) => isOpen(obligation.status))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((obligation): FinalReportSettlement =>
      obligation.kind === 'written-report' || obligation.kind === 'follow-up'
        ? { obligation, outcome: 'filed' }
        : { obligation, outcome: 'closed', closedWhile: obligation.status === 'overdue' ? 'overdue' : 'pending' },
    );
}

/**
 * R-LIFECYCLE: what the deadline check does to an obligation at time `now`.
 * `overdue` when still pending at or past its due time; otherwise unchanged.
 */
export function statusAtDeadline(obligation: Pick<Obligation, 'status' | 'dueAt'>, now: Date): ObligationStatus {
  if (obligation.status === 'pending' && now.getTime() >= Date.parse(obligation.dueAt)) return 'overdue';
  return obligation.status;
}
