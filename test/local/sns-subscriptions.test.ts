import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Directory } from '../../functions/domain/directory';
import { SnsEmailSubscriptions, syncEmailSubscriptions } from '../../functions/shared/email-subscriptions';
import { SnsEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { LocalSns } from '../../infra/local/sns';

const emailTopicArn = 'arn:aws:sns:us-east-1:local:incident-escalation-email';
const zone = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!;
const withDutyEmail = (email: string): Directory => ({
  units: [{ ...zone, contacts: { ...zone.contacts, dutyContact: { ...zone.contacts.dutyContact, email } } }],
});
const context = { kind: 'escalation' as const, incidentId: 'INC-20261202-MAIL01', obligationId: 'written-report' };

describe('issue 15 item 2: the e-mail topic follows the directory, through the real AWS SDK to the local SNS', () => {
  let dir: string;
  let sns: LocalSns;
  let client: SNSClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sns-subscriptions-'));
    sns = new LocalSns({
      outboxFile: join(dir, 'outbox.jsonl'),
      emailTopicArn,
      operatorsTopicArn: 'arn:aws:sns:us-east-1:local:operators',
      print: () => undefined,
    });
    client = new SNSClient({
      endpoint: await sns.listen(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await sns.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an address added is subscribed filtered on its contact; changed, the old one is removed and the next e-mail goes to the new one', async () => {
    // Prepare
    const subscriptions = new SnsEmailSubscriptions(client, emailTopicArn);
    const notifier = new SnsEscalationNotifier(client, emailTopicArn);
    // Act
    const first = await syncEmailSubscriptions(subscriptions, withDutyEmail('duty@gaosheng.gov.cn'));
    const again = await syncEmailSubscriptions(subscriptions, withDutyEmail('duty@gaosheng.gov.cn'));
    await notifier.sendEmail(
      { ...zone.contacts.dutyContact, email: 'duty@gaosheng.gov.cn' },
      '第一封',
      '正文',
      context,
    );
    const changed = await syncEmailSubscriptions(subscriptions, withDutyEmail('night@gaosheng.gov.cn'));
    await notifier.sendEmail(
      { ...zone.contacts.dutyContact, email: 'night@gaosheng.gov.cn' },
      '第二封',
      '正文',
      context,
    );
    // Assess
    expect(first.subscribe).toEqual([{ endpoint: 'duty@gaosheng.gov.cn', contactIds: ['gaosheng-zone.duty'] }]);
    expect(again).toEqual({ subscribe: [], refilter: [], unsubscribe: [] });
    expect(changed.unsubscribe.map((entry) => entry.endpoint)).toEqual(['duty@gaosheng.gov.cn']);
    expect(await subscriptions.list()).toEqual([
      {
        endpoint: 'night@gaosheng.gov.cn',
        subscriptionArn: expect.stringContaining(emailTopicArn) as unknown,
        contactIds: ['gaosheng-zone.duty'],
      },
    ]);
    expect(sns.outbox().map((message) => [message.subject, message.to])).toEqual([
      ['第一封', 'duty@gaosheng.gov.cn'],
      ['第二封', 'night@gaosheng.gov.cn'],
    ]);
  });
});
