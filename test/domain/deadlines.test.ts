import {
  dueAfter,
  inPolicyTime,
  overdueAtStep,
  overdueBy,
  scaledMilliseconds,
  waitTimestamp,
} from '../../functions/domain/deadlines';
import { deadlineFor, nextEscalationOf } from '../../functions/domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';

describe('deadlines', () => {
  it("R-WRITTEN-30: the written report is due the policy's minutes after a phone report; at drill speed 1 they are real minutes", () => {
    // Prepare: the minutes come from policy.json (the notice's 30), so a change of policy changes the expectation
    const phoneReportAt = new Date('2026-11-28T00:05:00Z');
    const { dueMinutes } = defaultPolicy.obligations['written-report'];
    // Act
    const dueAt = dueAfter(phoneReportAt, dueMinutes, 1);
    const deadline = deadlineFor('written-report', phoneReportAt, defaultPolicy, 1);
    // Assess
    expect(dueAt.getTime() - phoneReportAt.getTime()).toBe(dueMinutes * 60_000);
    expect(deadline).toEqual(dueAt);
  });

  it("R-WRITTEN-30: another policy moves the written report's deadline with it, and a drill compresses it", () => {
    // Prepare
    const phoneReportAt = new Date('2026-11-28T00:05:00Z');
    const { dueMinutes } = defaultPolicy.obligations['written-report'];
    const longer: ReportingPolicy = {
      ...defaultPolicy,
      obligations: {
        ...defaultPolicy.obligations,
        'written-report': { ...defaultPolicy.obligations['written-report'], dueMinutes: dueMinutes + 15 },
      },
    };
    // Act
    const underLonger = deadlineFor('written-report', phoneReportAt, longer, 1);
    const inDrill = deadlineFor('written-report', phoneReportAt, defaultPolicy, 900);
    // Assess
    expect(underLonger.getTime() - phoneReportAt.getTime()).toBe((dueMinutes + 15) * 60_000);
    expect(inDrill.getTime() - phoneReportAt.getTime()).toBe(Math.round((dueMinutes * 60_000) / 900));
  });

  it('R-LIFECYCLE: a state machine waits until the next whole second at or after a time — a Wait truncates milliseconds, so it never wakes before dueAt', () => {
    expect(waitTimestamp('2026-11-28T00:35:00.001Z')).toBe('2026-11-28T00:35:01.000Z');
    expect(waitTimestamp('2026-11-28T00:35:00.999Z')).toBe('2026-11-28T00:35:01.000Z');
    expect(waitTimestamp('2026-11-28T00:35:00.000Z')).toBe('2026-11-28T00:35:00.000Z');
    expect(nextEscalationOf({ escalationStep: 2, repeat: 1, at: '2026-11-28T00:50:00.250Z' })).toEqual({
      escalationStep: 2,
      repeat: 1,
      at: '2026-11-28T00:50:01.000Z',
    });
    expect(nextEscalationOf(null)).toBeNull();
    // R-LADDER: the second a rounded-up Wait adds is not lateness; a step taken long after its time tells the real
    // lateness.
    const dueAt = new Date('2026-11-28T00:35:00.400Z');
    expect(overdueAtStep(dueAt, dueAt, new Date('2026-11-28T00:35:01.050Z'))).toBe(0);
    expect(overdueAtStep(dueAt, new Date('2026-11-28T00:50:00.400Z'), new Date('2026-11-28T00:50:01.000Z'))).toBe(
      900_000,
    );
    expect(overdueAtStep(dueAt, dueAt, new Date('2026-11-28T00:45:00.400Z'))).toBe(600_000);
  });

  it('DRILL_SPEED compresses a duration N times', () => {
    expect(scaledMilliseconds(30, 1)).toBe(1_800_000);
    expect(scaledMilliseconds(30, 900)).toBe(2_000);
    expect(scaledMilliseconds(0, 900)).toBe(0);
  });

  it('refuses a drill speed below 1 and negative minutes', () => {
    expect(() => scaledMilliseconds(30, 0.5)).toThrow(RangeError);
    expect(() => scaledMilliseconds(-1, 1)).toThrow(RangeError);
    expect(() => scaledMilliseconds(30, Number.NaN)).toThrow(RangeError);
    expect(() => scaledMilliseconds(-1, 1)).toThrow('minutes must be ≥ 0, got -1');
    expect(() => scaledMilliseconds(30, 0.5)).toThrow('drill speed must be ≥ 1, got 0.5');
  });

  it('overdueBy is zero before the deadline and grows after it', () => {
    const dueAt = new Date('2026-11-28T00:35:00Z');
    expect(overdueBy(dueAt, new Date('2026-11-28T00:34:00Z'))).toBe(0);
    expect(overdueBy(dueAt, new Date('2026-11-28T00:40:00Z'))).toBe(300_000);
  });

  it('R-LADDER: a duration a person reads is in policy time: a drill at speed N shows N times the real span', () => {
    expect(inPolicyTime(2_000, 900)).toBe(1_800_000);
    expect(inPolicyTime(89 * 3_600_000, 1)).toBe(89 * 3_600_000);
  });
});
