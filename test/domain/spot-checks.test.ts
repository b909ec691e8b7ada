import { defaultPolicy } from '../../functions/domain/policy';
import { spotCheckResult, startSpotCheck } from '../../functions/domain/spot-checks';

describe('R-SPOTCHECK: spot checks', () => {
  it("R-SPOTCHECK: a spot check is due the policy's minutes after it starts, compressed in a drill, with its note if any", () => {
    // Prepare
    const now = new Date('2026-11-28T00:00:00Z');
    const minutes = defaultPolicy.spotCheck.acknowledgeWithinMinutes;
    // Act
    const plain = startSpotCheck({
      unitId: 'example-town-a',
      startedBy: 'duty-officer:d-1',
      now,
      policy: defaultPolicy,
      drillSpeed: 1,
    });
    const drill = startSpotCheck({
      unitId: 'example-town-a',
      startedBy: 'duty-officer:d-1',
      now,
      policy: defaultPolicy,
      drillSpeed: 60,
      note: '夜间抽查',
    });
    // Assess
    expect(plain).toEqual({
      spotCheckId: expect.stringMatching(/^SPC-[0-9A-HJKMNP-TV-Z]{8}$/),
      unitId: 'example-town-a',
      startedAt: now.toISOString(),
      startedBy: 'duty-officer:d-1',
      dueAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
      policyVersion: defaultPolicy.version,
    });
    expect(Date.parse(drill.dueAt) - now.getTime()).toBe(minutes * 1_000);
    expect(drill.note).toBe('夜间抽查');
    expect(drill.spotCheckId).not.toBe(plain.spotCheckId);
  });

  it('R-SPOTCHECK: acknowledged at the deadline itself passes, a millisecond later misses; unacknowledged it is pending through the deadline', () => {
    // Prepare
    const spotCheck = { dueAt: '2026-11-28T00:10:00.000Z' };
    // Act, Assess
    expect(
      spotCheckResult({ ...spotCheck, acknowledgedAt: '2026-11-28T00:10:00.000Z' }, new Date('2026-11-28T01:00:00Z')),
    ).toBe('passed');
    expect(
      spotCheckResult({ ...spotCheck, acknowledgedAt: '2026-11-28T00:10:00.001Z' }, new Date('2026-11-28T01:00:00Z')),
    ).toBe('missed');
    expect(spotCheckResult(spotCheck, new Date('2026-11-28T00:10:00.000Z'))).toBe('pending');
    expect(spotCheckResult(spotCheck, new Date('2026-11-28T00:10:00.001Z'))).toBe('missed');
  });
});
