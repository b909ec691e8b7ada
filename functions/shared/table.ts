import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../domain/errors';
import { localMonthsBetween, SECONDARY_INDEXES, TABLE_DESIGN } from './table-design';
import { sdkErrorText } from './sdk-errors';

/** A table key: every item of the single table has both. */
export interface ItemKey {
  pk: string;
  sk: string;
}

const INTERNAL_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'itemType',
  ...SECONDARY_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
]);

/** An item as the domain sees it: without the table's keys, item type and index attributes. */
export function withoutInternalAttributes<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL_ATTRIBUTES.has(name))) as T;
}

/**
 * True when DynamoDB refused a write because its condition did not hold (also when wrapped as a StoreError's cause).
 */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof StoreError) return isConditionFailure(error.cause);
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string })?.name === 'ConditionalCheckFailedException'
  );
}

/** A DynamoDB failure other than a failed condition, as a `StoreError` that keeps the SDK's error as its cause. */
export function storeFailure(operation: string, key: ItemKey | string, error: unknown): StoreError {
  const where = typeof key === 'string' ? key : `${key.pk} / ${key.sk}`;
  return new StoreError(`DynamoDB ${operation} on ${where} failed: ${sdkErrorText(error)}`, { cause: error });
}

export type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>;

/**
 * The primitives every repository over the single table shares: a put that never overwrites, a
 * conditional update that reports whether its condition held, a consistent get, and a query that
 * follows every page. No step needs a transaction (dynalite has none): each write is conditional,
 * so a retried write either changes nothing or fails its condition.
 */
export class TableRepository {
  protected readonly documentClient: DynamoDBDocumentClient;
  protected readonly tableName: string;

  public constructor(documentClient: DynamoDBDocumentClient, tableName: string) {
    this.documentClient = documentClient;
    this.tableName = tableName;
  }

  /** Writes a new item; false when an item with that key already exists. */
  protected async putNew(key: ItemKey, itemType: string, attributes: object): Promise<boolean> {
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...attributes, ...key, itemType },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure('PutItem', key, error);
    }
  }

  /** Runs a conditional update; false when its condition failed (someone else got there first). */
  protected async updateIf(update: UpdateInput): Promise<boolean> {
    try {
      await this.documentClient.send(new UpdateCommand({ TableName: this.tableName, ...update }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure('UpdateItem', update.Key as ItemKey, error);
    }
  }

  /** A conditional update returning the item as it now is, or undefined when its condition failed. */
  protected async updateReturning<T>(update: UpdateInput): Promise<T | undefined> {
    try {
      const { Attributes } = await this.documentClient.send(
        new UpdateCommand({ TableName: this.tableName, ...update, ReturnValues: 'ALL_NEW' }),
      );
      return Attributes ? withoutInternalAttributes<T>(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw storeFailure('UpdateItem', update.Key as ItemKey, error);
    }
  }

  protected async getItem<T>(key: ItemKey): Promise<T | undefined> {
    const { Item } = await this.documentClient
      .send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
      .catch((error: unknown) => {
        throw storeFailure('GetItem', key, error);
      });
    return Item ? withoutInternalAttributes<T>(Item) : undefined;
  }

  /** Every item a query matches, page after page. */
  protected async queryAllPages(
    query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documentClient
        .send(new QueryCommand({ TableName: this.tableName, ...query, ExclusiveStartKey: exclusiveStartKey }))
        .catch((error: unknown) => {
          throw storeFailure('Query', query.IndexName ?? 'the table', error);
        });
      items.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return items;
  }

  /** The items of one partition (those whose sort key starts with `skPrefix`, when given), in sort-key order. */
  protected async queryPartition(pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
    return this.queryAllPages(partitionQuery(pk, skPrefix));
  }

  /** Whether one partition holds any item (whose sort key starts with `skPrefix`, when given): one read of one item. */
  protected async hasItemsIn(pk: string, skPrefix?: string): Promise<boolean> {
    const { Items } = await this.documentClient
      .send(new QueryCommand({ TableName: this.tableName, ...partitionQuery(pk, skPrefix), Limit: 1 }))
      .catch((error: unknown) => {
        throw storeFailure('Query', `${pk} / ${skPrefix ?? ''}`, error);
      });
    return (Items?.length ?? 0) > 0;
  }

  protected async queryIndex<T>(
    index: (typeof SECONDARY_INDEXES)[number],
    query: {
      KeyConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
      ExpressionAttributeNames?: Record<string, string>;
    },
  ): Promise<T[]> {
    const items = await this.queryAllPages({
      IndexName: index.indexName,
      ...query,
      ExpressionAttributeNames: { '#partition': index.partitionKey, ...query.ExpressionAttributeNames },
    });
    return items.map((item) => withoutInternalAttributes<T>(item));
  }

  protected async itemsOfMonthsBetween<T>(partition: (month: string) => string, from: Date, to: Date): Promise<T[]> {
    const pages = await Promise.all(
      localMonthsBetween(from, to).map((month) =>
        this.queryIndex<T>(TABLE_DESIGN.itemsByMonthIndex, {
          // The sort key starts with the ISO time, so [from, to) is a range of it.
          KeyConditionExpression: '#partition = :month AND #sort BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#sort': TABLE_DESIGN.itemsByMonthIndex.sortKey },
          ExpressionAttributeValues: {
            ':month': partition(month),
            ':from': from.toISOString(),
            ':to': to.toISOString(),
          },
        }),
      ),
    );
    return pages.flat();
  }
}

/** A consistent query of one partition, or of the items whose sort key starts with `skPrefix`. */
function partitionQuery(pk: string, skPrefix?: string): Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'> {
  return {
    KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':prefix': skPrefix } : {}) },
    ConsistentRead: true,
  };
}
