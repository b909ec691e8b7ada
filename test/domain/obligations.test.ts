import { ObligationTransitionError } from '../../functions/domain/errors';
import { isOpen, openWrittenReportObligation, settle, statusAtDeadline } from '../../functions/domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');

describe('written-report obligation', () => {
  it('R-WRITTEN-30: a phone first report opens a written-report obligation due 30 minutes later, with the policy version', () => {
    // Act
    const obligation = openWrittenReportObligation({ incidentId: 'INC-1', unitId: 'gaosheng-zone', phoneReportAt, policy: defaultPolicy, drillSpeed: 1 });
    // Assess
    expect(obligation).toMatchObject({
      kind: 'written-report', status: 'pending', unitId: 'gaosheng-zone',
      openedAt: '2026-11-28T00:05:00.000Z', dueAt: '2026-11-28T00:35:00.000Z', firstEscalationAt: '2026-11-28T00:35:00.000Z',
      policyVersion: defaultPolicy.version,
    });
  });

  it('R-WRITTEN-30: the due time follows the configured minutes and the drill speed', () => {
    // Prepare
    const policy: ReportingPolicy = { ...defaultPolicy, version: 'test', writtenReport: { dueMinutesAfterPhoneReport: 20 }, ladder: [{ step: 1, audience: 'unit-duty-contact', delayMinutesAfterDue: 10 }] };
    // Act
    const obligation = openWrittenReportObligation({ incidentId: 'INC-1', unitId: 'u', phoneReportAt, policy, drillSpeed: 60 });
    // Assess: 20 min / 60 = 20 s; ladder step 1 10 min / 60 = 10 s after that
    expect(obligation.dueAt).toBe('2026-11-28T00:05:20.000Z');
    expect(obligation.firstEscalationAt).toBe('2026-11-28T00:05:30.000Z');
    expect(obligation.policyVersion).toBe('test');
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

  it('R-WRITTEN-30: still pending at the deadline becomes overdue; anything else is left as it is', () => {
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
