import { defaultDirectory } from '../../functions/domain/directory';
import { evaluate, median, monthPeriod } from '../../functions/domain/evaluation';
import { defaultPolicy } from '../../functions/domain/policy';
import { SCENARIO_AS_OF, SCENARIO_INCIDENTS, SCENARIO_SPOT_CHECKS, SCENARIO_UNITS } from '../support/evaluation-scenario';

const units = defaultDirectory.units.filter((unit) => SCENARIO_UNITS.includes(unit.unitId));
const period = monthPeriod('2026-11');

describe('R-EVAL: the evaluation of a scenario computed by hand', () => {
  // Prepare
  const evaluation = evaluate({ ...period, asOf: SCENARIO_AS_OF, policy: defaultPolicy, units, incidents: SCENARIO_INCIDENTS, spotChecks: SCENARIO_SPOT_CHECKS });
  const unit = (unitId: string) => evaluation.units.find((candidate) => candidate.unitId === unitId)!;

  it('R-EVAL: first reports within 30 min of the incident are on time, later ones late, media-found ones missed (漏报)', () => {
    // Assess: Z1 10 min, Z4 5 min on time; Z2 50 min (late); Z3 from the media. P2 exactly 30 min is on time.
    expect(unit('gaosheng-zone').tallies['first-report']).toEqual({ onTime: 2, late: 1, missed: 1, pending: 0 });
    expect(unit('north-new-materials-park').tallies['first-report']).toEqual({ onTime: 2, late: 1, missed: 0, pending: 0 });
    expect(unit('county-work-safety').tallies['first-report']).toEqual({ onTime: 3, late: 0, missed: 0, pending: 0 });
  });

  it('R-WRITTEN-30, R-VERIFY-20-40, R-INSTRUCTION-12H, R-FOLLOWUP: each obligation counts by its outcome; not yet due is pending', () => {
    const zone = unit('gaosheng-zone').tallies;
    expect(zone['written-report']).toEqual({ onTime: 1, late: 1, missed: 0, pending: 0 });
    expect(zone['verification-phone']).toEqual({ onTime: 1, late: 0, missed: 0, pending: 0 });
    expect(zone['instruction-feedback']).toEqual({ onTime: 0, late: 1, missed: 0, pending: 0 });
    expect(zone['follow-up']).toEqual({ onTime: 0, late: 0, missed: 0, pending: 1 });
    const park = unit('north-new-materials-park').tallies;
    expect(park['written-report']).toEqual({ onTime: 1, late: 0, missed: 1, pending: 0 });
    expect(park['verification-written']).toEqual({ onTime: 0, late: 1, missed: 0, pending: 0 });
    expect(unit('county-work-safety').tallies['instruction-feedback']).toEqual({ onTime: 1, late: 0, missed: 0, pending: 0 });
  });

  it('R-SPOTCHECK: an acknowledgement after the deadline is a miss, like none at all', () => {
    expect(unit('county-work-safety').tallies['spot-check']).toEqual({ onTime: 1, late: 0, missed: 0, pending: 0 });
    expect(unit('north-new-materials-park').tallies['spot-check']).toEqual({ onTime: 0, late: 0, missed: 1, pending: 0 });
    expect(unit('gaosheng-zone').tallies['spot-check']).toEqual({ onTime: 0, late: 0, missed: 1, pending: 0 });
  });

  it('R-EVAL: on-time rate over decided items, median and worst delay over late ones', () => {
    // Zone: 9 decided (4 first, 2 written, 1 phone, 1 feedback, 1 spot check), 4 on time; delays 20, 15, 60.
    expect(unit('gaosheng-zone')).toMatchObject({ onTimeRate: 0.444, medianDelayMinutes: 20, worstDelayMinutes: 60 });
    // Park: 8 decided (3 first, 2 written, 2 verification, 1 spot check), 4 on time; delays 30 and 5.
    expect(unit('north-new-materials-park')).toMatchObject({ onTimeRate: 0.5, medianDelayMinutes: 17.5, worstDelayMinutes: 30 });
    expect(unit('county-work-safety')).toMatchObject({ onTimeRate: 1, medianDelayMinutes: null, worstDelayMinutes: null });
  });

  it('R-EVAL: the notice lists every late and missed item, unit by unit in directory order, by deadline, with the late reason', () => {
    expect(evaluation.lapses.map((lapse) => [lapse.unitId, lapse.incidentId ?? lapse.spotCheckId, lapse.kind, lapse.outcome, lapse.delayMinutes])).toEqual([
      ['north-new-materials-park', 'INC-P1', 'written-report', 'missed', undefined],
      ['north-new-materials-park', 'INC-P2', 'verification-written', 'late', 5],
      ['north-new-materials-park', 'INC-P3', 'first-report', 'late', 30],
      ['north-new-materials-park', 'SPC-P', 'spot-check', 'missed', undefined],
      ['gaosheng-zone', 'INC-Z2', 'first-report', 'late', 20],
      ['gaosheng-zone', 'INC-Z2', 'written-report', 'late', 15],
      ['gaosheng-zone', 'INC-Z3', 'first-report', 'missed', undefined],
      ['gaosheng-zone', 'SPC-Z', 'spot-check', 'missed', undefined],
      ['gaosheng-zone', 'INC-Z4', 'instruction-feedback', 'late', 60],
    ]);
    expect(evaluation.lapses[5]?.lateReason).toBe('通讯中断');
  });

  it('R-EVAL: duty offices owing nothing are left out; a unit gone from the directory still answers for what it owed', () => {
    const withDutyOffices = evaluate({
      ...period, asOf: SCENARIO_AS_OF, policy: defaultPolicy, units: defaultDirectory.units,
      incidents: [{ ...SCENARIO_INCIDENTS[0], incident: { ...SCENARIO_INCIDENTS[0].incident, unitId: 'dissolved-town' } }], spotChecks: [],
    });
    expect(withDutyOffices.units.some((candidate) => candidate.unitId === 'county-gov-duty-office')).toBe(false);
    expect(withDutyOffices.units.find((candidate) => candidate.unitId === 'dissolved-town')?.tallies['first-report'].onTime).toBe(1);
  });
});

describe('R-EVAL: period arithmetic', () => {
  it('a month is the Beijing calendar month', () => {
    expect(monthPeriod('2026-11')).toEqual({ from: new Date('2026-10-31T16:00:00.000Z'), to: new Date('2026-11-30T16:00:00.000Z') });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
  });

  it('the median of an even count is the mean of the middle two', () => {
    expect(median([30, 5])).toBe(17.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});
