import { defaultDirectory } from '../../functions/domain/default-directory';
import {
  EVALUATED_ITEM_KINDS,
  evaluate,
  firstReportOutcome,
  ITEM_KIND_NAMES,
  median,
  monthPeriod,
  obligationOutcome,
  spotCheckOutcome,
} from '../../functions/domain/evaluation';
import type { Obligation } from '../../functions/domain/obligations';
import { defaultPolicy } from '../../functions/domain/policy';
import {
  SCENARIO_AS_OF,
  SCENARIO_INCIDENTS,
  SCENARIO_SPOT_CHECKS,
  SCENARIO_UNITS,
} from '../support/evaluation-scenario';

const units = defaultDirectory.units.filter((unit) => SCENARIO_UNITS.includes(unit.unitId));
const period = monthPeriod('2026-11');

describe('R-EVAL: the evaluation of a scenario computed by hand', () => {
  // Prepare: evaluated inside each test, so the mutation run can tell which tests cover which line
  // (docs/mutation-testing.md)
  const scenario = () =>
    evaluate({
      ...period,
      asOf: SCENARIO_AS_OF,
      policy: defaultPolicy,
      units,
      incidents: SCENARIO_INCIDENTS,
      spotChecks: SCENARIO_SPOT_CHECKS,
    });
  const unit = (unitId: string) => scenario().units.find((candidate) => candidate.unitId === unitId)!;

  it('R-EVAL: first reports within 30 min of the incident are on time, later ones late, media-found ones missed (漏报)', () => {
    // Assess: Z1 10 min, Z4 5 min on time; Z2 50 min (late); Z3 from the media. P2 exactly 30 min is on time.
    expect(unit('gaosheng-zone').tallies['first-report']).toEqual({ onTime: 2, late: 1, missed: 1, pending: 0 });
    expect(unit('north-new-materials-park').tallies['first-report']).toEqual({
      onTime: 2,
      late: 1,
      missed: 0,
      pending: 0,
    });
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
    expect(unit('county-work-safety').tallies['instruction-feedback']).toEqual({
      onTime: 1,
      late: 0,
      missed: 0,
      pending: 0,
    });
  });

  it('R-SPOTCHECK: an acknowledgement after the deadline is a miss, like none at all', () => {
    expect(unit('county-work-safety').tallies['spot-check']).toEqual({ onTime: 1, late: 0, missed: 0, pending: 0 });
    expect(unit('north-new-materials-park').tallies['spot-check']).toEqual({
      onTime: 0,
      late: 0,
      missed: 1,
      pending: 0,
    });
    expect(unit('gaosheng-zone').tallies['spot-check']).toEqual({ onTime: 0, late: 0, missed: 1, pending: 0 });
  });

  it('R-EVAL: on-time rate over decided items, median and worst delay over late ones', () => {
    // Zone: 9 decided (4 first, 2 written, 1 phone, 1 feedback, 1 spot check), 4 on time; delays 20, 15, 60.
    expect(unit('gaosheng-zone')).toMatchObject({ onTimeRate: 0.444, medianDelayMinutes: 20, worstDelayMinutes: 60 });
    // Park: 8 decided (3 first, 2 written, 2 verification, 1 spot check), 4 on time; delays 30 and 5.
    expect(unit('north-new-materials-park')).toMatchObject({
      onTimeRate: 0.5,
      medianDelayMinutes: 17.5,
      worstDelayMinutes: 30,
    });
    expect(unit('county-work-safety')).toMatchObject({
      onTimeRate: 1,
      medianDelayMinutes: null,
      worstDelayMinutes: null,
    });
  });

  it('R-EVAL: the notice lists every late and missed item, unit by unit in directory order, by deadline, with the late reason', () => {
    expect(
      scenario().lapses.map((lapse) => [
        lapse.unitId,
        lapse.incidentId ?? lapse.spotCheckId,
        lapse.kind,
        lapse.outcome,
        lapse.delayMinutes,
      ]),
    ).toEqual([
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
    expect(scenario().lapses[5]?.lateReason).toBe('通讯中断');
  });

  it('R-EVAL: duty offices owing nothing are left out; a unit gone from the directory still answers for what it owed', () => {
    const withDutyOffices = evaluate({
      ...period,
      asOf: SCENARIO_AS_OF,
      policy: defaultPolicy,
      units: defaultDirectory.units,
      incidents: [
        { ...SCENARIO_INCIDENTS[0], incident: { ...SCENARIO_INCIDENTS[0].incident, unitId: 'dissolved-town' } },
      ],
      spotChecks: [],
    });
    expect(withDutyOffices.units.some((candidate) => candidate.unitId === 'county-gov-duty-office')).toBe(false);
    expect(
      withDutyOffices.units.find((candidate) => candidate.unitId === 'dissolved-town')?.tallies['first-report'].onTime,
    ).toBe(1);
  });
});

describe('R-EVAL: period arithmetic', () => {
  it('a month is the Beijing calendar month', () => {
    expect(monthPeriod('2026-11')).toEqual({
      from: new Date('2026-10-31T16:00:00.000Z'),
      to: new Date('2026-11-30T16:00:00.000Z'),
    });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
  });

  it('the median of an even count is the mean of the middle two', () => {
    expect(median([30, 5])).toBe(17.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});

describe('R-EVAL: each outcome at its edges', () => {
  const dueAt = '2026-11-10T01:00:00.000Z';
  const owed = (overrides: Partial<Obligation>): Obligation => ({
    incidentId: 'INC-1',
    obligationId: 'VRQ-1-phone',
    kind: 'verification-phone',
    unitId: 'gaosheng-zone',
    status: 'pending',
    openedAt: '2026-11-10T00:40:00.000Z',
    dueAt,
    escalationSchedule: [],
    policyVersion: 'test',
    drillSpeed: 1,
    ...overrides,
  });
  const incident = { title: '演练事件' };
  const lapse = {
    unitId: 'gaosheng-zone',
    kind: 'verification-phone',
    incidentId: 'INC-1',
    incidentTitle: '演练事件',
    dueAt,
  };

  it('R-EVAL, R-LIFECYCLE: closed by the final report, an overdue item is missed and a pending one not due', () => {
    // Act, Assess
    expect(
      obligationOutcome(owed({ status: 'closed', closedWhile: 'overdue' }), incident, new Date('2026-11-11T00:00:00Z')),
    ).toEqual({
      unitId: 'gaosheng-zone',
      kind: 'verification-phone',
      result: 'missed',
      lapse: { ...lapse, outcome: 'missed' },
    });
    expect(
      obligationOutcome(owed({ status: 'closed', closedWhile: 'pending' }), incident, new Date('2026-11-11T00:00:00Z')),
    ).toEqual({ unitId: 'gaosheng-zone', kind: 'verification-phone', result: 'pending' });
  });

  it('R-EVAL: an open item is pending through its deadline and missed after it; a late one counts its delay in policy minutes, with its reason', () => {
    // Act, Assess
    expect(obligationOutcome(owed({}), incident, new Date(dueAt)).result).toBe('pending');
    expect(obligationOutcome(owed({}), incident, new Date(Date.parse(dueAt) + 1))).toEqual({
      unitId: 'gaosheng-zone',
      kind: 'verification-phone',
      result: 'missed',
      lapse: { ...lapse, outcome: 'missed' },
    });
    expect(
      obligationOutcome(
        owed({ status: 'late', metAt: '2026-11-10T01:00:03.000Z', drillSpeed: 100 }),
        incident,
        new Date(dueAt),
      ),
    ).toEqual({
      unitId: 'gaosheng-zone',
      kind: 'verification-phone',
      result: 'late',
      delayMinutes: 5,
      lapse: { ...lapse, outcome: 'late', doneAt: '2026-11-10T01:00:03.000Z', delayMinutes: 5 },
    });
    expect(
      obligationOutcome(
        owed({ status: 'late', metAt: '2026-11-10T01:10:00.000Z', lateReason: '道路中断' }),
        incident,
        new Date(dueAt),
      ).lapse?.lateReason,
    ).toBe('道路中断');
    // A late status without its filing time is not counted as filed: open past its deadline it is missed.
    expect(obligationOutcome(owed({ status: 'late' }), incident, new Date('2026-11-11T00:00:00Z')).result).toBe(
      'missed',
    );
  });

  it('R-SPOTCHECK, R-EVAL: a spot check not yet due is pending; a missed one is listed with its late acknowledgement, or without one', () => {
    // Prepare
    const spotCheck = {
      spotCheckId: 'SPC-1',
      unitId: 'example-town-a',
      startedAt: '2026-11-10T00:50:00.000Z',
      startedBy: 'duty-officer:d-1',
      dueAt,
      policyVersion: 'test',
    };
    const missed = { unitId: 'example-town-a', kind: 'spot-check', outcome: 'missed', spotCheckId: 'SPC-1', dueAt };
    // Act, Assess
    expect(spotCheckOutcome(spotCheck, new Date(dueAt))).toEqual({
      unitId: 'example-town-a',
      kind: 'spot-check',
      result: 'pending',
    });
    expect(spotCheckOutcome(spotCheck, new Date('2026-11-11T00:00:00Z'))).toEqual({
      unitId: 'example-town-a',
      kind: 'spot-check',
      result: 'missed',
      lapse: missed,
    });
    expect(
      spotCheckOutcome({ ...spotCheck, acknowledgedAt: '2026-11-10T01:02:00.000Z' }, new Date('2026-11-11T00:00:00Z'))
        .lapse,
    ).toEqual({ ...missed, doneAt: '2026-11-10T01:02:00.000Z' });
  });

  it('R-EVAL: a duty office that owes something is evaluated; a unit with nothing decided has no on-time rate; a departed unit is named by its ID', () => {
    // Prepare: a spot check on the county duty office, not yet due
    const spotCheck = {
      spotCheckId: 'SPC-2',
      unitId: 'county-gov-duty-office',
      startedAt: '2026-11-10T00:50:00.000Z',
      startedBy: 'duty-officer:d-1',
      dueAt,
      policyVersion: 'test',
    };
    // Act
    const evaluation = evaluate({
      ...period,
      asOf: new Date(dueAt),
      policy: defaultPolicy,
      units: defaultDirectory.units,
      incidents: [],
      spotChecks: [spotCheck, { ...spotCheck, spotCheckId: 'SPC-3', unitId: 'dissolved-town' }],
    });
    // Assess
    const office = evaluation.units.find((candidate) => candidate.unitId === 'county-gov-duty-office');
    expect(office).toMatchObject({ onTimeRate: null, medianDelayMinutes: null, worstDelayMinutes: null });
    expect(office?.tallies['spot-check']).toEqual({ onTime: 0, late: 0, missed: 0, pending: 1 });
    expect(evaluation.units.find((candidate) => candidate.unitId === 'dissolved-town')?.unitName).toEqual({
      'zh-CN': 'dissolved-town',
      en: 'dissolved-town',
    });
    expect(
      evaluation.units
        .filter((candidate) => candidate.unitId !== 'dissolved-town')
        .map((candidate) => candidate.unitId),
    ).toEqual(
      defaultDirectory.units
        .filter((candidate) => candidate.kind !== 'duty-office' || candidate.unitId === 'county-gov-duty-office')
        .map((candidate) => candidate.unitId),
    );
  });

  it('R-EVAL: every item kind has its name in the notice and the CSV, in both languages', () => {
    // Act
    const names = EVALUATED_ITEM_KINDS.map((kind) => [ITEM_KIND_NAMES[kind]['zh-CN'], ITEM_KIND_NAMES[kind].en]);
    // Assess
    expect(names).toEqual([
      ['首报', 'First report'],
      ['书面报告', 'Written report'],
      ['电话核报', 'Verification (phone)'],
      ['书面核报', 'Verification (written)'],
      ['批示反馈', 'Instruction feedback'],
      ['续报', 'Follow-up report'],
      ['值班抽查', 'Duty spot check'],
    ]);
  });
});

describe('R-EVAL: 首报时效 of a call logged after it came', () => {
  // Prepare: the incident at 00:00, the call at 00:20, its record at 00:50 (UTC); on time within the policy's minutes
  const onTime = defaultPolicy.evaluation.firstReportOnTimeMinutes;
  const at = (minutes: number) => new Date(Date.parse('2026-11-28T00:00:00Z') + minutes * 60_000).toISOString();
  const logged = (phonedAtLoggedBy: 'duty-office' | 'unit') =>
    firstReportOutcome(
      {
        incidentId: 'INC-20261128-CALL01',
        unitId: 'gaosheng-zone',
        title: '来电',
        category: 'traffic',
        incidentClass: 'accident',
        severity: 'general',
        occurredAt: at(0),
        location: '高升',
        receivedAt: at(onTime + 20),
        phonedAt: at(onTime - 10),
        phonedAtLoggedBy,
        status: 'open',
        source: 'unit',
        verified: false,
        firstReportChannel: 'phone',
        reporter: { name: '王某', phone: '+8613800000000' },
      },
      defaultPolicy,
    );

  it('R-EVAL: the call the duty office logged is when the unit reported: on time', () => {
    expect(logged('duty-office')).toMatchObject({ result: 'onTime' });
  });

  it("R-EVAL: a unit's own word on when it phoned is not scored: late from its record", () => {
    expect(logged('unit')).toMatchObject({ result: 'late', delayMinutes: 20, lapse: { doneAt: at(onTime + 20) } });
  });
});
