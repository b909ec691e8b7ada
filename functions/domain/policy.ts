import policyConfiguration from '../config/policy.json' with { type: 'json' };
import type { UnitKind } from './directory';
import type { Severity } from './incident';

/**
 * Who a ladder step notifies (R-LADDER):
 * - `unit-duty-contact`, `unit-principal-leader`: the responsible unit's own people;
 * - `local-government`: for an enterprise, the town, park or zone it reports to (R-ENTERPRISE);
 * - `county-duty-offices-and-leadership`: the county government duty office and its leader,
 *   always together with the county party committee duty office (R-DUAL).
 */
export const LADDER_AUDIENCES = ['unit-duty-contact', 'unit-principal-leader', 'local-government', 'county-duty-offices-and-leadership'] as const;
export type LadderAudience = (typeof LADDER_AUDIENCES)[number];

export interface LadderStep {
  /** 1-based position on the ladder. */
  step: number;
  audience: LadderAudience;
  /** Minutes after the obligation's due time at which this step fires. */
  delayMinutesAfterDue: number;
  /** Send the step again this often until someone acknowledges it or the next step fires. */
  repeatEveryMinutes?: number;
}

/** The kinds of deadline a unit can owe, each set by one clause of the notice. */
export type DeadlineKind = 'written-report' | 'verification-phone' | 'verification-written' | 'instruction-feedback';

interface ClauseCitation {
  requirement: string;
  clause: string;
}

/**
 * The reporting rules in force: deadlines, ladders, reminders and routing. Configuration,
 * never constants in code (REQUIREMENTS.md: "Numbers are the notice's defaults"); each number
 * sits beside the clause of the notice it comes from, in `functions/config/policy.json`.
 */
export interface ReportingPolicy {
  /** Recorded on every obligation, so a later policy change never moves an open deadline. */
  version: string;
  timeZone: string;
  obligations: Record<DeadlineKind, { dueMinutes: number; sameDayReminderLocalTime?: string } & ClauseCitation> & {
    'follow-up': { dueMinutesBySeverity: Record<Severity, number | null> } & ClauseCitation;
  };
  media: { verificationObligation: 'verification-phone' } & ClauseCitation;
  spotCheck: { acknowledgeWithinMinutes: number } & ClauseCitation;
  /** R-EVAL: a unit's first report is on time within this many minutes of the incident occurring (首报时效). */
  evaluation: { firstReportOnTimeMinutes: number } & ClauseCitation;
  reminder: { atFractionOfWindow: number; disabledForUnits: string[] };
  /** At most one SMS per recipient in this many seconds; the rest are merged into one. */
  smsRateLimit: { minSecondsBetweenPerRecipient: number };
  /** R-LADDER: an obligation still pending this long after its deadline has lost its watch; the sweep starts one. */
  sweep: { graceSecondsAfterDue: number; lookBackMinutes: number };
  /** R-LADDER: a number replying this many unknown codes within the window is ignored for a while. */
  acknowledgement: { maxUnknownCodesPerWindow: number; windowMinutes: number; blockMinutes: number };
  ladders: {
    default: LadderStep[];
    byUnitKind: Partial<Record<UnitKind, LadderStep[]>>;
    byUnit: Record<string, LadderStep[]>;
  };
  routing: {
    directCity: { severities: Severity[]; deathsAtLeast: number; injuredAtLeast: number; missingAtLeast: number; notifyUnits: string[] } & ClauseCitation;
    dual: { countyGovernmentDutyOffice: string; countyPartyDutyOffice: string } & ClauseCitation;
    enterprise: { hazardFlags: string[]; notifyUnits: string[] } & ClauseCitation;
    horizontal: { departmentsByCategory: Record<string, string[]> } & ClauseCitation;
  };
}

/** The policy shipped in `functions/config/policy.json`. */
export const defaultPolicy: ReportingPolicy = policyConfiguration as ReportingPolicy;

/**
 * R-LADDER: the ladder for a unit — its own override, else its kind's, else the default.
 *
 * @example
 * ```ts
 * ladderFor(defaultPolicy, { unitId: 'gaosheng-zone', kind: 'zone' }).map((step) => step.audience);
 * // ['unit-duty-contact', 'unit-principal-leader', 'county-duty-offices-and-leadership']
 * ```
 */
export function ladderFor(policy: ReportingPolicy, unit: { unitId: string; kind: UnitKind }): LadderStep[] {
  return policy.ladders.byUnit[unit.unitId] ?? policy.ladders.byUnitKind[unit.kind] ?? policy.ladders.default;
}

/** R-FOLLOWUP: minutes between follow-up reports at this severity, or null when none are due. */
export function followUpCadenceMinutes(policy: ReportingPolicy, severity: Severity): number | null {
  return policy.obligations['follow-up'].dueMinutesBySeverity[severity] ?? null;
}

/** Whether the unit gets a reminder before its deadlines (R-LADDER; off per unit). */
export function remindersEnabledFor(policy: ReportingPolicy, unitId: string): boolean {
  return !policy.reminder.disabledForUnits.includes(unitId) && policy.reminder.atFractionOfWindow > 0 && policy.reminder.atFractionOfWindow < 1;
}
