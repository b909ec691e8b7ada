import { fixedDirectory } from '../../functions/shared/directory-source';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeDeliveryStatus } from '../../functions/events/sms-delivery-status';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

/** What the subscription filter on SNS's failure log group delivers. */
function logsEvent(records: unknown[]): CloudWatchLogsEvent {
  const data = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'sns/us-east-1/123456789012/DirectPublishToPhoneNumber/Failure',
    logStream: 's',
    subscriptionFilters: ['f'],
    logEvents: records.map((record, index) => ({
      id: String(index),
      timestamp: Date.parse('2026-11-28T00:36:00Z'),
      message: typeof record === 'string' ? record : JSON.stringify(record),
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
}

describe('R-LADDER, R-AUDIT: SNS delivery-status logging: an SMS SNS accepted but the phone never got shows in the incident record', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  it('a FAILURE record marks the message and adds an sms-delivery-failed event; successes and noise change nothing', async () => {
    // Prepare: the first escalation step went out
    await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261128-DLVR01',
      phoneReportAt: new Date('2026-11-28T00:05:00Z'),
    });
    const notifier = new RecordingNotifier();
    await makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org',
      consoleUrl: 'https://console.example.org/console/',
      now: () => new Date('2026-11-28T00:35:00Z'),
    })({ incidentId: 'INC-20261128-DLVR01', obligationId: 'written-report', escalationStep: 1, repeat: 0 });
    const smsMessageId = 'message-1';
    // Act
    const result = await makeDeliveryStatus({ ...table.repositories })(
      logsEvent([
        {
          notification: { messageId: smsMessageId, timestamp: '2026-11-28 00:35:00.100' },
          delivery: { destination: '+8613800000003', providerResponse: 'Phone carrier has blocked this message' },
          status: 'FAILURE',
        },
        {
          notification: { messageId: 'message-2', timestamp: '2026-11-28 00:35:00.200' },
          delivery: {},
          status: 'SUCCESS',
        },
        'not json at all',
        {
          notification: { messageId: 'unknown-message', timestamp: '2026-11-28 00:35:00.300' },
          delivery: {},
          status: 'FAILURE',
        },
      ]),
    );
    // Assess
    expect(result).toEqual({ failures: 2, incidents: ['INC-20261128-DLVR01'] });
    const record = await table.incidents.getIncidentRecord('INC-20261128-DLVR01');
    expect(record?.messages.find((message) => message.channel === 'sms')).toMatchObject({
      status: 'sent',
      deliveryStatus: 'failed',
      deliveryError: 'Phone carrier has blocked this message',
    });
    expect(record?.messages.find((message) => message.channel === 'email')?.deliveryStatus).toBeUndefined();
    expect(record?.timeline.filter((event) => event.type === 'sms-delivery-failed')).toEqual([
      expect.objectContaining({
        actor: 'system:sns-delivery-status',
        detail: expect.objectContaining({ to: '+8613800000003', messageId: smsMessageId }),
      }),
    ]);
  });
});
