import { ObligationTransitionError } from '../../functions/domain/errors';
import {
  deadlineFor,
  escalationRound,
  escalationSchedule,
  finalReportSettlements,
  isOpen,
  nextEscalationRound,
  obligationOpenedEvent,
  obligationsMetByReport,
  openObligation,
  sameDayReminder,
  settle,
  statusAtDeadline,
  verificationObligations,
  type Obligation,
} from '../../functions/domain/obligations';
import {
  defaultPolicy,
  followUpCadenceMinutes,
  ladderFor,
  remindersEnabledFor,
  type ReportingPolicy,
} from '../../functions/domain/policy';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const zone = { unitId: 'gaosheng-zone', kind: 'zone' as const };

describe('deadlines are data (policy.json, each beside its clause)', () => {
  it("R-WRITTEN-30, R-VERIFY-20-40, R-INSTRUCTION-12H: the notice's numbers are the defaults", () => {
    const from = new Date('2026-11-28T00:00:00Z');
    expect(deadlineFor('written-report', from, defaultPolicy, 1).toISOString()).toBe('2026-11-28T00:30:00.000Z');
    expect(deadlineFor('verification-phone', from, defaultPolicy, 1).toISOString()).toBe('2026-11-28T00:20:00.000Z');
    expect(deadlineFor('verification-written', from, defaultPolicy, 1).toISOString()).toBe('2026-11-28T00:40:00.000Z');
    expect(deadlineFor('instruction-feedback', from, defaultPolicy, 1).toISOString()).toBe('2026-11-28T12:00:00.000Z');
    expect(defaultPolicy.obligations['written-report'].clause).toContain('三(一)');
    expect(defaultPolicy.obligations['verification-phone'].clause).toContain('三(二)');
    expect(defaultPolicy.obligations['instruction-feedback'].clause).toContain('三(三)');
  });

  it('R-FOLLOWUP: the follow-up cadence is set per severity', () => {
    expect(followUpCadenceMinutes(defaultPolicy, 'especially-major')).toBe(60);
    expect(followUpCadenceMinutes(defaultPolicy, 'general')).toBe(1440);
    const none: ReportingPolicy = {
      ...defaultPolicy,
      obligations: {
        ...defaultPolicy.obligations,
        'follow-up': {
          ...defaultPolicy.obligations['follow-up'],
          dueMinutesBySeverity: { ...defaultPolicy.obligations['follow-up'].dueMinutesBySeverity, general: null },
        },
      },
    };
    expect(followUpCadenceMinutes(none, 'general')).toBeNull();
  });

  it('R-LADDER: the ladder is per unit kind, overridable per unit', () => {
    expect(ladderFor(defaultPolicy, zone).map((step) => step.audience)).toEqual([
      'unit-duty-contact',
      'unit-principal-leader',
      'county-duty-offices-and-leadership',
    ]);
    expect(
      ladderFor(defaultPolicy, { unitId: 'example-chemical-enterprise', kind: 'enterprise' }).map(
        (step) => step.audience,
      ),
    ).toEqual(['unit-duty-contact', 'unit-principal-leader', 'local-government', 'county-duty-offices-and-leadership']);
    const override: ReportingPolicy = {
      ...defaultPolicy,
      ladders: {
        ...defaultPolicy.ladders,
        byUnit: { 'gaosheng-zone': [{ step: 1, audience: 'unit-principal-leader', delayMinutesAfterDue: 5 }] },
      },
    };
    expect(ladderFor(override, zone)).toEqual([
      { step: 1, audience: 'unit-principal-leader', delayMinutesAfterDue: 5 },
    ]);
  });
});

describe('obligations', () => {
  it('R-WRITTEN-30, R-LADDER: opening fixes the deadline, the reminder at two thirds of the window and the whole ladder, with the policy version', () => {
    // Act
    const obligation = openObligation({
      incidentId: 'INC-1',
      obligationId: 'written-report',
      kind: 'written-report',
      unit: zone,
      openedAt: phoneReportAt,
      now: phoneReportAt,
      dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1),
      policy: defaultPolicy,
      drillSpeed: 1,
    });
    // Assess
    expect(obligation).toMatchObject({
      kind: 'written-report',
      status: 'pending',
      unitId: 'gaosheng-zone',
      openedAt: '2026-11-28T00:05:00.000Z',
      dueAt: '2026-11-28T00:35:00.000Z',
      remindAt: '2026-11-28T00:25:00.000Z',
      policyVersion: defaultPolicy.version,
    });
    expect(obligation.escalationSchedule.map((round) => [round.escalationStep, round.repeat, round.at])).toEqual([
      [1, 0, '2026-11-28T00:35:00.000Z'],
      [1, 1, '2026-11-28T00:45:00.000Z'],
      [2, 0, '2026-11-28T00:50:00.000Z'],
      [2, 1, '2026-11-28T01:00:00.000Z'],
      [3, 0, '2026-11-28T01:05:00.000Z'],
    ]);
  });

  it('R-LADDER: a policy change never moves an open obligation — its schedule was fixed when it opened', () => {
    // Prepare
    const opened = openObligation({
      incidentId: 'INC-1',
      obligationId: 'written-report',
      kind: 'written-report',
      unit: zone,
      openedAt: phoneReportAt,
      now: phoneReportAt,
      dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1),
      policy: defaultPolicy,
      drillSpeed: 1,
    });
    const stored = JSON.parse(JSON.stringify(opened));
    // Act: a new policy with other numbers
    const newPolicy: ReportingPolicy = {
      ...defaultPolicy,
      version: 'next',
      obligations: {
        ...defaultPolicy.obligations,
        'written-report': { ...defaultPolicy.obligations['written-report'], dueMinutes: 10 },
      },
    };
    // Assess: what decides the escalation is on the stored obligation
    expect(nextEscalationRound(stored)?.at).toBe('2026-11-28T00:35:00.000Z');
    expect(stored.policyVersion).toBe(defaultPolicy.version);
    expect(deadlineFor('written-report', phoneReportAt, newPolicy, 1).toISOString()).toBe('2026-11-28T00:15:00.000Z');
  });

  it('R-LADDER: reminders are off for units that asked, and never scheduled in the past', () => {
    const quiet: ReportingPolicy = {
      ...defaultPolicy,
      reminder: { ...defaultPolicy.reminder, disabledForUnits: ['gaosheng-zone'] },
    };
    const base = {
      incidentId: 'INC-1',
      obligationId: 'x',
      kind: 'instruction-feedback' as const,
      unit: zone,
      drillSpeed: 1,
    };
    const receivedAt = new Date('2026-11-28T00:00:00Z');
    const dueAt = deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1);
    expect(
      openObligation({ ...base, openedAt: receivedAt, now: receivedAt, dueAt, policy: quiet }).remindAt,
    ).toBeUndefined();
    // Recorded ten hours after it was received: two thirds (8 h) is already past.
    expect(
      openObligation({
        ...base,
        openedAt: receivedAt,
        now: new Date('2026-11-28T10:00:00Z'),
        dueAt,
        policy: defaultPolicy,
      }).remindAt,
    ).toBeUndefined();
    expect(
      openObligation({ ...base, openedAt: receivedAt, now: receivedAt, dueAt, policy: defaultPolicy }).remindAt,
    ).toBe('2026-11-28T08:00:00.000Z');
  });

  it('R-INSTRUCTION-12H: feedback received in the afternoon is reminded at the end of the office day ("in principle the same day"), not at two thirds of the 12 hours', () => {
    const base = {
      incidentId: 'INC-1',
      obligationId: 'INS-1-feedback',
      kind: 'instruction-feedback' as const,
      unit: zone,
      policy: defaultPolicy,
      drillSpeed: 1,
    };
    const afternoon = new Date('2026-11-28T06:00:00Z'); // 14:00 Beijing; due 02:00 the next day
    const morning = new Date('2026-11-28T00:30:00Z'); // 08:30 Beijing; two thirds is 16:30, before 17:00
    const evening = new Date('2026-11-28T10:00:00Z'); // 18:00 Beijing: the office day is over
    const remindAt = (receivedAt: Date) =>
      openObligation({
        ...base,
        openedAt: receivedAt,
        now: receivedAt,
        dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1),
      }).remindAt;
    expect(remindAt(afternoon)).toBe('2026-11-28T09:00:00.000Z'); // 17:00 Beijing
    expect(remindAt(morning)).toBe('2026-11-28T08:30:00.000Z'); // 16:30 Beijing, two thirds
    expect(remindAt(evening)).toBe('2026-11-28T18:00:00.000Z'); // 02:00 Beijing, two thirds
  });

  it('R-LADDER: the schedule follows the drill speed; the last step does not repeat', () => {
    const rounds = escalationSchedule(
      [
        { step: 1, audience: 'unit-duty-contact', delayMinutesAfterDue: 0, repeatEveryMinutes: 4 },
        { step: 2, audience: 'county-duty-offices-and-leadership', delayMinutesAfterDue: 10, repeatEveryMinutes: 4 },
      ],
      new Date('2026-11-28T00:00:00Z'),
      60,
    );
    expect(rounds.map((round) => `${round.escalationStep}.${round.repeat}@${round.at.slice(14, 19)}`)).toEqual([
      '1.0@00:00',
      '1.1@00:04',
      '1.2@00:08',
      '2.0@00:10',
    ]);
    expect(nextEscalationRound({ escalationSchedule: rounds }, { escalationStep: 1, repeat: 2 })?.escalationStep).toBe(
      2,
    );
    expect(nextEscalationRound({ escalationSchedule: rounds }, { escalationStep: 2, repeat: 0 })).toBeNull();
  });

  it('R-LADDER: an obligation that opens already overdue (an instruction received days ago) starts at step 1 now; the later steps keep their spacing from now', () => {
    // Prepare: feedback on an instruction received three days ago was due two and a half days ago
    const receivedAt = new Date('2026-11-25T00:00:00Z');
    const now = new Date('2026-11-28T03:00:00Z');
    // Act
    const obligation = openObligation({
      incidentId: 'INC-1',
      obligationId: 'INS-1-feedback',
      kind: 'instruction-feedback',
      unit: zone,
      openedAt: receivedAt,
      now,
      dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1),
      policy: defaultPolicy,
      drillSpeed: 1,
    });
    // Assess: the deadline stays what the notice says (R-EVAL counts it late from there); the ladder climbs from now,
    // one step at a time
    expect(obligation.dueAt).toBe('2026-11-25T12:00:00.000Z');
    expect(obligation.remindAt).toBeUndefined();
    expect(obligation.escalationSchedule.map((round) => [round.escalationStep, round.repeat, round.at])).toEqual([
      [1, 0, '2026-11-28T03:00:00.000Z'],
      [1, 1, '2026-11-28T03:10:00.000Z'],
      [2, 0, '2026-11-28T03:15:00.000Z'],
      [2, 1, '2026-11-28T03:25:00.000Z'],
      [3, 0, '2026-11-28T03:30:00.000Z'],
    ]);
    expect(obligation.escalationSchedule.filter((round) => Date.parse(round.at) <= now.getTime())).toHaveLength(1);
  });

  it('R-LIFECYCLE: the final report settles what is still owed: the written and follow-up reports it is, the rest closed in the state they were in, earliest first', () => {
    const owed = (
      obligationId: string,
      kind: 'written-report' | 'follow-up' | 'verification-phone' | 'instruction-feedback',
      status: 'pending' | 'overdue' | 'met',
      dueAt: string,
    ) => ({
      ...openObligation({
        incidentId: 'INC-1',
        obligationId,
        kind,
        unit: zone,
        openedAt: phoneReportAt,
        now: phoneReportAt,
        dueAt: new Date(dueAt),
        policy: defaultPolicy,
        drillSpeed: 1,
      }),
      status,
    });
    const settlements = finalReportSettlements([
      owed('follow-up-1', 'follow-up', 'overdue', '2026-11-28T04:05:00Z'),
      owed('written-report', 'written-report', 'met', '2026-11-28T00:35:00Z'),
      owed('VRQ-1-phone', 'verification-phone', 'overdue', '2026-11-28T01:20:00Z'),
      owed('INS-1-feedback', 'instruction-feedback', 'pending', '2026-11-28T12:00:00Z'),
    ]);
    expect(
      settlements.map((settlement) => [
        settlement.obligation.obligationId,
        settlement.outcome,
        settlement.outcome === 'closed' ? settlement.closedWhile : undefined,
      ]),
    ).toEqual([
      ['VRQ-1-phone', 'closed', 'overdue'],
      ['follow-up-1', 'filed', undefined],
      ['INS-1-feedback', 'closed', 'pending'],
    ]);
  });

  it('R-LIFECYCLE: filed at or before the deadline is met, after it is late', () => {
    const obligation = {
      obligationId: 'written-report',
      status: 'pending' as const,
      dueAt: '2026-11-28T00:35:00.000Z',
    };
    expect(settle(obligation, new Date('2026-11-28T00:20:00Z'))).toBe('met');
    expect(settle(obligation, new Date('2026-11-28T00:35:00Z'))).toBe('met');
    expect(settle(obligation, new Date('2026-11-28T00:35:00.001Z'))).toBe('late');
    expect(settle({ ...obligation, status: 'overdue' }, new Date('2026-11-28T00:50:00Z'))).toBe('late');
  });

  it('R-LIFECYCLE: a met or late obligation cannot be settled again', () => {
    expect(() =>
      settle({ obligationId: 'written-report', status: 'met', dueAt: '2026-11-28T00:35:00.000Z' }, new Date()),
    ).toThrow(ObligationTransitionError);
    expect(() =>
      settle({ obligationId: 'written-report', status: 'late', dueAt: '2026-11-28T00:35:00.000Z' }, new Date()),
    ).toThrow(ObligationTransitionError);
  });

  it('R-LIFECYCLE: still pending at the deadline becomes overdue; anything else is left as it is', () => {
    const dueAt = '2026-11-28T00:35:00.000Z';
    expect(statusAtDeadline({ status: 'pending', dueAt }, new Date('2026-11-28T00:34:59Z'))).toBe('pending');
    expect(statusAtDeadline({ status: 'pending', dueAt }, new Date(dueAt))).toBe('overdue');
    expect(statusAtDeadline({ status: 'met', dueAt }, new Date('2026-11-28T01:00:00Z'))).toBe('met');
    expect(statusAtDeadline({ status: 'overdue', dueAt }, new Date('2026-11-28T01:00:00Z'))).toBe('overdue');
  });

  it('pending and overdue are open; met and late are settled', () => {
    expect([isOpen('pending'), isOpen('overdue'), isOpen('met'), isOpen('late')]).toEqual([true, true, false, false]);
  });
});

describe('obligations: the edges of the ladder, the reminder and settling', () => {
  const open = (overrides: Partial<Parameters<typeof openObligation>[0]> = {}): Obligation =>
    openObligation({
      incidentId: 'INC-1',
      obligationId: 'written-report',
      kind: 'written-report',
      unit: zone,
      openedAt: phoneReportAt,
      now: phoneReportAt,
      dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1),
      policy: defaultPolicy,
      drillSpeed: 1,
      ...overrides,
    });

  it("R-LADDER: steps given out of order climb in step order; a repeat that would fall on the next step's start is not sent", () => {
    // Prepare: step 1 repeats every 5 minutes, step 2 starts 10 minutes after the deadline
    const dueAt = new Date('2026-11-28T00:00:00Z');
    // Act
    const rounds = escalationSchedule(
      [
        { step: 2, audience: 'unit-principal-leader', delayMinutesAfterDue: 10 },
        { step: 1, audience: 'unit-duty-contact', delayMinutesAfterDue: 0, repeatEveryMinutes: 5 },
      ],
      dueAt,
      1,
    );
    // Assess
    expect(rounds.map((round) => [round.escalationStep, round.repeat, round.audience, round.at.slice(11, 16)])).toEqual(
      [
        [1, 0, 'unit-duty-contact', '00:00'],
        [1, 1, 'unit-duty-contact', '00:05'],
        [2, 0, 'unit-principal-leader', '00:10'],
      ],
    );
  });

  it('R-LADDER: after the first round comes the second; a round not on the schedule has no next; a round is found by step and repeat', () => {
    // Prepare
    const obligation = open();
    const [first, second] = obligation.escalationSchedule;
    // Act, Assess
    expect(nextEscalationRound(obligation, { escalationStep: first.escalationStep, repeat: first.repeat })).toEqual(
      second,
    );
    expect(nextEscalationRound(obligation, { escalationStep: 9, repeat: 0 })).toBeNull();
    expect(nextEscalationRound({ escalationSchedule: [] })).toBeNull();
    expect(escalationRound(obligation, 2, 1)).toEqual(
      obligation.escalationSchedule.find((round) => round.escalationStep === 2 && round.repeat === 1),
    );
    expect(escalationRound(obligation, 2, 1)?.at).toBe('2026-11-28T01:00:00.000Z');
    expect(escalationRound(obligation, 1, 2)).toBeUndefined();
    expect(escalationRound(obligation, 3, 1)).toBeUndefined();
  });

  it('R-LADDER: no reminder when the policy puts it at the very start or end of the window, for a window of nothing, or at the very moment of opening', () => {
    // Prepare
    const at = (atFractionOfWindow: number): ReportingPolicy => ({
      ...defaultPolicy,
      reminder: { ...defaultPolicy.reminder, atFractionOfWindow },
    });
    // Act, Assess
    expect(remindersEnabledFor(at(0), 'gaosheng-zone')).toBe(false);
    expect(remindersEnabledFor(at(1), 'gaosheng-zone')).toBe(false);
    expect(remindersEnabledFor(at(0.5), 'gaosheng-zone')).toBe(true);
    expect(open({ policy: at(0) }).remindAt).toBeUndefined();
    expect(open({ dueAt: phoneReportAt }).remindAt).toBeUndefined();
    // Opened (recorded) exactly when two thirds of the window have passed: the reminder would be now, so there is none.
    expect(open({ now: new Date('2026-11-28T00:25:00Z') }).remindAt).toBeUndefined();
    expect(open({ now: new Date('2026-11-28T00:24:59.999Z') }).remindAt).toBe('2026-11-28T00:25:00.000Z');
  });

  it('R-INSTRUCTION-12H: only instruction feedback, and only at drill speed 1, gets the end-of-day reminder; not when 17:00 is already past or is the moment it was recorded', () => {
    // Prepare: received 14:00 Beijing, 17:00 comes before two thirds of the window
    const receivedAt = new Date('2026-11-28T06:00:00Z');
    const feedback = (overrides: Partial<Parameters<typeof openObligation>[0]> = {}) =>
      open({
        kind: 'instruction-feedback',
        obligationId: 'INS-1-feedback',
        openedAt: receivedAt,
        now: receivedAt,
        dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1),
        ...overrides,
      }).remindAt;
    const twoThirds = new Date(receivedAt.getTime() + 8 * 3_600_000).toISOString();
    // Act, Assess
    expect(feedback()).toBe('2026-11-28T09:00:00.000Z');
    expect(
      open({
        kind: 'written-report',
        openedAt: receivedAt,
        now: receivedAt,
        dueAt: new Date(receivedAt.getTime() + 12 * 3_600_000),
      }).remindAt,
    ).toBe(twoThirds);
    expect(feedback({ drillSpeed: 2, dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 2) })).toBe(
      new Date(receivedAt.getTime() + 4 * 3_600_000).toISOString(),
    );
    expect(feedback({ now: new Date('2026-11-28T09:00:00Z') })).toBe(twoThirds);
    expect(feedback({ now: new Date('2026-11-28T08:59:59Z') })).toBe('2026-11-28T09:00:00.000Z');
    // 17:00 at exactly two thirds of the window: two thirds it is (the same instant either way).
    const at9 = new Date('2026-11-28T01:00:00Z');
    expect(
      feedback({ openedAt: at9, now: at9, dueAt: deadlineFor('instruction-feedback', at9, defaultPolicy, 1) }),
    ).toBe('2026-11-28T09:00:00.000Z');
  });

  it('R-INSTRUCTION-12H: the end-of-day time is HH:mm in Beijing on the local day of receipt; anything else, or a time already past, is none', () => {
    // Act, Assess
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), '17:00')?.toISOString()).toBe('2026-11-28T09:00:00.000Z');
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), '17:30')?.toISOString()).toBe('2026-11-28T09:30:00.000Z');
    // 23:30 Beijing on 28 November is still the 28th locally, though already 15:30 UTC.
    expect(sameDayReminder(new Date('2026-11-27T16:30:00Z'), '09:15')?.toISOString()).toBe('2026-11-28T01:15:00.000Z');
    expect(sameDayReminder(new Date('2026-11-28T09:00:00Z'), '17:00')).toBeUndefined();
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), '5:00')).toBeUndefined();
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), '17:00:00')).toBeUndefined();
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), 'at 17:00')).toBeUndefined();
    expect(sameDayReminder(new Date('2026-11-28T06:00:00Z'), undefined)).toBeUndefined();
  });

  it("R-VERIFY-20-40, R-MEDIA: a request opens the phone answer, and the written one when asked, each due the policy's minutes after the request", () => {
    // Prepare
    const requestedAt = '2026-11-28T01:00:00.000Z';
    const request = { incidentId: 'INC-1', requestId: 'VRQ-1', requestedAt, writtenAnswerRequired: true };
    const minutesAfter = (obligation: Obligation) => (Date.parse(obligation.dueAt) - Date.parse(requestedAt)) / 60_000;
    // Act
    const both = verificationObligations(request, zone, defaultPolicy, 1, new Date(requestedAt));
    const phoneOnly = verificationObligations(
      { ...request, writtenAnswerRequired: false, origin: 'media' },
      zone,
      defaultPolicy,
      1,
      new Date(requestedAt),
    );
    // Assess
    expect(
      both.map((obligation) => [obligation.obligationId, obligation.kind, minutesAfter(obligation), obligation.origin]),
    ).toEqual([
      [
        'VRQ-1-phone',
        'verification-phone',
        defaultPolicy.obligations['verification-phone'].dueMinutes,
        { verificationRequestId: 'VRQ-1' },
      ],
      [
        'VRQ-1-written',
        'verification-written',
        defaultPolicy.obligations['verification-written'].dueMinutes,
        { verificationRequestId: 'VRQ-1' },
      ],
    ]);
    expect(both[0].openedAt).toBe(requestedAt);
    expect(phoneOnly.map((obligation) => [obligation.obligationId, obligation.origin])).toEqual([
      ['VRQ-1-phone', { verificationRequestId: 'VRQ-1', source: 'media' }],
    ]);
  });

  it('R-LIFECYCLE: a written report meets the open written report; a follow-up meets the earliest open follow-up only', () => {
    // Prepare
    const owed = (obligationId: string, kind: Obligation['kind'], status: Obligation['status'], dueAt: string) => ({
      ...open({ obligationId, kind, dueAt: new Date(dueAt) }),
      status,
    });
    const obligations = [
      owed('written-report', 'written-report', 'overdue', '2026-11-28T00:35:00Z'),
      owed('follow-up-2', 'follow-up', 'pending', '2026-11-28T06:05:00Z'),
      owed('follow-up-1', 'follow-up', 'overdue', '2026-11-28T04:05:00Z'),
      owed('follow-up-0', 'follow-up', 'met', '2026-11-28T02:05:00Z'),
      owed('VRQ-1-phone', 'verification-phone', 'pending', '2026-11-28T01:20:00Z'),
    ];
    // Act, Assess
    expect(obligationsMetByReport('written', obligations).map((obligation) => obligation.obligationId)).toEqual([
      'written-report',
    ]);
    expect(obligationsMetByReport('follow-up', obligations).map((obligation) => obligation.obligationId)).toEqual([
      'follow-up-1',
    ]);
    expect(obligationsMetByReport('written', obligations.slice(1))).toEqual([]);
    expect(
      finalReportSettlements(obligations).map((settlement) => [settlement.obligation.obligationId, settlement.outcome]),
    ).toEqual([
      ['written-report', 'filed'],
      ['VRQ-1-phone', 'closed'],
      ['follow-up-1', 'filed'],
      ['follow-up-2', 'filed'],
    ]);
  });

  it('R-LIFECYCLE, R-AUDIT: settling a settled obligation names it and its state; opening one records when it is due, by whom, under which policy', () => {
    // Prepare
    const obligation = open();
    // Act, Assess
    expect(() =>
      settle({ obligationId: 'written-report', status: 'late', dueAt: obligation.dueAt }, new Date()),
    ).toThrow('Obligation written-report is already late');
    expect(obligationOpenedEvent(obligation, 'system:deadline-watch', phoneReportAt)).toEqual({
      incidentId: 'INC-1',
      at: phoneReportAt.toISOString(),
      type: 'obligation-opened',
      actor: 'system:deadline-watch',
      unitId: 'gaosheng-zone',
      detail: {
        obligationId: 'written-report',
        kind: 'written-report',
        openedAt: obligation.openedAt,
        dueAt: obligation.dueAt,
        remindAt: obligation.remindAt,
        policyVersion: defaultPolicy.version,
      },
    });
    expect(open({ origin: { instructionId: 'INS-1' } }).origin).toEqual({ instructionId: 'INS-1' });
    expect(Object.keys(open())).not.toContain('origin');
  });
});
