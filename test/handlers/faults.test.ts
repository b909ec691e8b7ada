import { fixedDirectory } from '../../functions/shared/directory-source';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { verifyChain } from '../../functions/domain/audit-chain';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { repositoriesOver, type Repositories } from '../../functions/shared/repositories';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, phoneFirstReport } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { RecordingWorkflow, testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

/**
 * A DynamoDB client on the test table that answers the next `throttles` calls with
 * ProvisionedThroughputExceededException, as DynamoDB does under a burst. The SDK's own retry
 * (with its throttling backoff) sits above this middleware, exactly as in Lambda.
 */
function throttlingTable(table: TestTable): {
  repositories: Repositories;
  throttle: (calls: number) => void;
  throttled: () => number;
} {
  const endpoint = table.client.config.endpoint!;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
  });
  let remaining = 0;
  let throttled = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (remaining > 0) {
        remaining -= 1;
        throttled += 1;
        throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectThrottling' },
  );
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    repositories: repositoriesOver(documentClient, table.tableName),
    throttle: (calls) => (remaining = calls),
    throttled: () => throttled,
  };
}

describe('faults: DynamoDB throttling loses nothing and doubles nothing', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  it('a first report filed while DynamoDB throttles is stored once, with an intact audit chain', async () => {
    // Prepare
    const { repositories, throttle, throttled } = throttlingTable(table);
    const workflow = new RecordingWorkflow();
    throttle(3);
    // Act
    const response = await makeCreateIncident({
      ...repositories,
      workflow,
      directory: fixedDirectory(defaultDirectory),
      taxonomy: defaultTaxonomy,
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => new Date(),
    })(httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport() }), context);
    // Assess
    expect(throttled()).toBe(3);
    expect(response.statusCode).toBe(201);
    const { incidentId } = JSON.parse(response.body!);
    const record = await table.incidents.getIncidentRecord(incidentId);
    expect(record?.reports).toHaveLength(1);
    expect(record?.obligations).toHaveLength(1);
    expect(verifyChain(record!.timeline)).toMatchObject({ valid: true, eventCount: 3 });
    expect(workflow.obligationStarts).toHaveLength(1);
  });

  it('an escalation step run while DynamoDB throttles sends each message once', async () => {
    const { repositories, throttle, throttled } = throttlingTable(table);
    await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261128-THROTL',
      phoneReportAt: new Date('2026-11-28T00:05:00Z'),
    });
    const notifier = new RecordingNotifier();
    throttle(4);
    const result = await makeEscalate({
      ...repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org',
      consoleUrl: 'https://console.example.org/console/',
      now: () => new Date('2026-11-28T00:40:00Z'),
    })({ incidentId: 'INC-20261128-THROTL', obligationId: 'written-report', escalationStep: 1, repeat: 0 });
    expect(throttled()).toBe(4);
    expect(result.escalated).toBe(true);
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms', 'email']);
    const record = await table.incidents.getIncidentRecord('INC-20261128-THROTL');
    expect(record?.messages.map((message) => [message.channel, message.status, message.attempts])).toEqual([
      ['email', 'sent', 1],
      ['sms', 'sent', 1],
    ]);
  });
});
