import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { SnsEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { SnsOperatorAlarms } from '../../functions/shared/operator-alarms';
import { LocalSns } from '../../infra/local/sns';

const emailTopicArn = 'arn:aws:sns:us-east-1:local:incident-escalation-email';
const operatorsTopicArn = 'arn:aws:sns:us-east-1:local:incident-reporting-operators';
const contact = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!.contacts.dutyContact;
const context = {
  kind: 'escalation' as const,
  incidentId: 'INC-20261128-7K3Q9P',
  obligationId: 'written-report',
  escalationStep: 1,
};

describe('publishing through the real AWS SDK to the local SNS', () => {
  let dir: string;
  let sns: LocalSns;
  let client: SNSClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sns-'));
    sns = new LocalSns({
      outboxFile: join(dir, 'outbox.jsonl'),
      emailTopicArn,
      operatorsTopicArn,
      directory: defaultDirectory,
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

  it('R-LADDER: a lone surrogate in a message (a title cut through an emoji, older data) goes out as U+FFFD, and the next message on the same client arrives whole', async () => {
    // Prepare
    const notifier = new SnsEscalationNotifier(client, emailTopicArn);
    const broken = `储罐${'😀'.slice(0, 1)}泄漏`;
    // Act
    await notifier.sendEmail(contact, `【逾期未报】${broken}`, `事件：${broken}`, context);
    await notifier.sendEmail(contact, '【逾期未报】第二条', '事件：某化工企业储罐泄漏', context);
    await new SnsOperatorAlarms(client, operatorsTopicArn).raise(`告警 ${broken}`, `详情 ${broken}`);
    // Assess
    const bodies = sns.outbox().map((message) => [message.subject, message.body]);
    expect(bodies).toEqual([
      ['【逾期未报】储罐\uFFFD泄漏', '事件：储罐\uFFFD泄漏'],
      ['【逾期未报】第二条', '事件：某化工企业储罐泄漏'],
      ['告警 储罐\uFFFD泄漏', '详情 储罐\uFFFD泄漏'],
    ]);
  });

  it('why: a raw publish the SDK cannot encode leaves its half-written request in the client, and the next publish would carry an empty Message in front of its own — the local SNS refuses that request instead of delivering an empty body', async () => {
    // Act: what every publish did before it went through publishToSns
    await expect(
      client.send(
        new PublishCommand({
          TopicArn: emailTopicArn,
          Message: '😀'.slice(0, 1),
          MessageAttributes: { contactId: { DataType: 'String', StringValue: contact.contactId } },
        }),
      ),
    ).rejects.toThrow(URIError);
    const next = client.send(
      new PublishCommand({
        TopicArn: emailTopicArn,
        Subject: 's',
        Message: 'the next message',
        MessageAttributes: { contactId: { DataType: 'String', StringValue: contact.contactId } },
      }),
    );
    // Assess
    await expect(next).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(sns.outbox()).toEqual([]);
  });
});
