import { fixedDirectory } from '../../functions/shared/directory-source';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { EscalationDeliveryError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import type { EscalationNotifier } from '../../functions/shared/escalation-notifier';
import { isValidAcknowledgementSignature } from '../../functions/domain/acknowledgements';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const afterDeadline = new Date('2026-11-28T00:40:00Z');
const gaosheng = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!;
const step = (escalationStep: number, repeat = 0) => ({ obligationId: 'written-report', escalationStep, repeat });

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
    await givenPhoneReportedIncident(table, { incidentId, phoneReportAt, unitId });
    return incidentId;
  }

  const escalate = (notifier: EscalationNotifier, now = afterDeadline) =>
    makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org/',
      consoleUrl: 'https://console.example.org/console/',
      now: () => now,
    });

  it('R-LADDER step 1: one SMS and one e-mail to the unit duty contact, in Chinese, and the obligation is overdue', async () => {
    // Prepare
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    // Act
    const result = await escalate(notifier)({ incidentId, ...step(1) });
    // Assess
    expect(notifier.sent.map((message) => [message.channel, message.to])).toEqual([
      ['sms', gaosheng.contacts.dutyContact.phone],
      ['email', gaosheng.contacts.dutyContact.email],
    ]);
    const code = notifier.sent[0].text.match(/回复([0-9A-Z]{6})确认/)![1];
    expect(notifier.sent[0].text).toBe(
      `【应急催报】高升经济区：${incidentId}书面报告已逾期5分钟，请立即报送。回复${code}确认`,
    );
    // Issue 14 item 6: a link to the obligation's page in the console, not an API call to copy.
    expect(notifier.sent[1].text).toContain(
      `报送方式：登录值班台报送 https://console.example.org/console/#/incidents/${incidentId}/obligations/written-report`,
    );
    const link = new URL(notifier.sent[1].text.match(/https:\/\/api\.example\.org\/acknowledgements\/\S+/)![0]);
    expect(
      isValidAcknowledgementSignature(
        testSigningKey.key,
        code,
        'gaosheng-zone.duty',
        link.searchParams.get('signature')!,
      ),
    ).toBe(true);
    expect(notifier.sent[0].context).toEqual({
      kind: 'escalation',
      incidentId,
      obligationId: 'written-report',
      escalationStep: 1,
      repeat: 0,
    });
    expect(result).toMatchObject({
      escalated: true,
      escalationStep: 1,
      repeat: 0,
      obligationStatus: 'overdue',
      reason: 'written report overdue by 5 min: step 1 (unit-duty-contact)',
      nextEscalation: { escalationStep: 1, repeat: 1, at: '2026-11-28T00:45:00.000Z' },
    });
    expect(result.notified).toHaveLength(2);
    const record = await table.incidents.getIncidentRecord(incidentId);
    expect(record?.obligations[0].status).toBe('overdue');
    expect(record?.messages.map((message) => [message.channel, message.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    expect(record?.timeline.filter((event) => event.type === 'escalation-sent')).toHaveLength(2);
  });

  it('R-LADDER: running the same step again sends nothing twice', async () => {
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, ...step(1) });
    const again = await escalate(notifier)({ incidentId, ...step(1) });
    expect(notifier.sent).toHaveLength(2);
    expect(again.notified.map((contact) => contact.outcome)).toEqual(['already-sent', 'already-sent']);
  });

  it('R-LADDER: a unit whose contact has no e-mail gets the SMS only', async () => {
    const incidentId = await givenPendingObligation('example-town-b');
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, ...step(1) });
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms']);
  });

  it('R-LADDER: stops the moment the obligation is met: nothing is sent', async () => {
    const incidentId = await givenPendingObligation();
    await table.obligations.settleObligation(incidentId, 'written-report', 'pending', {
      status: 'met',
      metAt: '2026-11-28T00:30:00.000Z',
      metByDocumentId: 'RPT-1',
    });
    const notifier = new RecordingNotifier();
    const result = await escalate(notifier)({ incidentId, ...step(1) });
    expect(notifier.sent).toEqual([]);
    expect(result).toMatchObject({ escalated: false, obligationStatus: 'met', nextEscalation: null });
  });

  it('R-LADDER, R-DUAL: step 2 goes to the principal leader; step 3 to both county duty offices and their leaders, nobody twice', async () => {
    // Prepare
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    // Act
    const second = await escalate(notifier, new Date('2026-11-28T00:50:00Z'))({ incidentId, ...step(2) });
    const third = await escalate(notifier, new Date('2026-11-28T01:05:00Z'))({ incidentId, ...step(3) });
    // Assess
    expect(second.notified.map((contact) => `${contact.contactId}/${contact.channel}`)).toEqual([
      'gaosheng-zone.leader/sms',
      'gaosheng-zone.leader/email',
    ]);
    expect(third.notified.filter((contact) => contact.channel === 'sms').map((contact) => contact.contactId)).toEqual([
      'county-gov-duty-office.duty',
      'county-gov-duty-office.leader',
      'county-party-duty-office.duty',
      'county-party-duty-office.leader',
    ]);
    expect(notifier.sent[2].text).toMatch(
      new RegExp(`^【应急催报3级】高升经济区${incidentId}书面报告已逾期30分钟，请督促报送。回复[0-9A-Z]{6}确认$`),
    );
    expect(third.nextEscalation).toBeNull();
    expect(new Set(notifier.sent.map((message) => `${message.to}/${message.channel}`)).size).toBe(notifier.sent.length);
  });

  it('R-LADDER: an acknowledged step is not repeated; the ladder still climbs', async () => {
    // Prepare
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, ...step(1) });
    const code = await table.acknowledgements.acknowledgementCodeFor(
      { incidentId, obligationId: 'written-report', escalationStep: 1 },
      () => 'UNUSED',
    );
    await table.acknowledgements.putAcknowledgement({
      incidentId,
      obligationId: 'written-report',
      escalationStep: 1,
      code,
      contactId: 'gaosheng-zone.duty',
      via: 'sms',
      acknowledgedAt: afterDeadline.toISOString(),
    });
    // Act
    const repeat = await escalate(notifier, new Date('2026-11-28T00:45:00Z'))({ incidentId, ...step(1, 1) });
    // Assess
    expect(repeat).toMatchObject({
      escalated: false,
      obligationStatus: 'overdue',
      nextEscalation: { escalationStep: 2, repeat: 0 },
    });
    expect(repeat.reason).toContain('acknowledged by gaosheng-zone.duty');
    expect(notifier.sent).toHaveLength(2);
    const record = await table.incidents.getIncidentRecord(incidentId);
    expect(record?.timeline.map((event) => event.type)).toContain('escalation-skipped');
  });

  it('R-LADDER: an unacknowledged step is repeated with the same code', async () => {
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    await escalate(notifier)({ incidentId, ...step(1) });
    await escalate(notifier, new Date('2026-11-28T00:45:00Z'))({ incidentId, ...step(1, 1) });
    const codes = notifier.sent
      .filter((message) => message.channel === 'sms')
      .map((message) => message.text.match(/回复([0-9A-Z]{6})确认/)![1]);
    expect(codes).toHaveLength(2);
    expect(codes[0]).toBe(codes[1]);
  });

  it('a failed SNS publish is recorded, never reported as sent, and the retry sends only what is missing', async () => {
    // Prepare: SNS fails the e-mail (the second message)
    const incidentId = await givenPendingObligation();
    const notifier = new RecordingNotifier();
    notifier.failNext.email = 1;
    // Act
    await expect(escalate(notifier)({ incidentId, ...step(1) })).rejects.toBeInstanceOf(EscalationDeliveryError);
    const afterFailure = await table.incidents.getIncidentRecord(incidentId);
    await escalate(notifier)({ incidentId, ...step(1) });
    // Assess
    expect(afterFailure?.messages.find((message) => message.channel === 'email')).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('SNS is unavailable'),
    });
    expect(afterFailure?.timeline.map((event) => event.type)).toContain('escalation-failed');
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms', 'email']);
    const final = await table.incidents.getIncidentRecord(incidentId);
    expect(final?.messages.map((message) => message.status)).toEqual(['sent', 'sent']);
  });
});
