import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureIncidentTable, localDynamoDbClient, startDynalite } from '../../infra/local/dynamodb';
import { repositoriesOver, type Repositories } from '../../functions/shared/repositories';
import { ReplyGuard } from '../../functions/shared/reply-guard';
import { RequestPins } from '../../functions/shared/request-pins';
import { SmsQueue } from '../../functions/shared/sms-queue';

/** Operator alarms kept in memory, for asserting who was told what. */
export class RecordingAlarms {
  public readonly raised: { subject: string; message: string }[] = [];

  public async raise(subject: string, message: string): Promise<void> {
    this.raised.push({ subject, message });
  }
}

/**
 * Every repository over the test table, each also at the top (`table.incidents`), so a handler's deps take
 * `...table.repositories`.
 */
export interface TestTable extends Repositories {
  repositories: Repositories;
  /** The repositories beside the aggregates' ones, over the same table. */
  pins: RequestPins;
  replies: ReplyGuard;
  smsQueue: SmsQueue;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** Every item in the table, for asserting that nothing was written. */
  allItems(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** A real dynalite (in memory) on 127.0.0.1 with the incident table, per test file. */
export async function startTestTable(): Promise<TestTable> {
  const dynamoDb = await startDynalite();
  const client = localDynamoDbClient(dynamoDb.endpoint);
  const tableName = 'incidents';
  await ensureIncidentTable(client, tableName);
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const repositories = repositoriesOver(documentClient, tableName, { rosterWriteMode: 'one-by-one' });
  return {
    ...repositories,
    repositories,
    pins: new RequestPins(documentClient, tableName),
    replies: new ReplyGuard(documentClient, tableName),
    smsQueue: new SmsQueue(documentClient, tableName),
    client,
    documentClient,
    tableName,
    allItems: async () => (await documentClient.send(new ScanCommand({ TableName: tableName }))).Items ?? [],
    stop: async () => {
      client.destroy();
      await dynamoDb.stop();
    },
  };
}
