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

describe('the reporting policy schema refuses what would break a deadline at 3 a.m.', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a policy edited field by field to break it
  type Editable = Record<string, any>;
  const policyWith = (edit: (policy: Editable) => void): unknown => {
    const policy = structuredClone(policyConfiguration) as Editable;
    edit(policy);
    return policy;
  };

  it.each(['24:00', '8:30', '18:30x', 'x18:30', '18:60'])(
    'R-INSTRUCTION-12H: a same-day reminder at %p is not a local time hh:mm',
    (time) => {
      // Prepare
      const broken = policyWith(
        (policy) => (policy.obligations['instruction-feedback'].sameDayReminderLocalTime = time),
      );
      // Act / Assess
      expect(() => parsePolicy(broken)).toThrow(
        /^The reporting policy is invalid: obligations\.instruction-feedback\.sameDayReminderLocalTime: A local time hh:mm$/,
      );
    },
  );

  it.each(['00:00', '09:59', '17:30', '23:59'])('R-INSTRUCTION-12H: %p is a local time', (time) => {
    // Act / Assess
    expect(
      parsePolicy(policyWith((policy) => (policy.obligations['instruction-feedback'].sameDayReminderLocalTime = time)))
        .obligations['instruction-feedback'].sameDayReminderLocalTime,
    ).toBe(time);
  });

  it('R-LADDER: ladder steps numbered out of order are refused, by name', () => {
    // Prepare
    const broken = policyWith((policy) => (policy.ladders.default[1].step = 3));
    // Act / Assess
    expect(() => parsePolicy(broken)).toThrow(/ladders\.default: Steps are numbered 1, 2, 3… in order/);
  });

  it.each(['town', 'department', 'park', 'zone', 'duty-office', 'enterprise'])(
    'R-LADDER: a ladder for the unit kind %p is accepted; an unknown kind is not',
    (kind) => {
      // Prepare
      const ladder = structuredClone(policyConfiguration.ladders.default);
      // Act
      const parsed = parsePolicy(policyWith((policy) => (policy.ladders.byUnitKind = { [kind]: ladder })));
      // Assess
      expect(parsed.ladders.byUnitKind[kind as keyof typeof parsed.ladders.byUnitKind]).toEqual(ladder);
      expect(() => parsePolicy(policyWith((policy) => (policy.ladders.byUnitKind = { village: ladder })))).toThrow(
        /ladders\.byUnitKind: /,
      );
    },
  );

  it.each([
    ['smsRateLimit', 'minSecondsBetweenPerRecipient'],
    ['sweep', 'graceSecondsAfterDue'],
    ['sweep', 'lookBackMinutes'],
    ['acknowledgement', 'maxUnknownCodesPerWindow'],
  ])('R-LADDER: %s.%s must be a number', (section, setting) => {
    // Prepare
    const broken = policyWith((policy) => (policy[section][setting] = 'soon'));
    // Act / Assess
    expect(() => parsePolicy(broken)).toThrow(new RegExp(`${section}\\.${setting}: `));
  });
});
