import { defaultDirectory } from '../../functions/domain/directory';
import { EscalationDeliveryError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import type { EscalationNotifier } from '../../functions/shared/escalation-notifier';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const afterDeadline = new Date('2026-11-28T00:40:00Z');
const gaosheng = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!;

describe('escalate-obligation task', () => {
  let table: TestTable;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  async function givenPendingObligation(unitId = 'gaosheng-zone'): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-ESC${String(sequence).padStart(3, '0')}`;
    await givenPhoneReportedIncident(table.store, { incidentId, phoneReportAt, unitId });
    return incidentId;
  }

  const escalate = (notifier: EscalationNotifier) =>
    makeEscalate({ store: table.store, notifier, directory: defaultDirectory, policy: defaultPolicy, publicApiUrl: 'https://api.example.org/', now: () => afterDeadline });

  it('R-LADDER step 1: one SMS and one e-mail to the unit duty contact, in Chinese, and the obligation is overdue', async () => {
    // Prepare
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    // Act
    const result = await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    // Assess
    expect(notifier.sent.map((message) => [message.channel, message.to])).toEqual([
      ['sms', gaosheng.contacts.dutyContact.phone],
      ['email', gaosheng.contacts.dutyContact.email],
    ]);
    expect(notifier.sent[0].text).toContain('已逾期5分钟');
    expect(notifier.sent[0].text).toContain(`POST https://api.example.org/incidents/${incidentId}/reports`);
    expect(notifier.sent[0].context).toEqual({ kind: 'escalation', incidentId, obligationId: 'written-report', escalationStep: 1 });
    expect(result).toMatchObject({ escalated: true, escalationStep: 1, obligationStatus: 'overdue', reason: 'written report overdue by 5 min' });
    expect(result.notified).toHaveLength(2);
    const record = await table.store.getIncidentRecord(incidentId);
    expect(record?.obligations[0].status).toBe('overdue');
    expect(record?.escalations.map((escalation) => [escalation.channel, escalation.status])).toEqual([['email', 'sent'], ['sms', 'sent']]);
    expect(record?.timeline.filter((event) => event.type === 'escalation-sent')).toHaveLength(2);
  });

  it('R-LADDER: running the same step again sends nothing twice', async () => {
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    const again = await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    expect(notifier.sent).toHaveLength(2);
    expect(again.notified.map((contact) => contact.outcome)).toEqual(['already-sent', 'already-sent']);
  });

  it('R-LADDER: a unit whose contact has no e-mail gets the SMS only', async () => {
    const incidentId = await givenPendingObligation('example-town-b');
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms']);
  });

  it('R-LADDER: stops the moment the obligation is met: nothing is sent', async () => {
    const incidentId = await givenPendingObligation();
    await table.store.settleObligation(incidentId, 'written-report', 'pending', { status: 'met', metAt: '2026-11-28T00:30:00.000Z', metByReportId: 'RPT-1' });
    const notifier = new RecordingNotifier();
    const result = await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    expect(notifier.sent).toEqual([]);
    expect(result).toMatchObject({ escalated: false, obligationStatus: 'met' });
  });

  it('a failed SNS publish is recorded, never reported as sent, and the retry sends only what is missing', async () => {
    // Prepare: SNS fails the e-mail (the second message)
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    notifier.failNext.email = 1;
    // Act
    await expect(escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 })).rejects.toBeInstanceOf(EscalationDeliveryError);
    const afterFailure = await table.store.getIncidentRecord(incidentId);
    await escalate(notifier)({ incidentId, obligationId: 'written-report', escalationStep: 1 });
    // Assess
    expect(afterFailure?.escalations.find((escalation) => escalation.channel === 'email')).toMatchObject({ status: 'failed', lastError: expect.stringContaining('SNS is unavailable') });
    expect(afterFailure?.timeline.map((event) => event.type)).toContain('escalation-failed');
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms', 'email']);
    const final = await table.store.getIncidentRecord(incidentId);
    expect(final?.escalations.map((escalation) => escalation.status)).toEqual(['sent', 'sent']);
  });
});
