import policyConfiguration from '../config/policy.json' with { type: 'json' };

/** Who a ladder step notifies (R-LADDER). The skeleton knows the first step only. */
export type LadderAudience = 'unit-duty-contact';

export interface LadderStep {
  /** 1-based position on the ladder. */
  step: number;
  audience: LadderAudience;
  /** Minutes after the obligation's due time at which this step fires. */
  delayMinutesAfterDue: number;
}

/**
 * The reporting rules in force: deadlines and the escalation ladder. Configuration, never
 * constants in code (REQUIREMENTS.md: "Numbers are the notice's defaults").
 */
export interface ReportingPolicy {
  /** Recorded on every obligation, so a later policy change never moves an open deadline. */
  version: string;
  timeZone: string;
  writtenReport: { dueMinutesAfterPhoneReport: number };
  ladder: LadderStep[];
}

/** The policy shipped in `functions/config/policy.json`. */
export const defaultPolicy: ReportingPolicy = policyConfiguration as ReportingPolicy;

/** The ladder step with the given number, or an error naming the configuration. */
export function ladderStep(policy: ReportingPolicy, step: number): LadderStep {
  const found = policy.ladder.find((candidate) => candidate.step === step);
  if (!found) throw new RangeError(`Policy ${policy.version} has no ladder step ${step}`);
  return found;
}
