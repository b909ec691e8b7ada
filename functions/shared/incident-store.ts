import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AcknowledgementTarget, CodeTarget, SpotCheckCodeTarget } from '../domain/acknowledgements';
import type { Incident, Instruction, InstructionFeedback, Report, VerificationAnswer, VerificationRequest } from '../domain/incident';
import type { SpotCheck } from '../domain/spot-checks';
import type { TemplateSmsContent } from '../domain/sms-templates';
import type { Obligation, ObligationStatus } from '../domain/obligations';
import { eventHash, GENESIS_HASH } from '../domain/audit-chain';
import {
  keys, localMonth, localMonthsBetween, monthPartition, OPEN_INCIDENTS_PARTITION, PENDING_OBLIGATIONS_PARTITION, QUEUED_SMS_PARTITION, SECONDARY_INDEXES, TABLE_DESIGN,
} from './table-design';

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
  | 'escalation-failed'
  | 'escalation-skipped'
  | 'sms-queued'
  | 'sms-delivery-failed'
  | 'reminder-sent'
  | 'notification-sent'
  | 'verification-requested'
  | 'verification-answered'
  | 'instruction-recorded'
  | 'instruction-feedback-filed'
  | 'escalation-acknowledged'
  | 'follow-up-opened'
  | 'incident-closed'
  | 'execution-stopped';

export interface AuditEvent {
  incidentId: string;
  /** 1, 2, 3… in the order the events were appended. */
  seq: number;
  at: string;
  type: AuditEventType;
  /** Who caused it: `reporter:<unit>:<subject>`, `duty-officer:<subject>`, `contact:<id>`, `system:deadline-watch`. */
  actor: string;
  unitId: string;
  detail: Record<string, unknown>;
  /** R-AUDIT: the hash of the event before (the genesis hash for the first)… */
  previousHash: string;
  /** …and this event's own, over its content and that link. */
  hash: string;
}

/** What a caller says when it appends an event; the store numbers and chains it. */
export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'previousHash' | 'hash'>;

/** The end of a chain as the caller last saw it: the event it appended, or `new-chain` for an incident just created. */
export type ChainTip = Pick<AuditEvent, 'seq' | 'hash'> | 'new-chain';

/** Everything a first report creates at once (R-INTAKE), written in one batch. */
export interface NewIncidentRecord {
  incident: Incident;
  report: Report;
  obligations: Obligation[];
  verificationRequests: VerificationRequest[];
}

// BatchWriteItem takes 25 items; unprocessed ones are retried this often, backing off.
const BATCH_WRITE_ATTEMPTS = 8;

// Appenders racing for the same place in the chain retry; more than this means something is wrong.
const APPEND_ATTEMPTS = 20;

export type EscalationChannel = 'sms' | 'email';

/** Why a message was sent: a reminder, an escalation round (R-LADDER), or an immediate notification (routing). */
export type MessagePurpose = 'reminder' | 'escalation' | 'notification';

/**
 * One SMS or e-mail to one contact. Claimed with a conditional write before it is sent, so a
 * re-run of the task never sends a message that is already marked sent.
 */
export interface MessageRecord {
  incidentId: string;
  /** Unique per incident and sending, e.g. `written-report#step-2#repeat-0`, `written-report#reminder`, `immediate`. */
  messageKey: string;
  purpose: MessagePurpose;
  obligationId?: string;
  escalationStep?: number;
  repeat?: number;
  unitId: string;
  contactId: string;
  contactName: string;
  channel: EscalationChannel;
  to: string;
  /** The text sent (the SMS, or the e-mail subject), kept for the record and for an e-mail fallback. */
  text?: string;
  /** `queued`: the recipient was sent an SMS moments ago; this one goes out merged into the next digest. */
  status: 'sending' | 'sent' | 'failed' | 'queued';
  /** What SNS's delivery-status logging later said, when the SMS did not reach the phone. */
  deliveryStatus?: 'failed';
  deliveryError?: string;
  claimedAt: string;
  attempts: number;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
}

/** Who acknowledged an escalation step, how and when (R-LADDER). */
export interface Acknowledgement {
  incidentId: string;
  obligationId: string;
  escalationStep: number;
  code: string;
  contactId: string;
  via: 'sms' | 'link';
  acknowledgedAt: string;
}

/** Everything kept about one incident, read in one query. */
export interface IncidentRecord {
  incident: Incident;
  reports: Report[];
  obligations: Obligation[];
  verificationRequests: VerificationRequest[];
  verificationAnswers: VerificationAnswer[];
  instructions: Instruction[];
  instructionFeedback: InstructionFeedback[];
  messages: MessageRecord[];
  acknowledgements: Acknowledgement[];
  timeline: AuditEvent[];
}

type ItemType =
  | 'incident' | 'report' | 'obligation' | 'verification-request' | 'verification-answer' | 'instruction' | 'instruction-feedback'
  | 'message' | 'acknowledgement-code' | 'acknowledgement' | 'event' | 'spot-check' | 'sms-slot' | 'queued-sms' | 'sns-message' | 'gateway-sms';

/** Which message SNS sent under a message ID (one per message; a merged SMS covers several). */
interface SnsMessagePointer {
  incidentId: string;
  messageKey: string;
  contactId: string;
  channel: EscalationChannel;
}

/** What became of one SMS in the `gateway` mode: claimed, then sent by the provider or fallen back to e-mail. */
export interface GatewaySmsRecord {
  snsMessageId: string;
  status: 'sending' | 'sent' | 'fell-back';
  attempts: number;
  claimedAt: string;
  /** The provider's receipt, or the last provider answer that refused it. */
  bizId?: string;
  lastResult?: string;
}

/** An SMS held back by the per-recipient rate limit, to be merged into one digest. */
export interface QueuedSms {
  phone: string;
  contactId: string;
  queuedAt: string;
  incidentId: string;
  messageKey: string;
  /** The message in a few words (`Message.digestLine`)… */
  line: string;
  /** …and whole, sent as it is when it turns out to be the only one. */
  text: string;
  /** The same SMS as a provider template (the `gateway` mode). */
  template?: TemplateSmsContent;
}
const INTERNAL_ATTRIBUTES = new Set(['pk', 'sk', 'itemType', ...SECONDARY_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])]);

function withoutInternalAttributes<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL_ATTRIBUTES.has(name))) as T;
}

/** An incident as stored: listed by month (R-EVAL) and, while open, among the open ones. */
function incidentAttributes(incident: Incident): Record<string, unknown> {
  const pending = TABLE_DESIGN.pendingObligationsIndex;
  const byMonth = TABLE_DESIGN.itemsByMonthIndex;
  return {
    ...incident,
    ...(incident.status === 'open' ? { [pending.partitionKey]: OPEN_INCIDENTS_PARTITION, [pending.sortKey]: `${incident.receivedAt}#${incident.incidentId}` } : {}),
    [byMonth.partitionKey]: monthPartition.incidents(localMonth(new Date(incident.receivedAt))),
    [byMonth.sortKey]: `${incident.receivedAt}#${incident.incidentId}`,
  };
}

/** An obligation as stored: listed in the "pending by due time" index while it is open. */
function obligationAttributes(obligation: Obligation): Record<string, unknown> {
  return {
    ...obligation,
    [TABLE_DESIGN.pendingObligationsIndex.partitionKey]: PENDING_OBLIGATIONS_PARTITION,
    [TABLE_DESIGN.pendingObligationsIndex.sortKey]: `${obligation.dueAt}#${obligation.incidentId}#${obligation.obligationId}`,
  };
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

  /** Runs a conditional update; false when its condition failed (someone else got there first). */
  private async updateIf(update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    try {
      await this.documentClient.send(new UpdateCommand({ TableName: this.tableName, ...update }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** A new incident, listed by month (R-EVAL) and, until the final report, among the open ones. */
  public async putIncident(incident: Incident): Promise<boolean> {
    return this.putNew(keys.incident(incident.incidentId), 'incident', incidentAttributes(incident));
  }

  /**
   * R-INTAKE: a new incident with its first report, obligations and requests, in one
   * BatchWriteItem — one round trip instead of one per item. Unconditional: the incident ID
   * is new and random, so there is nothing to overwrite (a retried request is answered by its
   * Idempotency-Key record, or creates another incident).
   */
  public async putNewIncidentRecord(record: NewIncidentRecord): Promise<void> {
    const items = [
      { ...record.report, ...keys.report(record.report.incidentId, record.report.receivedAt, record.report.reportId), itemType: 'report' },
      ...record.verificationRequests.map((request) => ({ ...request, ...keys.verificationRequest(request.incidentId, request.requestId), itemType: 'verification-request' })),
      ...record.obligations.map((obligation) => ({ ...obligationAttributes(obligation), ...keys.obligation(obligation.incidentId, obligation.obligationId), itemType: 'obligation' })),
      // Last in the list, though a batch has no order: GET answers 404 until the batch is in.
      { ...incidentAttributes(record.incident), ...keys.incident(record.incident.incidentId), itemType: 'incident' },
    ];
    let unprocessed: Record<string, NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]> | undefined = {
      [this.tableName]: items.map((item) => ({ PutRequest: { Item: item } })),
    };
    for (let attempt = 0; unprocessed && Object.keys(unprocessed).length > 0; attempt += 1) {
      if (attempt >= BATCH_WRITE_ATTEMPTS) throw new Error(`Could not store incident ${record.incident.incidentId}: items left unprocessed after ${BATCH_WRITE_ATTEMPTS} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const output: { UnprocessedItems?: typeof unprocessed } = await this.documentClient.send(new BatchWriteCommand({ RequestItems: unprocessed }));
      unprocessed = output.UnprocessedItems;
    }
  }

  /** Incidents not yet closed by a final report, oldest first. */
  public async openIncidents(): Promise<Incident[]> {
    const index = TABLE_DESIGN.pendingObligationsIndex;
    return this.queryIndex<Incident>(index, {
      KeyConditionExpression: '#partition = :open',
      ExpressionAttributeValues: { ':open': OPEN_INCIDENTS_PARTITION },
    });
  }

  /** R-EVAL: incidents received in [from, to), oldest first. */
  public async incidentsReceivedBetween(from: Date, to: Date): Promise<Incident[]> {
    return this.itemsOfMonthsBetween<Incident>(monthPartition.incidents, from, to);
  }

  /** R-EVAL, R-SPOTCHECK: spot checks started in [from, to), oldest first. */
  public async spotChecksStartedBetween(from: Date, to: Date): Promise<SpotCheck[]> {
    return this.itemsOfMonthsBetween<SpotCheck>(monthPartition.spotChecks, from, to);
  }

  private async itemsOfMonthsBetween<T>(partition: (month: string) => string, from: Date, to: Date): Promise<T[]> {
    const pages = await Promise.all(
      localMonthsBetween(from, to).map((month) =>
        this.queryIndex<T>(TABLE_DESIGN.itemsByMonthIndex, {
          // The sort key starts with the ISO time, so [from, to) is a range of it.
          KeyConditionExpression: '#partition = :month AND #sort BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#sort': TABLE_DESIGN.itemsByMonthIndex.sortKey },
          ExpressionAttributeValues: { ':month': partition(month), ':from': from.toISOString(), ':to': to.toISOString() },
        }),
      ),
    );
    return pages.flat();
  }

  private async queryIndex<T>(
    index: (typeof SECONDARY_INDEXES)[number],
    query: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown>; ExpressionAttributeNames?: Record<string, string> },
  ): Promise<T[]> {
    const items = await this.queryAllPages({
      IndexName: index.indexName,
      ...query,
      ExpressionAttributeNames: { '#partition': index.partitionKey, ...query.ExpressionAttributeNames },
    });
    return items.map((item) => withoutInternalAttributes<T>(item));
  }

  /** Every item a query matches, page after page. */
  private async queryAllPages(query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documentClient.send(new QueryCommand({ TableName: this.tableName, ...query, ExclusiveStartKey: exclusiveStartKey }));
      items.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return items;
  }

  public async putReport(report: Report): Promise<boolean> {
    return this.putNew(keys.report(report.incidentId, report.receivedAt, report.reportId), 'report', report);
  }

  public async putVerificationRequest(request: VerificationRequest): Promise<boolean> {
    return this.putNew(keys.verificationRequest(request.incidentId, request.requestId), 'verification-request', request);
  }

  public async putVerificationAnswer(answer: VerificationAnswer): Promise<boolean> {
    return this.putNew(keys.answer(answer.incidentId, answer.requestId, answer.answerId), 'verification-answer', answer);
  }

  public async putInstruction(instruction: Instruction): Promise<boolean> {
    return this.putNew(keys.instruction(instruction.incidentId, instruction.instructionId), 'instruction', instruction);
  }

  public async putInstructionFeedback(feedback: InstructionFeedback): Promise<boolean> {
    return this.putNew(keys.feedback(feedback.incidentId, feedback.instructionId, feedback.feedbackId), 'instruction-feedback', feedback);
  }

  public async getVerificationRequest(incidentId: string, requestId: string): Promise<VerificationRequest | undefined> {
    return this.getItem<VerificationRequest>(keys.verificationRequest(incidentId, requestId));
  }

  public async getInstruction(incidentId: string, instructionId: string): Promise<Instruction | undefined> {
    return this.getItem<Instruction>(keys.instruction(incidentId, instructionId));
  }

  private async getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.documentClient.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? withoutInternalAttributes<T>(Item) : undefined;
  }

  /**
   * R-LIFECYCLE: the final report closes the incident, once. True when this call closed it;
   * false when it was already closed (a second final report is refused).
   */
  public async closeIncident(incidentId: string, closedAt: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression: 'SET #status = :closed, closedAt = :closedAt REMOVE #pendingPk, #pendingSk',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
        '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
      },
      ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':closedAt': closedAt },
    });
  }

  /** R-INTAKE: the written report (or, for a media item, the verification answer) completes the first report. */
  public async markIncidentVerified(incidentId: string): Promise<void> {
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incident(incidentId),
        UpdateExpression: 'SET verified = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  /** A new obligation, listed in the "pending by due time" index while it is open. */
  public async putObligation(obligation: Obligation): Promise<boolean> {
    return this.putNew(keys.obligation(obligation.incidentId, obligation.obligationId), 'obligation', obligationAttributes(obligation));
  }

  /**
   * R-AUDIT: appends an event to the incident's hash chain. It takes the next number after the
   * last stored event and links to that event's hash; the conditional put makes two appenders
   * racing for the same number take turns (the loser reads the new last event and tries the
   * next number). Events are never updated or deleted.
   */
  public async appendEvent(event: NewAuditEvent, after?: ChainTip): Promise<AuditEvent> {
    // Stored exactly as it is hashed: no undefined values inside.
    const content = JSON.parse(JSON.stringify(event)) as NewAuditEvent;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      // A caller that just appended (or knows the chain is new) saves the read; if someone appended meanwhile, the put fails and the next attempt reads.
      const known = attempt === 0 ? after : undefined;
      const last = known === 'new-chain' ? undefined : (known ?? (await this.lastEvent(event.incidentId)));
      const seq = (last?.seq ?? 0) + 1;
      const previousHash = last?.hash ?? GENESIS_HASH;
      const stored: AuditEvent = { ...content, seq, previousHash, hash: eventHash({ ...content, seq, previousHash }) };
      if (await this.putNew(keys.event(event.incidentId, seq), 'event', stored)) return stored;
    }
    throw new Error(`Could not append to the audit chain of ${event.incidentId} after ${APPEND_ATTEMPTS} attempts`);
  }

  private async lastEvent(incidentId: string): Promise<AuditEvent | undefined> {
    const { Items } = await this.documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.event(incidentId, 0).pk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0] ? withoutInternalAttributes<AuditEvent>(Items[0]) : undefined;
  }

  /** R-AUDIT: every event of an incident, in chain order. */
  public async auditEvents(incidentId: string): Promise<AuditEvent[]> {
    return (await this.queryPartition(keys.event(incidentId, 0).pk)).map((item) => withoutInternalAttributes<AuditEvent>(item));
  }

  /** An incident's obligations only (not its messages or audit chain). */
  public async obligationsOf(incidentId: string): Promise<Obligation[]> {
    return (await this.queryPartition(keys.incident(incidentId).pk, 'OBLIGATION#')).map((item) => withoutInternalAttributes<Obligation>(item));
  }

  /** An incident's message records for one sending, e.g. `written-report#step-1#repeat-0`. */
  public async messagesOf(incidentId: string, messageKey: string): Promise<MessageRecord[]> {
    // The prefix also matches longer keys (`…#sms-fallback`): keep only this sending's.
    return (await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${messageKey}#`))
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter((message) => message.messageKey === messageKey);
  }

  private async queryPartition(pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
    return this.queryAllPages({
      KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':prefix': skPrefix } : {}) },
      ConsistentRead: true,
    });
  }

  public async getIncident(incidentId: string): Promise<Incident | undefined> {
    return this.getItem<Incident>(keys.incident(incidentId));
  }

  public async getObligation(incidentId: string, obligationId: string): Promise<Obligation | undefined> {
    return this.getItem<Obligation>(keys.obligation(incidentId, obligationId));
  }

  /** The incident with its reports, obligations, escalations and timeline, in order. */
  public async getIncidentRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    const items = await this.queryPartition(keys.incident(incidentId).pk);
    const ofType = <T>(itemType: ItemType): T[] => items.filter((item) => item.itemType === itemType).map((item) => withoutInternalAttributes<T>(item));
    const [incident] = ofType<Incident>('incident');
    if (!incident) return undefined;
    return {
      incident,
      reports: ofType<Report>('report'),
      obligations: ofType<Obligation>('obligation'),
      verificationRequests: ofType<VerificationRequest>('verification-request'),
      verificationAnswers: ofType<VerificationAnswer>('verification-answer'),
      instructions: ofType<Instruction>('instruction'),
      instructionFeedback: ofType<InstructionFeedback>('instruction-feedback'),
      messages: ofType<MessageRecord>('message'),
      acknowledgements: ofType<Acknowledgement>('acknowledgement'),
      timeline: await this.auditEvents(incidentId),
    };
  }

  /**
   * R-WRITTEN-30: pending → overdue, only if still pending. True when this call changed it.
   */
  public async markObligationOverdue(incidentId: string, obligationId: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.obligation(incidentId, obligationId),
      UpdateExpression: 'SET #status = :overdue',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':overdue': 'overdue', ':pending': 'pending' },
    });
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
    settlement: { status: 'met' | 'late'; metAt: string; metByDocumentId: string; lateReason?: string },
  ): Promise<boolean> {
    const lateReason = settlement.status === 'late' && settlement.lateReason ? settlement.lateReason : undefined;
    return this.updateIf({
      Key: keys.obligation(incidentId, obligationId),
      UpdateExpression: `SET #status = :status, metAt = :metAt, metByDocumentId = :documentId${lateReason ? ', lateReason = :lateReason' : ''} REMOVE #pendingPk, #pendingSk`,
      ConditionExpression: '#status = :expected',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
        '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
      },
      ExpressionAttributeValues: {
        ':status': settlement.status, ':metAt': settlement.metAt, ':documentId': settlement.metByDocumentId, ':expected': expectedStatus,
        ...(lateReason ? { ':lateReason': lateReason } : {}),
      },
    });
  }

  /** Open obligations due at or before `dueBy` (all of them without it), earliest first, from the sparse GSI. */
  public async openObligationsDueBy(dueBy?: Date): Promise<Obligation[]> {
    return this.queryIndex<Obligation>(TABLE_DESIGN.pendingObligationsIndex, {
      KeyConditionExpression: dueBy ? '#partition = :open AND #sort <= :dueBy' : '#partition = :open',
      ExpressionAttributeNames: dueBy ? { '#sort': TABLE_DESIGN.pendingObligationsIndex.sortKey } : {},
      // '~' sorts after every character of an ID, so obligations due exactly at dueBy are included.
      ExpressionAttributeValues: { ':open': PENDING_OBLIGATIONS_PARTITION, ...(dueBy ? { ':dueBy': `${dueBy.toISOString()}~` } : {}) },
    });
  }

  /**
   * Claims one message before sending it. Returns the stored record: a new claim (`sending`,
   * attempts 1), or the existing one — `sent` means do not send again; `sending`/`failed`
   * means an earlier attempt did not confirm, so it is attempted again.
   */
  public async claimMessage(claim: Omit<MessageRecord, 'status' | 'attempts'>): Promise<MessageRecord> {
    const key = keys.message(claim.incidentId, claim.messageKey, claim.contactId, claim.channel);
    const record: MessageRecord = { ...claim, status: 'sending', attempts: 1 };
    if (await this.putNew(key, 'message', record)) return record;
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
    return withoutInternalAttributes<MessageRecord>(Attributes ?? {});
  }

  /** Remembers which message SNS sent under `messageId`, so its delivery status can find it. */
  private async rememberSnsMessage(messageId: string, pointer: SnsMessagePointer): Promise<void> {
    await this.putNew(keys.snsMessage(messageId, pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel), 'sns-message', { ...pointer, messageId });
  }

  /**
   * SNS delivery-status logging said the SMS sent under `messageId` did not reach the phone:
   * each message it carried is marked `deliveryStatus: failed` with the provider's reason, and
   * the incident's timeline says so. Returns the incidents it touched.
   */
  public async recordSmsDeliveryFailure(messageId: string, failedAt: string, reason: string): Promise<string[]> {
    const pointers = (await this.queryPartition(`SNSMESSAGE#${messageId}`)).map((item) => withoutInternalAttributes<SnsMessagePointer>(item));
    for (const pointer of pointers) {
      const record = await this.getItem<MessageRecord>(keys.message(pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel));
      await this.updateIf({
        Key: keys.message(pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel),
        UpdateExpression: 'SET deliveryStatus = :failed, deliveryError = :reason, deliveryReportedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':at': failedAt },
      });
      await this.appendEvent({
        incidentId: pointer.incidentId, at: failedAt, type: 'sms-delivery-failed', actor: 'system:sns-delivery-status', unitId: record?.unitId ?? 'unknown',
        detail: { messageKey: pointer.messageKey, contactId: pointer.contactId, to: record?.to, messageId, reason },
      });
    }
    return [...new Set(pointers.map((pointer) => pointer.incidentId))];
  }

  /** Marks a claimed message as handed to SNS. */
  public async markMessageSent(record: MessageRecord, messageId: string, sentAt: string): Promise<void> {
    await this.rememberSnsMessage(messageId, { incidentId: record.incidentId, messageKey: record.messageKey, contactId: record.contactId, channel: record.channel });
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt REMOVE lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt },
      }),
    );
  }

  /** Records why sending a claimed message failed; it stays claimable for a retry. A message already sent stays sent. */
  public async markMessageFailed(record: MessageRecord, reason: string): Promise<void> {
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: 'SET #status = :failed, lastError = :reason',
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':sent': 'sent' },
    });
  }

  /**
   * R-LADDER: the acknowledgement code of a ladder step — the same code for every repeat and
   * every recipient of the step. The first call issues it: the code is reserved globally (codes
   * are unique), then pointed to from the incident; a racing call adopts whichever pointer won.
   */
  public async acknowledgementCodeFor(target: Omit<AcknowledgementTarget, 'code'>, newCode: () => string): Promise<string> {
    const pointerKey = keys.stepAcknowledgementCode(target.incidentId, target.obligationId, target.escalationStep);
    const existing = await this.getItem<AcknowledgementTarget>(pointerKey);
    if (existing) return existing.code;
    const code = await this.reserveCode(target, newCode);
    if (await this.putNew(pointerKey, 'acknowledgement-code', { ...target, code })) return code;
    // A racing call pointed the step at its own code first: adopt it (ours stays unused).
    return (await this.getItem<AcknowledgementTarget>(pointerKey))?.code ?? code;
  }

  /** Reserves a fresh reply code for a target; codes are unique across the table. */
  private async reserveCode(target: Omit<AcknowledgementTarget, 'code'> | Omit<SpotCheckCodeTarget, 'code'>, newCode: () => string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = newCode();
      if (await this.putNew(keys.acknowledgementCode(code), 'acknowledgement-code', { ...target, code })) return code;
    }
    throw new Error(`No free reply code for ${JSON.stringify(target)} after 5 attempts`);
  }

  /** The ladder step or spot check a code belongs to, or undefined. */
  public async findAcknowledgementCode(code: string): Promise<CodeTarget | undefined> {
    return this.getItem<CodeTarget>(keys.acknowledgementCode(code));
  }

  /** R-SPOTCHECK: reserves a fresh reply code for a spot check (codes are unique across the table). */
  public async reserveSpotCheckCode(spotCheckId: string, newCode: () => string): Promise<string> {
    return this.reserveCode({ spotCheckId }, newCode);
  }

  /** R-SPOTCHECK: records the spot-check SMS — its code, and when it went out or why it did not. */
  public async recordSpotCheckNotification(spotCheckId: string, notification: { code: string; notifiedAt?: string; notificationError?: string }): Promise<void> {
    const fields = Object.entries(notification).filter(([, value]) => value !== undefined);
    await this.updateIf({
      Key: keys.spotCheck(spotCheckId),
      UpdateExpression: `SET ${fields.map(([name]) => `${name} = :${name}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
    });
  }

  /** Records an acknowledgement of a ladder step; the first one wins. True when this one was first. */
  public async putAcknowledgement(acknowledgement: Acknowledgement): Promise<boolean> {
    return this.putNew(keys.acknowledgement(acknowledgement.incidentId, acknowledgement.obligationId, acknowledgement.escalationStep), 'acknowledgement', acknowledgement);
  }

  public async getAcknowledgement(incidentId: string, obligationId: string, escalationStep: number): Promise<Acknowledgement | undefined> {
    return this.getItem<Acknowledgement>(keys.acknowledgement(incidentId, obligationId, escalationStep));
  }

  /**
   * The per-recipient SMS rate limit: takes the phone's SMS window if its last one began at least
   * `windowMs` ago (or never). True when taken — the caller may send now; false when the phone
   * was just sent an SMS. `expectedWindowStart` takes it only if nobody else has meanwhile.
   */
  public async takeSmsSlot(phone: string, now: Date, windowMs: number, expectedWindowStart?: string): Promise<boolean> {
    const freeBefore = new Date(now.getTime() - windowMs).toISOString();
    return this.updateIf({
      Key: keys.smsSlot(phone),
      UpdateExpression: 'SET windowStart = :now, itemType = :itemType',
      ConditionExpression: expectedWindowStart
        ? 'windowStart = :expected AND windowStart <= :freeBefore'
        : 'attribute_not_exists(windowStart) OR windowStart <= :freeBefore',
      ExpressionAttributeValues: { ':now': now.toISOString(), ':freeBefore': freeBefore, ':itemType': 'sms-slot', ...(expectedWindowStart ? { ':expected': expectedWindowStart } : {}) },
    });
  }

  /** When the phone's current SMS window began, if it ever had one. */
  public async smsWindowStart(phone: string): Promise<string | undefined> {
    return (await this.getItem<{ windowStart?: string }>(keys.smsSlot(phone)))?.windowStart;
  }

  /** Holds an SMS back for the phone's next digest, and marks its message record `queued`. */
  public async queueSms(queued: QueuedSms, record: MessageRecord): Promise<void> {
    await this.putNew(keys.queuedSms(queued.phone, queued.queuedAt, queued.incidentId, queued.messageKey), 'queued-sms', queued);
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: 'SET #status = :queued',
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':queued': 'queued', ':sent': 'sent' },
    });
  }

  /** Every SMS waiting for a digest, by phone then time. */
  public async queuedSms(): Promise<QueuedSms[]> {
    return (await this.queryPartition(QUEUED_SMS_PARTITION)).map((item) => withoutInternalAttributes<QueuedSms>(item));
  }

  /** A queued SMS went out in a digest: its message record is sent, and it leaves the queue. */
  public async markQueuedSmsSent(queued: QueuedSms, messageId: string, sentAt: string): Promise<void> {
    await this.rememberSnsMessage(messageId, { incidentId: queued.incidentId, messageKey: queued.messageKey, contactId: queued.contactId, channel: 'sms' });
    await this.updateIf({
      Key: keys.message(queued.incidentId, queued.messageKey, queued.contactId, 'sms'),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, mergedIntoDigest = :true',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt, ':true': true },
    });
    await this.documentClient.send(new DeleteCommand({ TableName: this.tableName, Key: keys.queuedSms(queued.phone, queued.queuedAt, queued.incidentId, queued.messageKey) }));
  }

  /**
   * Claims one gateway SMS before it is sent (SNS may deliver a topic message more than once):
   * a new claim, or the one already there — `sent` or `fell-back` means it is done, `sending`
   * means an earlier attempt did not finish, so it is attempted again.
   */
  public async claimGatewaySms(snsMessageId: string, claimedAt: string): Promise<GatewaySmsRecord> {
    const claim: GatewaySmsRecord = { snsMessageId, status: 'sending', attempts: 1, claimedAt };
    if (await this.putNew(keys.gatewaySms(snsMessageId), 'gateway-sms', claim)) return claim;
    const { Attributes } = await this.documentClient.send(
      new UpdateCommand({ TableName: this.tableName, Key: keys.gatewaySms(snsMessageId), UpdateExpression: 'ADD attempts :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'ALL_NEW' }),
    );
    return withoutInternalAttributes<GatewaySmsRecord>(Attributes ?? {});
  }

  /** Records how a gateway SMS ended: sent (with the provider's receipt) or fallen back to e-mail. */
  public async settleGatewaySms(snsMessageId: string, status: 'sent' | 'fell-back', result: { bizId?: string; lastResult: string }): Promise<void> {
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.gatewaySms(snsMessageId),
        UpdateExpression: `SET #status = :status, lastResult = :result${result.bizId ? ', bizId = :bizId' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':result': result.lastResult, ...(result.bizId ? { ':bizId': result.bizId } : {}) },
      }),
    );
  }

  /** R-SPOTCHECK. */
  public async putSpotCheck(spotCheck: SpotCheck): Promise<boolean> {
    const byMonth = TABLE_DESIGN.itemsByMonthIndex;
    return this.putNew(keys.spotCheck(spotCheck.spotCheckId), 'spot-check', {
      ...spotCheck,
      [byMonth.partitionKey]: monthPartition.spotChecks(localMonth(new Date(spotCheck.startedAt))),
      [byMonth.sortKey]: `${spotCheck.startedAt}#${spotCheck.spotCheckId}`,
    });
  }

  public async getSpotCheck(spotCheckId: string): Promise<SpotCheck | undefined> {
    return this.getItem<SpotCheck>(keys.spotCheck(spotCheckId));
  }

  /** R-SPOTCHECK: records the first acknowledgement of a spot check. True when this call recorded it. */
  public async acknowledgeSpotCheck(spotCheckId: string, acknowledgedAt: string, acknowledgedBy: string, actor: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.spotCheck(spotCheckId),
      UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by, acknowledgedByActor = :actor',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt)',
      ExpressionAttributeValues: { ':at': acknowledgedAt, ':by': acknowledgedBy, ':actor': actor },
    });
  }
}
