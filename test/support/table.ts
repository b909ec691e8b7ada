import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureIncidentTable, localDynamoDbClient, startDynalite } from '../../infra/local/dynamodb';
import { IncidentStore } from '../../functions/shared/incident-store';

export interface TestTable {
  store: IncidentStore;
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
  return {
    store: new IncidentStore(documentClient, tableName),
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
