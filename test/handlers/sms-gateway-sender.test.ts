import { fixedDirectory } from '../../functions/shared/directory-source';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { AliyunSmsGateway } from '../../functions/shared/aliyun-sms';
import { GatewayEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { makeHandler as makeSender } from '../../functions/events/sms-gateway-sender';
import { defaultGatewayConfig } from '../../functions/shared/sms-gateway-config';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { LocalSmsProvider } from '../../infra/local/sms-provider';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const SMS_TOPIC = 'arn:test:sns:us-east-1:test:incident-sms-gateway';
const EMAIL_TOPIC = 'arn:test:sns:us-east-1:test:incident-escalation-email';
const credentials = { accessKeyId: 'LTAI-local', accessKeySecret: 'local-secret-not-real' };
const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const afterDeadline = new Date('2026-11-28T00:40:00Z');

describe('R-LADDER: gateway SMS mode — escalation → SMS topic → sender → domestic provider (issue 7)', () => {
  let table: TestTable;
  let provider: LocalSmsProvider;
  let endpoint: string;
  const sns = mockClient(SNSClient);
  let published: PublishCommandInput[] = [];
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
    provider = new LocalSmsProvider({
      credentials: [credentials],
      signNames: [defaultGatewayConfig.signName],
      templateCodes: Object.values(defaultGatewayConfig.templateCodes),
      onAccepted: () => undefined,
    });
    endpoint = await provider.listen();
  });
  afterAll(async () => {
    await provider.stop();
    await table.stop();
  });
  beforeEach(() => {
    sns.reset();
    published = [];
    sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
      published.push(input);
      return { MessageId: `sns-${published.length}-${sequence}` };
    });
  });

  /**
   * An overdue written report escalated at step 1 through the gateway notifier; the SMS topic's messages as SNS would
   * deliver them.
   */
  async function escalateThroughGateway(): Promise<{ incidentId: string; event: SNSEvent }> {
    sequence += 1;
    const incidentId = `INC-20261128-GW${String(sequence).padStart(4, '0')}`;
    await givenPhoneReportedIncident(table, { incidentId, phoneReportAt });
    const notifier = new GatewayEscalationNotifier(new SNSClient({}), EMAIL_TOPIC, SMS_TOPIC);
    await makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org/',
      consoleUrl: 'https://console.example.org/console/',
      now: () => afterDeadline,
    })({ incidentId, obligationId: 'written-report', escalationStep: 1, repeat: 0 });
    const smsPublishes = published
      .map((input, index) => ({ input, messageId: `sns-${index + 1}-${sequence}` }))
      .filter(({ input }) => input.TopicArn === SMS_TOPIC);
    const event = {
      Records: smsPublishes.map(({ input, messageId }) => ({
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${SMS_TOPIC}:sub`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: SMS_TOPIC,
          Subject: null,
          Message: input.Message!,
          Timestamp: afterDeadline.toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: Object.fromEntries(
            Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => [
              name,
              { Type: value.DataType!, Value: value.StringValue! },
            ]),
          ),
        },
      })),
    } as unknown as SNSEvent;
    return { incidentId, event };
  }

  const sender = (email: RecordingNotifier, secret = credentials.accessKeySecret, sleeps: number[] = []) =>
    makeSender({
      ...table.repositories,
      gateway: new AliyunSmsGateway({
        endpoint,
        credentials: async () => ({ ...credentials, accessKeySecret: secret }),
      }),
      notifier: email,
      directory: fixedDirectory(defaultDirectory),
      config: { ...defaultGatewayConfig, retryDelaysSeconds: [2, 10] },
      now: () => afterDeadline,
      sleep: async (ms) => void sleeps.push(ms),
    });

  it('R-LADDER: the step-1 SMS leaves as the approved template, with its variables, under the signature', async () => {
    // Prepare
    const { event } = await escalateThroughGateway();
    const before = provider.accepted.length;
    // Act
    const result = await sender(new RecordingNotifier())(event);
    // Assess
    expect(event.Records).toHaveLength(1);
    expect(result).toEqual({ sent: [event.Records[0].Sns.MessageId], fellBack: [], skipped: [] });
    const [sms] = provider.accepted.slice(before);
    expect(sms).toMatchObject({
      phoneNumbers: '13800000003',
      signName: defaultGatewayConfig.signName,
      templateCode: defaultGatewayConfig.templateCodes['escalation-to-unit'],
    });
    expect(sms.templateParam).toMatchObject({
      unit: '高升经济区',
      item: '书面报告',
      lateness: '逾期5分钟',
      code: expect.stringMatching(/^[0-9A-Z]{6}$/),
    });
  });

  it('provider throttling: tried again after the configured wait, sent once', async () => {
    const { event } = await escalateThroughGateway();
    const before = provider.accepted.length;
    const sleeps: number[] = [];
    provider.faults.throttleNext = 1;
    const result = await sender(new RecordingNotifier(), credentials.accessKeySecret, sleeps)(event);
    expect(result.sent).toHaveLength(1);
    expect(sleeps).toEqual([2_000]);
    expect(provider.accepted.length - before).toBe(1);
  });

  it('provider outage through every attempt: the SMS falls back to e-mail, and the failure is in the record', async () => {
    // Prepare
    const { incidentId, event } = await escalateThroughGateway();
    provider.faults.outageNext = 3;
    const email = new RecordingNotifier();
    // Act
    const result = await sender(email)(event);
    // Assess
    expect(result.fellBack).toHaveLength(1);
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]).toMatchObject({
      channel: 'email',
      to: 'gaosheng-zone.duty@example.org',
      subject: `【短信未送达，改发邮件】${incidentId}`,
    });
    expect(email.sent[0].text).toContain('催报：高升经济区');
    const record = await table.incidents.getIncidentRecord(incidentId);
    expect(record!.messages.find((message) => message.channel === 'sms')).toMatchObject({
      deliveryStatus: 'failed',
      deliveryError: expect.stringContaining('ServiceUnavailable'),
    });
    expect(record!.timeline.map((auditEvent) => auditEvent.type)).toContain('sms-delivery-failed');
  });

  it('a bad signature (wrong key): no retries, straight to e-mail', async () => {
    const { event } = await escalateThroughGateway();
    const sleeps: number[] = [];
    const email = new RecordingNotifier();
    const result = await sender(email, 'wrong-secret', sleeps)(event);
    expect(result.fellBack).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(email.sent).toHaveLength(1);
  });

  it('SNS delivers the same message twice: sent once', async () => {
    const { event } = await escalateThroughGateway();
    const before = provider.accepted.length;
    const send = sender(new RecordingNotifier());
    await send(event);
    const again = await send(event);
    expect(again.skipped).toEqual([event.Records[0].Sns.MessageId]);
    expect(provider.accepted.length - before).toBe(1);
  });

  it('an SMS without a template cannot go through the gateway: the notifier refuses it, so the caller records the failure', async () => {
    const notifier = new GatewayEscalationNotifier(new SNSClient({}), EMAIL_TOPIC, SMS_TOPIC);
    await expect(
      notifier.sendSms(defaultDirectory.units[0].contacts.dutyContact, '文本', {
        kind: 'escalation',
        incidentId: 'INC-X',
      }),
    ).rejects.toThrow('approved templates only');
  });
});
