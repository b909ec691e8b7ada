import { dueAfter } from './deadlines';
import { randomIdPart } from './incident';
import type { ReportingPolicy } from './policy';

/**
 * R-SPOTCHECK (clause 四(五) 值班抽查): the duty office checks that a unit's duty post answers.
 * A spot check has no escalation ladder on purpose — it measures whether the duty post is
 * staffed, and reminding it first would measure nothing.
 */
export interface SpotCheck {
  spotCheckId: string;
  unitId: string;
  startedAt: string;
  startedBy: string;
  dueAt: string;
  note?: string;
  /** The code the unit replies with by SMS, and when that SMS went out (or why it did not). */
  code?: string;
  notifiedAt?: string;
  notificationError?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** Who answered, as the token said (R-AUDIT). */
  acknowledgedByActor?: string;
  policyVersion: string;
}

/**
 * `passed`: acknowledged in time; `missed`: not acknowledged in time (a late acknowledgement is still a miss);
 * `pending`: still waiting.
 */
export type SpotCheckResult = 'pending' | 'passed' | 'missed';

/**
 * A new spot check on a unit, due the policy's minutes from now. Given the request's `seed`, its ID
 * derives from it, so a request run again names the same check (and its SMS is claimed once).
 */
export function startSpotCheck(input: {
  unitId: string;
  startedBy: string;
  now: Date;
  policy: ReportingPolicy;
  drillSpeed: number;
  note?: string;
  seed?: string;
}): SpotCheck {
  return {
    spotCheckId: `SPC-${randomIdPart(8, input.seed === undefined ? undefined : `${input.seed}|SPC`)}`,
    unitId: input.unitId,
    startedAt: input.now.toISOString(),
    startedBy: input.startedBy,
    dueAt: dueAfter(input.now, input.policy.spotCheck.acknowledgeWithinMinutes, input.drillSpeed).toISOString(),
    ...(input.note ? { note: input.note } : {}),
    policyVersion: input.policy.version,
  };
}

/** R-SPOTCHECK: its SMS is still worth sending (held back for a digest) while the check is unanswered. */
export function awaitsAnswer(spotCheck: Pick<SpotCheck, 'acknowledgedAt'> | undefined): boolean {
  return spotCheck !== undefined && !spotCheck.acknowledgedAt;
}

/**
 * R-SPOTCHECK: the result of a spot check at `now`.
 *
 * @example
 * ```ts
 * spotCheckResult({ dueAt: '2026-11-28T00:10:00Z', acknowledgedAt: '2026-11-28T00:04:00Z' }, new Date()); // 'passed'
 * spotCheckResult({ dueAt: '2026-11-28T00:10:00Z' }, new Date('2026-11-28T00:11:00Z'));                 // 'missed'
 * ```
 */
export function spotCheckResult(spotCheck: Pick<SpotCheck, 'dueAt' | 'acknowledgedAt'>, now: Date): SpotCheckResult {
  const due = Date.parse(spotCheck.dueAt);
  if (spotCheck.acknowledgedAt) return Date.parse(spotCheck.acknowledgedAt) <= due ? 'passed' : 'missed';
  return now.getTime() > due ? 'missed' : 'pending';
}
