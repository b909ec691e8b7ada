/**
 * Deadline arithmetic (R-WRITTEN-30, R-LADDER). Pure: no clock, no AWS.
 *
 * A drill speed N compresses every configured duration N times, so a 30-minute deadline is
 * due after 2 seconds at N = 900: drills and demos run the real rules faster.
 */

export const MILLISECONDS_PER_MINUTE = 60_000;

/**
 * The real duration of a configured number of minutes under a drill speed.
 *
 * @example
 * ```ts
 * scaledMilliseconds(30, 1);   // 1_800_000
 * scaledMilliseconds(30, 900); // 2_000
 * ```
 */
export function scaledMilliseconds(minutes: number, drillSpeed: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be ≥ 0, got ${minutes}`);
  if (!Number.isFinite(drillSpeed) || drillSpeed < 1)
    throw new RangeError(`drill speed must be ≥ 1, got ${drillSpeed}`);
  return Math.round((minutes * MILLISECONDS_PER_MINUTE) / drillSpeed);
}

/**
 * The instant `minutes` (scaled by the drill speed) after `from`.
 *
 * @example
 * ```ts
 * dueAfter(new Date('2026-11-28T00:05:00Z'), 30, 1).toISOString(); // '2026-11-28T00:35:00.000Z'
 * ```
 */
export function dueAfter(from: Date, minutes: number, drillSpeed: number): Date {
  return new Date(from.getTime() + scaledMilliseconds(minutes, drillSpeed));
}

/**
 * The time a state machine waits until for `at` (R-LIFECYCLE): the next whole second at or after it.
 * A Step Functions Wait truncates its timestamp to the second, so a Wait on `at` itself could end
 * up to 999 ms early, and the deadline check would escalate a unit that still had time to file.
 *
 * @example
 * ```ts
 * waitTimestamp('2026-11-28T00:35:00.001Z'); // '2026-11-28T00:35:01.000Z'
 * waitTimestamp('2026-11-28T00:35:00.000Z'); // '2026-11-28T00:35:00.000Z'
 * ```
 */
export function waitTimestamp(at: string): string {
  return new Date(Math.ceil(Date.parse(at) / 1000) * 1000).toISOString();
}

/**
 * How overdue a step scheduled at `scheduledAt` and taken at `now` says the document is. A step
 * taken within two seconds of its time was on time: the Wait's rounding up (`waitTimestamp`) and
 * the task's start are not the unit's lateness — in a drill at speed 300 that second would read
 * as "5 minutes overdue". A step taken later (after a restart) tells the real lateness.
 */
export function overdueAtStep(dueAt: Date, scheduledAt: Date, now: Date): number {
  return overdueBy(dueAt, now.getTime() - scheduledAt.getTime() < 2000 ? scheduledAt : now);
}

/** How long past `dueAt` the instant `now` is; 0 when not yet due. */
export function overdueBy(dueAt: Date, now: Date): number {
  return Math.max(0, now.getTime() - dueAt.getTime());
}

/**
 * A real span in the policy's time: in a drill at speed N, N times as long, so that "+30 min" on
 * the ladder reads as 30 minutes wherever a person reads a duration — the SMS, the e-mail, the
 * console's countdowns, the evaluation's delays. Every duration shown goes through here.
 *
 * @example
 * ```ts
 * inPolicyTime(2_000, 900); // 1_800_000 (2 s of a drill at 900 is 30 policy minutes)
 * ```
 */
export function inPolicyTime(realMilliseconds: number, drillSpeed: number): number {
  return realMilliseconds * drillSpeed;
}
