import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EVENTS_PARTITION_PREFIX, SECONDARY_INDEXES, TABLE_DESIGN } from '../../functions/shared/table-design';

/**
 * The incident table (single-table design, see `functions/shared/table-design.ts`): on-demand,
 * point-in-time recovery, kept when the stack is deleted — it is the official record (R-AUDIT).
 */
export class IncidentStoreConstruct extends Construct {
  public readonly table: Table;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'IncidentTable', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      // Only idempotency records carry it: a remembered response expires after a day; nothing else ever does.
      timeToLiveAttribute: 'idempotencyExpiresAt',
    });
    for (const index of SECONDARY_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}

/**
 * Read and write on the incident table, except that audit events can never be updated or
 * deleted (R-AUDIT): an explicit Deny on UpdateItem, DeleteItem and BatchWriteItem for items
 * whose partition key starts with `EVENTS#`. Appends are conditional puts (`attribute_not_exists`)
 * in the store; were one overwritten anyway, the hash chain's verification would show it.
 */
export function grantReadWriteKeepingEventsAppendOnly(table: ITable, grantee: IGrantable): void {
  table.grantReadWriteData(grantee);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${EVENTS_PARTITION_PREFIX}*`] } },
    }),
  );
}
