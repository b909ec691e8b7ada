import { dueAfter } from './deadlines';
import { ObligationTransitionError } from './errors';
import { ladderStep, type ReportingPolicy } from './policy';

/** What a unit owes. The skeleton knows the written report after a phone first report. */
export type ObligationKind = 'written-report';

/**
 * - `pending`: not yet due, not yet filed.
 * - `overdue`: the deadline passed with nothing filed; escalation has started.
 * - `met`: filed at or before the deadline.
 * - `late`: filed after the deadline (R-LIFECYCLE: "met, late, or missed, and the record says which and when").
 */
export type ObligationStatus = 'pending' | 'overdue' | 'met' | 'late';

/** A deadline a unit must meet, with the policy version that set it. */
export interface Obligation {
  incidentId: string;
  obligationId: string;
  kind: ObligationKind;
  unitId: string;
  status: ObligationStatus;
  openedAt: string;
  dueAt: string;
  /** When the first ladder step fires if the obligation is still open (R-LADDER). */
  firstEscalationAt: string;
  /** When the document that met the obligation was filed (set for `met` and `late`). */
  metAt?: string;
  /** The report that met it. */
  metByReportId?: string;
  policyVersion: string;
  drillSpeed: number;
}

export interface OpenWrittenReportInput {
  incidentId: string;
  unitId: string;
  /** When the phone first report was received. */
  phoneReportAt: Date;
  policy: ReportingPolicy;
  drillSpeed: number;
}

/**
 * R-WRITTEN-30: a first report by phone opens the written-report obligation, due the policy's
 * minutes (30 by default, divided by the drill speed) after the phone report.
 *
 * @example
 * ```ts
 * const obligation = openWrittenReportObligation({ incidentId: 'INC-…', unitId: 'gaosheng-zone',
 *   phoneReportAt: new Date('2026-11-28T00:05:00Z'), policy: defaultPolicy, drillSpeed: 1 });
 * obligation.dueAt; // '2026-11-28T00:35:00.000Z'
 * ```
 */
export function openWrittenReportObligation(input: OpenWrittenReportInput): Obligation {
  const { incidentId, unitId, phoneReportAt, policy, drillSpeed } = input;
  const dueAt = dueAfter(phoneReportAt, policy.writtenReport.dueMinutesAfterPhoneReport, drillSpeed);
  const firstEscalationAt = dueAfter(dueAt, ladderStep(policy, 1).delayMinutesAfterDue, drillSpeed);
  return {
    incidentId,
    obligationId: 'written-report',
    kind: 'written-report',
    unitId,
    status: 'pending',
    openedAt: phoneReportAt.toISOString(),
    dueAt: dueAt.toISOString(),
    firstEscalationAt: firstEscalationAt.toISOString(),
    policyVersion: policy.version,
    drillSpeed,
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
export function settle(obligation: Pick<Obligation, 'status' | 'dueAt' | 'obligationId'>, filedAt: Date): 'met' | 'late' {
  if (!isOpen(obligation.status)) {
    throw new ObligationTransitionError(`Obligation ${obligation.obligationId} is already ${obligation.status}`);
  }
  return filedAt.getTime() <= Date.parse(obligation.dueAt) ? 'met' : 'late';
}

/**
 * R-WRITTEN-30: what the deadline check does to an obligation at time `now`.
 * `overdue` when still pending at or past its due time; otherwise unchanged.
 */
export function statusAtDeadline(obligation: Pick<Obligation, 'status' | 'dueAt'>, now: Date): ObligationStatus {
  if (obligation.status === 'pending' && now.getTime() >= Date.parse(obligation.dueAt)) return 'overdue';
  return obligation.status;
}
