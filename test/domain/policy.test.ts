import { ConfigurationError } from '../../functions/domain/errors';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import policyConfiguration from '../../functions/config/policy.json';

describe('the reporting policy (functions/config/policy.json)', () => {
  it('the shipped policy is valid, and loading it keeps every number it sets', () => {
    // Act
    const parsed = parsePolicy(structuredClone(policyConfiguration));
    // Assess
    expect(parsed).toEqual(defaultPolicy);
    expect(parsed.obligations['written-report'].dueMinutes).toBe(
      policyConfiguration.obligations['written-report'].dueMinutes,
    );
    expect(parsed.ladders.default).toEqual(policyConfiguration.ladders.default);
  });

  it('R-WRITTEN-30, R-LADDER: a malformed deadline or ladder fails when the policy is loaded, naming each bad entry by its path', () => {
    // Prepare
    const broken = structuredClone(policyConfiguration) as unknown as {
      obligations: Record<string, { dueMinutes: unknown }>;
      ladders: { default: { delayMinutesAfterDue: number }[] };
    };
    broken.obligations['written-report'].dueMinutes = '30';
    broken.ladders.default[1].delayMinutesAfterDue = broken.ladders.default[0].delayMinutesAfterDue;
    // Act
    const load = () => parsePolicy(broken);
    // Assess
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/obligations\.written-report\.dueMinutes: /);
    expect(load).toThrow(/ladders\.default: Each step fires after the one before/);
  });

  it('R-FOLLOWUP: a severity without a follow-up cadence (not even null) is refused, not read as "no follow-ups"', () => {
    // Prepare
    const broken = structuredClone(policyConfiguration) as unknown as {
      obligations: { 'follow-up': { dueMinutesBySeverity: Record<string, unknown> } };
    };
    delete broken.obligations['follow-up'].dueMinutesBySeverity.major;
    // Act / Assess
    expect(() => parsePolicy(broken)).toThrow(/obligations\.follow-up\.dueMinutesBySeverity\.major/);
  });
});
