import { fixedDirectory } from '../../functions/shared/directory-source';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeStartSpotCheck } from '../../functions/api/start-spot-check';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { makeHandler as makeSendSmsDigests } from '../../functions/workflow/send-sms-digests';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const atDeadline = new Date('2026-11-28T00:35:00Z');
const windowMs = 120_000;
const at = (milliseconds: number) => new Date(atDeadline.getTime() + milliseconds);

describe('R-LADDER, messages that arrive: at most one SMS per phone per window, the rest merged into one', () => {
  let table: TestTable;
  let notifier: RecordingNotifier;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    notifier = new RecordingNotifier();
  });

  const escalate = (incidentId: string, now: Date) =>
    makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org',
      consoleUrl: 'https://console.example.org/console/',
      smsRateLimit: { windowMs, queue: table.smsQueue },
      now: () => now,
    })({ incidentId, obligationId: 'written-report', escalationStep: 1, repeat: 0 });
  const sendDigests = (now: Date) =>
    makeSendSmsDigests({
      ...table.repositories,
      queue: table.smsQueue,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      windowMs,
      now: () => now,
    })();

  it('three deadlines passing together for one unit: one SMS at once, the other two in one merged SMS when the window ends; every e-mail at once', async () => {
    // Prepare: three incidents of the same zone, all overdue at the same moment
    const incidents = ['INC-20261128-RATE01', 'INC-20261128-RATE02', 'INC-20261128-RATE03'];
    for (const incidentId of incidents) await givenPhoneReportedIncident(table, { incidentId, phoneReportAt });
    // Act
    const results = [
      await escalate(incidents[0], at(0)),
      await escalate(incidents[1], at(1000)),
      await escalate(incidents[2], at(2000)),
    ];
    const tooEarly = await sendDigests(at(60_000));
    const sentBeforeDigest = notifier.sent.filter((message) => message.channel === 'sms').length;
    const digest = await sendDigests(at(121_000));
    const again = await sendDigests(at(300_000));
    // Assess
    expect(results.map((result) => result.notified.find((contact) => contact.channel === 'sms')?.outcome)).toEqual([
      'sent',
      'queued',
      'queued',
    ]);
    expect(notifier.sent.filter((message) => message.channel === 'email')).toHaveLength(3);
    expect(sentBeforeDigest).toBe(1);
    expect(tooEarly).toEqual({ sent: [], waiting: ['+8613800000003'], failed: [] });
    expect(digest.sent).toEqual([{ phone: '+8613800000003', merged: 2 }]);
    const merged = notifier.sent.filter((message) => message.channel === 'sms')[1].text;
    // R-LADDER: one segment — the first in a few words, then how many in all; the rest is in the e-mail and the
    // console.
    expect(merged).toMatch(
      /^【应急信息汇总】高升经济区INC-20261128-RATE02书面报告已到时限未报（回复[0-9A-Z]{6}）…等2条，详见邮件。$/,
    );
    expect(merged.length).toBeLessThanOrEqual(70);
    expect(again).toEqual({ sent: [], waiting: [], failed: [] });
    for (const incidentId of incidents.slice(1)) {
      const record = await table.incidents.getIncidentRecord(incidentId);
      expect(record?.messages.find((message) => message.channel === 'sms')).toMatchObject({
        status: 'sent',
        mergedIntoDigest: true,
      });
      expect(record?.timeline.map((event) => event.type)).toEqual(
        expect.arrayContaining(['sms-queued', 'escalation-sent']),
      );
    }
    expect(await table.smsQueue.held()).toEqual([]);
  });

  it('a new SMS to a phone whose earlier SMS wait for their digest waits behind them, even when the window is free: held ones are never starved', async () => {
    // Prepare: one SMS sent, a second held for the digest (another unit, so the earlier tests' phone is not involved)
    const incidents = ['INC-20261128-FAIR01', 'INC-20261128-FAIR02', 'INC-20261128-FAIR03'];
    for (const incidentId of incidents)
      await givenPhoneReportedIncident(table, { incidentId, phoneReportAt, unitId: 'north-new-materials-park' });
    await escalate(incidents[0], at(0));
    await escalate(incidents[1], at(1000));
    // Act: the window has ended, but before the digest run a third deadline passes
    const third = await escalate(incidents[2], at(130_000));
    const digest = await sendDigests(at(131_000));
    // Assess: the third waited behind the second, and both went out together, oldest first
    expect(third.notified.find((contact) => contact.channel === 'sms')?.outcome).toBe('queued');
    expect(digest.sent).toEqual([{ phone: expect.any(String), merged: 2 }]);
    const sms = notifier.sent.filter((message) => message.channel === 'sms').map((message) => message.text);
    expect(sms).toHaveLength(2);
    expect(sms[1]).toContain('INC-20261128-FAIR02');
  });

  it('a merged SMS that SNS refuses stays queued and goes out on a later run, once', async () => {
    const incidents = ['INC-20261128-RATE11', 'INC-20261128-RATE12'];
    for (const incidentId of incidents)
      await givenPhoneReportedIncident(table, { incidentId, phoneReportAt, unitId: 'example-town-a' });
    await escalate(incidents[0], at(1_000_000));
    await escalate(incidents[1], at(1_001_000));
    notifier.failNext.sms = 1;
    const failed = await sendDigests(at(1_130_000));
    const retried = await sendDigests(at(1_260_000));
    expect(failed.failed).toEqual([{ phone: '+8613800000025', reason: expect.stringContaining('SNS is unavailable') }]);
    expect(retried.sent).toEqual([{ phone: '+8613800000025', merged: 1 }]);
    const toTown = notifier.sent.filter((message) => message.channel === 'sms' && message.to === '+8613800000025');
    expect(toTown).toHaveLength(2);
    // Only one was held: it goes out as it was written, not as a digest of one.
    expect(toTown[1].text).toMatch(
      /^【应急催报】示例镇甲：INC-20261128-RATE12书面报告已逾期\d+分钟，请立即报送。回复[0-9A-Z]{6}确认$/,
    );
  });

  it('R-SPOTCHECK: a spot check on a duty post just sent an SMS is held for its next merged SMS, and goes out with it while the check is unanswered', async () => {
    // Prepare: the town's duty phone got an SMS a moment ago
    const phone = '+8613800000027';
    await table.smsQueue.takeSmsSlot(phone, at(0), windowMs);
    const start = makeStartSpotCheck({
      ...table.repositories,
      notifier,
      smsRateLimit: { windowMs, queue: table.smsQueue },
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => at(1_000),
    });
    // Act
    const started = JSON.parse(
      (await start(httpEvent({ method: 'POST', path: '/spot-checks', body: { unitId: 'example-town-b' } }), context))
        .body!,
    );
    const heldBack = [...notifier.sent];
    await sendDigests(at(windowMs + 1_000));
    // Assess
    expect(heldBack).toEqual([]);
    expect(started).toMatchObject({ code: expect.any(String), result: 'pending' });
    expect(started.notificationError).toBeUndefined();
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: phone,
        text: expect.stringContaining(`回复${started.code}确认在岗`),
      }),
    ]);
    expect((await table.messages.messagesOf(started.spotCheckId, 'spot-check')).map(({ status }) => status)).toEqual([
      'sent',
    ]);
  });
});
