import { ObligationTransitionError } from '../../functions/domain/errors';
import { deadlineFor, escalationSchedule, finalReportSettlements, isOpen, nextEscalationRound, openObligation, settle, statusAtDeadline } from '../../functions/domain/obligations';
import { defaultPolicy, followUpCadenceMinutes, ladderFor, type ReportingPolicy } from '../../functions/domain/policy';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const zone = { unitId: 'gaosheng-zone', kind: 'zone' as const };

describe('deadlines are data (policy.json, each beside its clause)', () => {
  it('R-WRITTEN-30, R-VERIFY-20-40, R-INSTRUCTION-12H: the notice\'s numbers are the defaults', () => {
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
    const none: ReportingPolicy = { ...defaultPolicy, obligations: { ...defaultPolicy.obligations, 'follow-up': { ...defaultPolicy.obligations['follow-up'], dueMinutesBySeverity: { ...defaultPolicy.obligations['follow-up'].dueMinutesBySeverity, general: null } } } };
    expect(followUpCadenceMinutes(none, 'general')).toBeNull();
  });

  it('R-LADDER: the ladder is per unit kind, overridable per unit', () => {
    expect(ladderFor(defaultPolicy, zone).map((step) => step.audience)).toEqual(['unit-duty-contact', 'unit-principal-leader', 'county-duty-offices-and-leadership']);
    expect(ladderFor(defaultPolicy, { unitId: 'example-chemical-enterprise', kind: 'enterprise' }).map((step) => step.audience))
      .toEqual(['unit-duty-contact', 'unit-principal-leader', 'local-government', 'county-duty-offices-and-leadership']);
    const override: ReportingPolicy = { ...defaultPolicy, ladders: { ...defaultPolicy.ladders, byUnit: { 'gaosheng-zone': [{ step: 1, audience: 'unit-principal-leader', delayMinutesAfterDue: 5 }] } } };
    expect(ladderFor(override, zone)).toEqual([{ step: 1, audience: 'unit-principal-leader', delayMinutesAfterDue: 5 }]);
  });
});

describe('obligations', () => {
  it('R-WRITTEN-30, R-LADDER: opening fixes the deadline, the reminder at two thirds of the window and the whole ladder, with the policy version', () => {
    // Act
    const obligation = openObligation({
      incidentId: 'INC-1', obligationId: 'written-report', kind: 'written-report', unit: zone, openedAt: phoneReportAt, now: phoneReportAt,
      dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1), policy: defaultPolicy, drillSpeed: 1,
    });
    // Assess
    expect(obligation).toMatchObject({
      kind: 'written-report', status: 'pending', unitId: 'gaosheng-zone', openedAt: '2026-11-28T00:05:00.000Z', dueAt: '2026-11-28T00:35:00.000Z',
      remindAt: '2026-11-28T00:25:00.000Z', policyVersion: defaultPolicy.version,
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
      incidentId: 'INC-1', obligationId: 'written-report', kind: 'written-report', unit: zone, openedAt: phoneReportAt, now: phoneReportAt,
      dueAt: deadlineFor('written-report', phoneReportAt, defaultPolicy, 1), policy: defaultPolicy, drillSpeed: 1,
    });
    const stored = JSON.parse(JSON.stringify(opened));
    // Act: a new policy with other numbers
    const newPolicy: ReportingPolicy = { ...defaultPolicy, version: 'next', obligations: { ...defaultPolicy.obligations, 'written-report': { ...defaultPolicy.obligations['written-report'], dueMinutes: 10 } } };
    // Assess: what decides the escalation is on the stored obligation
    expect(nextEscalationRound(stored)?.at).toBe('2026-11-28T00:35:00.000Z');
    expect(stored.policyVersion).toBe(defaultPolicy.version);
    expect(deadlineFor('written-report', phoneReportAt, newPolicy, 1).toISOString()).toBe('2026-11-28T00:15:00.000Z');
  });

  it('R-LADDER: reminders are off for units that asked, and never scheduled in the past', () => {
    const quiet: ReportingPolicy = { ...defaultPolicy, reminder: { ...defaultPolicy.reminder, disabledForUnits: ['gaosheng-zone'] } };
    const base = { incidentId: 'INC-1', obligationId: 'x', kind: 'instruction-feedback' as const, unit: zone, drillSpeed: 1 };
    const receivedAt = new Date('2026-11-28T00:00:00Z');
    const dueAt = deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1);
    expect(openObligation({ ...base, openedAt: receivedAt, now: receivedAt, dueAt, policy: quiet }).remindAt).toBeUndefined();
    // Recorded ten hours after it was received: two thirds (8 h) is already past.
    expect(openObligation({ ...base, openedAt: receivedAt, now: new Date('2026-11-28T10:00:00Z'), dueAt, policy: defaultPolicy }).remindAt).toBeUndefined();
    expect(openObligation({ ...base, openedAt: receivedAt, now: receivedAt, dueAt, policy: defaultPolicy }).remindAt).toBe('2026-11-28T08:00:00.000Z');
  });

  it('R-INSTRUCTION-12H: feedback received in the afternoon is reminded at the end of the office day ("in principle the same day"), not at two thirds of the 12 hours', () => {
    const base = { incidentId: 'INC-1', obligationId: 'INS-1-feedback', kind: 'instruction-feedback' as const, unit: zone, policy: defaultPolicy, drillSpeed: 1 };
    const afternoon = new Date('2026-11-28T06:00:00Z'); // 14:00 Beijing; due 02:00 the next day
    const morning = new Date('2026-11-28T00:30:00Z'); // 08:30 Beijing; two thirds is 16:30, before 17:00
    const evening = new Date('2026-11-28T10:00:00Z'); // 18:00 Beijing: the office day is over
    const remindAt = (receivedAt: Date) => openObligation({ ...base, openedAt: receivedAt, now: receivedAt, dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1) }).remindAt;
    expect(remindAt(afternoon)).toBe('2026-11-28T09:00:00.000Z'); // 17:00 Beijing
    expect(remindAt(morning)).toBe('2026-11-28T08:30:00.000Z'); // 16:30 Beijing, two thirds
    expect(remindAt(evening)).toBe('2026-11-28T18:00:00.000Z'); // 02:00 Beijing, two thirds
  });

  it('R-LADDER: the schedule follows the drill speed; the last step does not repeat', () => {
    const rounds = escalationSchedule([
      { step: 1, audience: 'unit-duty-contact', delayMinutesAfterDue: 0, repeatEveryMinutes: 4 },
      { step: 2, audience: 'county-duty-offices-and-leadership', delayMinutesAfterDue: 10, repeatEveryMinutes: 4 },
    ], new Date('2026-11-28T00:00:00Z'), 60);
    expect(rounds.map((round) => `${round.escalationStep}.${round.repeat}@${round.at.slice(14, 19)}`)).toEqual(['1.0@00:00', '1.1@00:04', '1.2@00:08', '2.0@00:10']);
    expect(nextEscalationRound({ escalationSchedule: rounds }, { escalationStep: 1, repeat: 2 })?.escalationStep).toBe(2);
    expect(nextEscalationRound({ escalationSchedule: rounds }, { escalationStep: 2, repeat: 0 })).toBeNull();
  });

  it('R-LADDER: an obligation that opens already overdue (an instruction received days ago) starts at step 1 now; the later steps keep their spacing from now', () => {
    // Prepare: feedback on an instruction received three days ago was due two and a half days ago
    const receivedAt = new Date('2026-11-25T00:00:00Z');
    const now = new Date('2026-11-28T03:00:00Z');
    // Act
    const obligation = openObligation({
      incidentId: 'INC-1', obligationId: 'INS-1-feedback', kind: 'instruction-feedback', unit: zone, openedAt: receivedAt, now,
      dueAt: deadlineFor('instruction-feedback', receivedAt, defaultPolicy, 1), policy: defaultPolicy, drillSpeed: 1,
    });
    // Assess: the deadline stays what the notice says (R-EVAL counts it late from there); the ladder climbs from now, one step at a time
    expect(obligation.dueAt).toBe('2026-11-25T12:00:00.000Z');
    expect(obligation.remindAt).toBeUndefined();
    expect(obligation.escalationSchedule.map((round) => [round.escalationStep, round.repeat, round.at])).toEqual([
      [1, 0, '2026-11-28T03:00:00.000Z'], [1, 1, '2026-11-28T03:10:00.000Z'],
      [2, 0, '2026-11-28T03:15:00.000Z'], [2, 1, '2026-11-28T03:25:00.000Z'],
      [3, 0, '2026-11-28T03:30:00.000Z'],
    ]);
    expect(obligation.escalationSchedule.filter((round) => Date.parse(round.at) <= now.getTime())).toHaveLength(1);
  });

  it('R-LIFECYCLE: the final report settles what is still owed: the written and follow-up reports it is, the rest closed in the state they were in, earliest first', () => {
    const owed = (obligationId: string, kind: 'written-report' | 'follow-up' | 'verification-phone' | 'instruction-feedback', status: 'pending' | 'overdue' | 'met', dueAt: string) =>
      ({ ...openObligation({ incidentId: 'INC-1', obligationId, kind, unit: zone, openedAt: phoneReportAt, now: phoneReportAt, dueAt: new Date(dueAt), policy: defaultPolicy, drillSpeed: 1 }), status });
    const settlements = finalReportSettlements([
      owed('follow-up-1', 'follow-up', 'overdue', '2026-11-28T04:05:00Z'),
      owed('written-report', 'written-report', 'met', '2026-11-28T00:35:00Z'),
      owed('VRQ-1-phone', 'verification-phone', 'overdue', '2026-11-28T01:20:00Z'),
      owed('INS-1-feedback', 'instruction-feedback', 'pending', '2026-11-28T12:00:00Z'),
    ]);
    expect(settlements.map((settlement) => [settlement.obligation.obligationId, settlement.outcome, settlement.outcome === 'closed' ? settlement.closedWhile : undefined])).toEqual([
      ['VRQ-1-phone', 'closed', 'overdue'], ['follow-up-1', 'filed', undefined], ['INS-1-feedback', 'closed', 'pending'],
    ]);
  });

  it('R-LIFECYCLE: filed at or before the deadline is met, after it is late', () => {
    const obligation = { obligationId: 'written-report', status: 'pending' as const, dueAt: '2026-11-28T00:35:00.000Z' };
    expect(settle(obligation, new Date('2026-11-28T00:20:00Z'))).toBe('met');
    expect(settle(obligation, new Date('2026-11-28T00:35:00Z'))).toBe('met');
    expect(settle(obligation, new Date('2026-11-28T00:35:00.001Z'))).toBe('late');
    expect(settle({ ...obligation, status: 'overdue' }, new Date('2026-11-28T00:50:00Z'))).toBe('late');
  });

  it('R-LIFECYCLE: a met or late obligation cannot be settled again', () => {
    expect(() => settle({ obligationId: 'written-report', status: 'met', dueAt: '2026-11-28T00:35:00.000Z' }, new Date())).toThrow(ObligationTransitionError);
    expect(() => settle({ obligationId: 'written-report', status: 'late', dueAt: '2026-11-28T00:35:00.000Z' }, new Date())).toThrow(ObligationTransitionError);
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
