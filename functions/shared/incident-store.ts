import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Incident, Report } from '../domain/incident';
import type { Obligation, ObligationStatus } from '../domain/obligations';
import { keys, PENDING_OBLIGATIONS_PARTITION, TABLE_DESIGN } from './table-design';

/** What happened to an incident, kept append-only (R-AUDIT). */
export type AuditEventType =
  | 'incident-reported'
  | 'obligation-opened'
  | 'execution-started'
  | 'report-filed'
  | 'obligation-met'
  | 'obligation-late'
  | 'obligation-overdue'
  | 'escalation-sent'
  | 'escalation-failed';

export interface AuditEvent {
  incidentId: string;
  eventId: string;
  at: string;
  type: AuditEventType;
  /** Who caused it: `unit:<unitId>` for a filing, `system:deadline-watch` for the workflow. */
  actor: string;
  unitId: string;
  detail: Record<string, unknown>;
}

export type EscalationChannel = 'sms' | 'email';

/**
 * One message of one ladder step to one contact. Claimed with a conditional write before it
 * is sent, so a re-run of the step never sends a message that is already marked sent.
 */
export interface EscalationRecord {
  incidentId: string;
  obligationId: string;
  escalationStep: number;
  contactId: string;
  contactName: string;
  channel: EscalationChannel;
  to: string;
  status: 'sending' | 'sent' | 'failed';
  claimedAt: string;
  attempts: number;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
}

/** Everything kept about one incident, read in one query. */
export interface IncidentRecord {
  incident: Incident;
  reports: Report[];
  obligations: Obligation[];
  escalations: EscalationRecord[];
  timeline: AuditEvent[];
}

type ItemType = 'incident' | 'report' | 'obligation' | 'escalation' | 'event';
const INTERNAL_ATTRIBUTES = new Set(['pk', 'sk', 'itemType', TABLE_DESIGN.pendingObligationsIndex.partitionKey, TABLE_DESIGN.pendingObligationsIndex.sortKey]);

function withoutInternalAttributes<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL_ATTRIBUTES.has(name))) as T;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * The incident table. Every write is conditional and ordered so that no step needs a
 * transaction (dynalite has none): a retried write either changes nothing or fails its condition.
 *
 * @example
 * ```ts
 * const store = new IncidentStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'incidents');
 * const record = await store.getIncidentRecord('INC-20261128-7K3Q9P');
 * ```
 */
export class IncidentStore {
  private readonly documentClient: DynamoDBDocumentClient;
  private readonly tableName: string;

  public constructor(documentClient: DynamoDBDocumentClient, tableName: string) {
    this.documentClient = documentClient;
    this.tableName = tableName;
  }

  /** Writes a new item; false when an item with that key already exists. */
  private async putNew(key: { pk: string; sk: string }, itemType: ItemType, attributes: object): Promise<boolean> {
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
      throw error;
    }
  }

  public async putIncident(incident: Incident): Promise<boolean> {
    return this.putNew(keys.incident(incident.incidentId), 'incident', incident);
  }

  public async putReport(report: Report): Promise<boolean> {
    return this.putNew(keys.report(report.incidentId, report.receivedAt, report.reportId), 'report', report);
  }

  /** A new obligation, listed in the "pending by due time" index while it is open. */
  public async putObligation(obligation: Obligation): Promise<boolean> {
    return this.putNew(keys.obligation(obligation.incidentId, obligation.obligationId), 'obligation', {
      ...obligation,
      [TABLE_DESIGN.pendingObligationsIndex.partitionKey]: PENDING_OBLIGATIONS_PARTITION,
      [TABLE_DESIGN.pendingObligationsIndex.sortKey]: `${obligation.dueAt}#${obligation.incidentId}#${obligation.obligationId}`,
    });
  }

  /** R-AUDIT: appends an event; events are never updated or deleted. */
  public async appendEvent(event: Omit<AuditEvent, 'eventId'>): Promise<AuditEvent> {
    // Events of one instant keep the order they were appended in (a monotonic clock), and a
    // random tail keeps two writers apart.
    const uniqueSuffix = `${process.hrtime.bigint().toString().padStart(20, '0')}-${randomUUID().slice(0, 8)}`;
    const stored: AuditEvent = { ...event, eventId: `${event.at}#${uniqueSuffix}` };
    await this.putNew(keys.event(event.incidentId, event.at, uniqueSuffix), 'event', stored);
    return stored;
  }

  public async getIncident(incidentId: string): Promise<Incident | undefined> {
    const { Item } = await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(incidentId), ConsistentRead: true }));
    return Item ? withoutInternalAttributes<Incident>(Item) : undefined;
  }

  public async getObligation(incidentId: string, obligationId: string): Promise<Obligation | undefined> {
    const { Item } = await this.documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.obligation(incidentId, obligationId), ConsistentRead: true }),
    );
    return Item ? withoutInternalAttributes<Obligation>(Item) : undefined;
  }

  /** The incident with its reports, obligations, escalations and timeline, in order. */
  public async getIncidentRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documentClient.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.incident(incidentId).pk },
          ConsistentRead: true,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    const ofType = <T>(itemType: ItemType): T[] => items.filter((item) => item.itemType === itemType).map((item) => withoutInternalAttributes<T>(item));
    const [incident] = ofType<Incident>('incident');
    if (!incident) return undefined;
    return {
      incident,
      reports: ofType<Report>('report'),
      obligations: ofType<Obligation>('obligation'),
      escalations: ofType<EscalationRecord>('escalation'),
      timeline: ofType<AuditEvent>('event'),
    };
  }

  /**
   * R-WRITTEN-30: pending → overdue, only if still pending. True when this call changed it.
   */
  public async markObligationOverdue(incidentId: string, obligationId: string): Promise<boolean> {
    try {
      await this.documentClient.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.obligation(incidentId, obligationId),
          UpdateExpression: 'SET #status = :overdue',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':overdue': 'overdue', ':pending': 'pending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * R-LIFECYCLE: an open obligation becomes met or late, and leaves the pending index.
   * `expectedStatus` is the status the caller decided from; if it changed meanwhile (the
   * deadline check marked it overdue), the condition fails and the caller decides again.
   * True when this call settled it.
   */
  public async settleObligation(
    incidentId: string,
    obligationId: string,
    expectedStatus: ObligationStatus,
    settlement: { status: 'met' | 'late'; metAt: string; metByReportId: string },
  ): Promise<boolean> {
    try {
      await this.documentClient.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.obligation(incidentId, obligationId),
          UpdateExpression: 'SET #status = :status, metAt = :metAt, metByReportId = :reportId REMOVE #pendingPk, #pendingSk',
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
            '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
          },
          ExpressionAttributeValues: { ':status': settlement.status, ':metAt': settlement.metAt, ':reportId': settlement.metByReportId, ':expected': expectedStatus },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Open obligations due at or before `dueBy`, earliest first, from the sparse GSI. */
  public async openObligationsDueBy(dueBy: Date): Promise<Obligation[]> {
    const index = TABLE_DESIGN.pendingObligationsIndex;
    const obligations: Obligation[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documentClient.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#pendingPk = :open AND #pendingSk <= :dueBy',
          ExpressionAttributeNames: { '#pendingPk': index.partitionKey, '#pendingSk': index.sortKey },
          // '~' sorts after every character of an ID, so obligations due exactly at dueBy are included.
          ExpressionAttributeValues: { ':open': PENDING_OBLIGATIONS_PARTITION, ':dueBy': `${dueBy.toISOString()}~` },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      obligations.push(...(page.Items ?? []).map((item) => withoutInternalAttributes<Obligation>(item)));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return obligations;
  }

  /**
   * Claims one escalation message before sending it. Returns the stored record: a new
   * claim (`sending`, attempts 1), or the existing one — `sent` means do not send again;
   * `sending`/`failed` means an earlier attempt did not confirm, so it is attempted again.
   */
  public async claimEscalation(claim: Omit<EscalationRecord, 'status' | 'attempts'>): Promise<EscalationRecord> {
    const key = keys.escalation(claim.incidentId, claim.obligationId, claim.escalationStep, claim.contactId, claim.channel);
    const record: EscalationRecord = { ...claim, status: 'sending', attempts: 1 };
    if (await this.putNew(key, 'escalation', record)) return record;
    const { Attributes } = await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET attempts = attempts + :one',
        ConditionExpression: '#status <> :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':sent': 'sent' },
        ReturnValues: 'ALL_NEW',
      }),
    ).catch(async (error: unknown) => {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return { Attributes: Item };
    });
    return withoutInternalAttributes<EscalationRecord>(Attributes ?? {});
  }

  /** Marks a claimed escalation message as handed to SNS. */
  public async markEscalationSent(record: EscalationRecord, messageId: string, sentAt: string): Promise<void> {
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.escalation(record.incidentId, record.obligationId, record.escalationStep, record.contactId, record.channel),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt REMOVE lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt },
      }),
    );
  }

  /** Records why sending a claimed escalation message failed; it stays claimable for a retry. */
  public async markEscalationFailed(record: EscalationRecord, reason: string): Promise<void> {
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.escalation(record.incidentId, record.obligationId, record.escalationStep, record.contactId, record.channel),
        UpdateExpression: 'SET #status = :failed, lastError = :reason',
        ConditionExpression: '#status <> :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':sent': 'sent' },
      }),
    ).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
}
