import { inPolicyTime, MILLISECONDS_PER_MINUTE } from './deadlines';
import type { Locale, Unit } from './directory';
import type { Incident } from './incident';
import type { Obligation, ObligationKind } from './obligations';
import type { ReportingPolicy } from './policy';
import { spotCheckResult, type SpotCheck } from './spot-checks';

/**
 * R-EVAL (clauses 一, 二, 四(五)): how each unit did on timeliness over a period — 首报时效,
 * the written report, 核报 (verification answers by phone and in writing), 批示反馈 and
 * follow-ups, and 值班抽查 (R-SPOTCHECK). Pure: the caller loads the period's incidents (by
 * receipt) with their obligations, and its spot checks (by start).
 */

/** How the items of one kind came out. `pending`: not yet due, so not counted either way. */
export interface Tally {
  onTime: number;
  late: number;
  missed: number;
  pending: number;
}

/** What is evaluated: the first report, each kind of obligation, spot checks. */
export type EvaluatedItemKind = 'first-report' | ObligationKind | 'spot-check';

export const EVALUATED_ITEM_KINDS: readonly EvaluatedItemKind[] = [
  'first-report',
  'written-report',
  'verification-phone',
  'verification-written',
  'instruction-feedback',
  'follow-up',
  'spot-check',
];

export const ITEM_KIND_NAMES: Record<EvaluatedItemKind, Record<Locale, string>> = {
  'first-report': { 'zh-CN': '首报', en: 'First report' },
  'written-report': { 'zh-CN': '书面报告', en: 'Written report' },
  'verification-phone': { 'zh-CN': '电话核报', en: 'Verification (phone)' },
  'verification-written': { 'zh-CN': '书面核报', en: 'Verification (written)' },
  'instruction-feedback': { 'zh-CN': '批示反馈', en: 'Instruction feedback' },
  'follow-up': { 'zh-CN': '续报', en: 'Follow-up report' },
  'spot-check': { 'zh-CN': '值班抽查', en: 'Duty spot check' },
};

/** A unit's evaluation for the period. */
export interface UnitEvaluation {
  unitId: string;
  unitName: Record<Locale, string>;
  tallies: Record<EvaluatedItemKind, Tally>;
  /** On-time items over decided ones (on time + late + missed), 0…1; null with nothing decided. */
  onTimeRate: number | null;
  /** Over the late items, in minutes past their deadline (drill minutes in a drill); null with none late. */
  medianDelayMinutes: number | null;
  worstDelayMinutes: number | null;
}

/** One late or missed item, as the notice (通报) lists it. */
export interface LapseItem {
  unitId: string;
  kind: EvaluatedItemKind;
  outcome: 'late' | 'missed';
  /** The incident it belongs to (absent for a spot check). */
  incidentId?: string;
  incidentTitle?: string;
  spotCheckId?: string;
  dueAt: string;
  /** When it was done, if it was (a late report, a late acknowledgement). */
  doneAt?: string;
  delayMinutes?: number;
  /** 迟报原因 as the unit gave it. */
  lateReason?: string;
  /**
   * Issue 15 (责任溯查, R-EVAL, R-AUDIT): who was on duty in the unit when the item fell due, by its roster — absent
   * for a unit that kept none then.
   */
  onDutyAtDue?: { dutyOfficer?: OnDutyPerson; shiftLeader?: OnDutyPerson };
}

/** A person on duty, named as the directory names them. */
export interface OnDutyPerson {
  contactId: string;
  name: string;
}

export interface Evaluation {
  from: string;
  to: string;
  asOf: string;
  /** The minutes within which a first report counts as on time (policy). */
  firstReportOnTimeMinutes: number;
  units: UnitEvaluation[];
  lapses: LapseItem[];
}

export interface EvaluationInput {
  from: Date;
  to: Date;
  /** Items not done by now and past due are missed; not yet due are pending. */
  asOf: Date;
  policy: ReportingPolicy;
  /** Every unit that reports (duty offices are evaluated only if they owe something). */
  units: Unit[];
  incidents: Array<{ incident: Incident; obligations: Obligation[] }>;
  spotChecks: SpotCheck[];
}

interface Outcome {
  unitId: string;
  kind: EvaluatedItemKind;
  result: keyof Tally;
  lapse?: LapseItem;
  delayMinutes?: number;
}

const roundMinutes = (milliseconds: number, drillSpeed = 1): number =>
  Math.round((inPolicyTime(milliseconds, drillSpeed) / MILLISECONDS_PER_MINUTE) * 10) / 10;

/**
 * R-EVAL: 首报时效. A unit's own first report is on time within the policy's minutes of the
 * incident occurring, late after; an incident the duty office learned from the media (R-MEDIA)
 * is a first report the unit missed (漏报).
 */
export function firstReportOutcome(incident: Incident, policy: ReportingPolicy): Outcome {
  const onTimeMinutes = policy.evaluation.firstReportOnTimeMinutes;
  const dueAt = new Date(Date.parse(incident.occurredAt) + onTimeMinutes * MILLISECONDS_PER_MINUTE).toISOString();
  const base = {
    unitId: incident.unitId,
    kind: 'first-report' as const,
    incidentId: incident.incidentId,
    incidentTitle: incident.title,
    dueAt,
  };
  if (incident.source === 'media') {
    return { unitId: incident.unitId, kind: 'first-report', result: 'missed', lapse: { ...base, outcome: 'missed' } };
  }
  // The call the duty office logged is when the unit reported; a unit's word on when it phoned is shown, not scored.
  const reportedAt =
    incident.phonedAt && incident.phonedAtLoggedBy === 'duty-office' ? incident.phonedAt : incident.receivedAt;
  const lateBy = Date.parse(reportedAt) - Date.parse(dueAt);
  if (lateBy <= 0) return { unitId: incident.unitId, kind: 'first-report', result: 'onTime' };
  const delayMinutes = roundMinutes(lateBy);
  return {
    unitId: incident.unitId,
    kind: 'first-report',
    result: 'late',
    delayMinutes,
    lapse: { ...base, outcome: 'late', doneAt: reportedAt, delayMinutes },
  };
}

/**
 * R-LIFECYCLE, R-EVAL: met → on time; late → late by `metAt − dueAt`; still open past its deadline
 * → missed; closed by the final report → missed if it was overdue then, not due if it was pending.
 */
export function obligationOutcome(obligation: Obligation, incident: Pick<Incident, 'title'>, asOf: Date): Outcome {
  const { unitId, kind } = obligation;
  const base = {
    unitId,
    kind,
    incidentId: obligation.incidentId,
    incidentTitle: incident.title,
    dueAt: obligation.dueAt,
  };
  if (obligation.status === 'met') return { unitId, kind, result: 'onTime' };
  if (obligation.status === 'closed') {
    return obligation.closedWhile === 'overdue'
      ? { unitId, kind, result: 'missed', lapse: { ...base, outcome: 'missed' } }
      : { unitId, kind, result: 'pending' };
  }
  if (obligation.status === 'late' && obligation.metAt) {
    const delayMinutes = roundMinutes(
      Date.parse(obligation.metAt) - Date.parse(obligation.dueAt),
      obligation.drillSpeed,
    );
    const lateReason = obligation.lateReason ? { lateReason: obligation.lateReason } : {};
    return {
      unitId,
      kind,
      result: 'late',
      delayMinutes,
      lapse: { ...base, outcome: 'late', doneAt: obligation.metAt, delayMinutes, ...lateReason },
    };
  }
  if (asOf.getTime() > Date.parse(obligation.dueAt))
    return { unitId, kind, result: 'missed', lapse: { ...base, outcome: 'missed' } };
  return { unitId, kind, result: 'pending' };
}

/** R-SPOTCHECK: acknowledged in time → on time; acknowledged late or not at all → missed. */
export function spotCheckOutcome(spotCheck: SpotCheck, asOf: Date): Outcome {
  const result = spotCheckResult(spotCheck, asOf);
  const { unitId } = spotCheck;
  if (result === 'passed') return { unitId, kind: 'spot-check', result: 'onTime' };
  if (result === 'pending') return { unitId, kind: 'spot-check', result: 'pending' };
  return {
    unitId,
    kind: 'spot-check',
    result: 'missed',
    lapse: {
      unitId,
      kind: 'spot-check',
      outcome: 'missed',
      spotCheckId: spotCheck.spotCheckId,
      dueAt: spotCheck.dueAt,
      ...(spotCheck.acknowledgedAt ? { doneAt: spotCheck.acknowledgedAt } : {}),
    },
  };
}

/** The median of some numbers (the mean of the two middle ones for an even count), or null. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return Math.round(value * 10) / 10;
}

const emptyTally = (): Tally => ({ onTime: 0, late: 0, missed: 0, pending: 0 });

/**
 * R-EVAL: every unit's tallies, on-time rate and delays for the period, and the late and
 * missed items for the notice (通报), unit by unit in order of their deadlines.
 *
 * @example
 * ```ts
 * const evaluation = evaluate({ from, to, asOf: new Date(), policy: defaultPolicy, units: directory.units, incidents,
 * spotChecks });
 * evaluation.units.find((unit) => unit.unitId === 'gaosheng-zone')?.tallies['written-report']; // { onTime: 3, late: 1,
 * missed: 0, pending: 0 }
 * ```
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const outcomes: Outcome[] = [
    ...input.incidents.flatMap(({ incident, obligations }) => [
      firstReportOutcome(incident, input.policy),
      ...obligations.map((obligation) => obligationOutcome(obligation, incident, input.asOf)),
    ]),
    ...input.spotChecks.map((spotCheck) => spotCheckOutcome(spotCheck, input.asOf)),
  ];
  const owing = new Set(outcomes.map((outcome) => outcome.unitId));
  const evaluated = input.units.filter((unit) => unit.kind !== 'duty-office' || owing.has(unit.unitId));
  const known = new Set(evaluated.map((unit) => unit.unitId));
  // A unit no longer in the directory still answers for what it owed.
  const departed = [...owing]
    .filter((unitId) => !known.has(unitId))
    .map((unitId) => ({ unitId, name: { 'zh-CN': unitId, en: unitId } }));
  const units = [...evaluated, ...departed].map((unit): UnitEvaluation => {
    const own = outcomes.filter((outcome) => outcome.unitId === unit.unitId);
    const tallies = Object.fromEntries(EVALUATED_ITEM_KINDS.map((kind) => [kind, emptyTally()])) as Record<
      EvaluatedItemKind,
      Tally
    >;
    for (const outcome of own) tallies[outcome.kind][outcome.result] += 1;
    const decided = own.filter((outcome) => outcome.result !== 'pending');
    const delays = own.flatMap((outcome) => (outcome.delayMinutes === undefined ? [] : [outcome.delayMinutes]));
    return {
      unitId: unit.unitId,
      unitName: unit.name,
      tallies,
      onTimeRate:
        decided.length === 0
          ? null
          : Math.round((decided.filter((outcome) => outcome.result === 'onTime').length / decided.length) * 1000) /
            1000,
      medianDelayMinutes: median(delays),
      worstDelayMinutes: delays.length === 0 ? null : Math.max(...delays),
    };
  });
  const unitOrder = new Map(units.map((unit, index) => [unit.unitId, index]));
  const lapses = outcomes
    .flatMap((outcome) => (outcome.lapse ? [outcome.lapse] : []))
    .sort((a, b) => unitOrder.get(a.unitId)! - unitOrder.get(b.unitId)! || a.dueAt.localeCompare(b.dueAt));
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    asOf: input.asOf.toISOString(),
    firstReportOnTimeMinutes: input.policy.evaluation.firstReportOnTimeMinutes,
    units,
    lapses,
  };
}

/**
 * The [from, to) of a local (Asia/Shanghai) month `yyyy-MM`, for the monthly notice.
 *
 * @example
 * ```ts
 * monthPeriod('2026-11'); // { from: 2026-10-31T16:00:00.000Z, to: 2026-11-30T16:00:00.000Z }
 * ```
 */
export function monthPeriod(month: string): { from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const beijingOffsetMs = 8 * 3_600_000; // Asia/Shanghai has no daylight saving time.
  return {
    from: new Date(Date.UTC(year, monthNumber - 1, 1) - beijingOffsetMs),
    to: new Date(Date.UTC(year, monthNumber, 1) - beijingOffsetMs),
  };
}
