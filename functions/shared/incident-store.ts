import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TableRepository, withoutInternalAttributes } from './table';
import type { QueuedSms } from './sms-queue';
import type { Incident, Instruction, InstructionFeedback, Report, VerificationAnswer, VerificationRequest } from '../domain/incident';
import type { SpotCheck } from '../domain/spot-checks';
import type { Obligation, ObligationStatus } from '../domain/obligations';
import { chainedEvent, eventHash, eventIdentity, GENESIS_HASH, type AuditEvent, type ChainHead, type ChainTip, type NewAuditEvent } from '../domain/audit-chain';
import type { Acknowledgement, AcknowledgementTarget, CodeTarget, SpotCheckCodeTarget } from '../domain/acknowledgements';
import type { EscalationChannel, GatewaySmsRecord, IncidentRecord, MessageRecord, NewIncidentRecord } from '../domain/records';
import {
  keys, localMonth, localMonthsBetween, monthPartition, OPEN_INCIDENTS_PARTITION, PENDING_OBLIGATIONS_PARTITION, SECONDARY_INDEXES, TABLE_DESIGN, UNANCHORED_CHAIN_HEADS_PARTITION,
} from './table-design';

export type { AuditEvent, AuditEventType, ChainTip, NewAuditEvent } from '../domain/audit-chain';
export type { Acknowledgement } from '../domain/acknowledgements';
export type { EscalationChannel, GatewaySmsRecord, IncidentRecord, MessagePurpose, MessageRecord, NewIncidentRecord } from '../domain/records';

// BatchWriteItem takes 25 items; unprocessed ones are retried this often, backing off.
const BATCH_WRITE_ATTEMPTS = 8;

// How long a filing holds an incident open against its final report: longer than any API function
// runs (15 s), so only a filer that crashed ever outlives it.
const FILING_LEASE_MS = 30_000;

// Appenders racing for the same place in the chain take turns: each lost race moves the loser one
// event on. Thirty writers on one incident at once is a burst a county sees (every deadline of a
// large incident escalating together); this many attempts, with a jittered pause that grows, lets
// each of them through. More than that means something else is wrong.
const APPEND_ATTEMPTS = 200;
const appendBackoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** Math.min(attempt, 7))));

type ItemType =
  | 'incident' | 'report' | 'obligation' | 'verification-request' | 'verification-answer' | 'instruction' | 'instruction-feedback'
  | 'message' | 'acknowledgement-code' | 'acknowledgement' | 'event' | 'chain-head' | 'spot-check' | 'sns-message' | 'gateway-sms';

/** Which message SNS sent under a message ID (one per message; a merged SMS covers several). */
interface SnsMessagePointer {
  incidentId: string;
  messageKey: string;
  contactId: string;
  channel: EscalationChannel;
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

/** The items of a new incident; the incident itself last (a batch has no order, but a retry writes in this one). */
function newIncidentItems(record: NewIncidentRecord): { key: { pk: string; sk: string }; itemType: ItemType; attributes: object }[] {
  return [
    { key: keys.report(record.report.incidentId, record.report.receivedAt, record.report.reportId), itemType: 'report', attributes: record.report },
    ...record.verificationRequests.map((request) => ({ key: keys.verificationRequest(request.incidentId, request.requestId), itemType: 'verification-request' as const, attributes: request })),
    ...record.obligations.map((obligation) => ({ key: keys.obligation(obligation.incidentId, obligation.obligationId), itemType: 'obligation' as const, attributes: obligationAttributes(obligation) })),
    ...(record.chainHead ? [{ key: keys.chainHead(record.incident.incidentId), itemType: 'chain-head' as const, attributes: chainHeadAttributes(record.incident.incidentId, record.chainHead) }] : []),
    { key: keys.incident(record.incident.incidentId), itemType: 'incident', attributes: incidentAttributes(record.incident) },
  ];
}

/** A chain head as stored: listed as not yet anchored until the anchoring run has written it (R-AUDIT). */
function chainHeadAttributes(incidentId: string, head: Pick<AuditEvent, 'seq' | 'hash' | 'at'>): Record<string, unknown> {
  const index = TABLE_DESIGN.pendingObligationsIndex;
  return { incidentId, headSeq: head.seq, headHash: head.hash, headAt: head.at, [index.partitionKey]: UNANCHORED_CHAIN_HEADS_PARTITION, [index.sortKey]: incidentId };
}

/** An obligation as stored: listed in the "pending by due time" index while it is open. */
function obligationAttributes(obligation: Obligation): Record<string, unknown> {
  return {
    ...obligation,
    [TABLE_DESIGN.pendingObligationsIndex.partitionKey]: PENDING_OBLIGATIONS_PARTITION,
    [TABLE_DESIGN.pendingObligationsIndex.sortKey]: `${obligation.dueAt}#${obligation.incidentId}#${obligation.obligationId}`,
  };
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
export class IncidentStore extends TableRepository {
  /** A new incident, listed by month (R-EVAL) and, until the final report, among the open ones. */
  public async putIncident(incident: Incident): Promise<boolean> {
    return this.putNew(keys.incident(incident.incidentId), 'incident', incidentAttributes(incident));
  }

  /**
   * R-INTAKE: a new incident with its first report, obligations and requests, in one
   * BatchWriteItem — one round trip instead of one per item. Unconditional (a batch takes no
   * conditions): the incident ID is new, so there is nothing to overwrite. A request run again
   * after a crash writes with `putMissingIncidentItems` instead.
   */
  public async putNewIncidentRecord(record: NewIncidentRecord): Promise<void> {
    let unprocessed: Record<string, NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]> | undefined = {
      [this.tableName]: newIncidentItems(record).map(({ key, itemType, attributes }) => ({ PutRequest: { Item: { ...attributes, ...key, itemType } } })),
    };
    for (let attempt = 0; unprocessed && Object.keys(unprocessed).length > 0; attempt += 1) {
      if (attempt >= BATCH_WRITE_ATTEMPTS) throw new Error(`Could not store incident ${record.incident.incidentId}: items left unprocessed after ${BATCH_WRITE_ATTEMPTS} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const output: { UnprocessedItems?: typeof unprocessed } = await this.documentClient.send(new BatchWriteCommand({ RequestItems: unprocessed }));
      unprocessed = output.UnprocessedItems;
    }
  }

  /**
   * R-INTAKE: the items of a new incident that are not stored yet, each with a conditional put —
   * for a request run again after a crash cut its first run short. What the first run stored,
   * and what has happened to it since (an obligation gone overdue), is left as it is.
   */
  public async putMissingIncidentItems(record: NewIncidentRecord): Promise<void> {
    for (const { key, itemType, attributes } of newIncidentItems(record)) await this.putNew(key, itemType, attributes);
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

  public async putReport(report: Report): Promise<boolean> {
    return this.putNew(keys.report(report.incidentId, report.receivedAt, report.reportId), 'report', report);
  }

  public async putVerificationRequest(request: VerificationRequest): Promise<boolean> {
    return this.putNew(keys.verificationRequest(request.incidentId, request.requestId), 'verification-request', request);
  }

  /**
   * R-VERIFY-20-40: the answer on one channel of a request. One per channel, keyed by it, so of
   * answers racing each other exactly one is stored. False when one was stored first.
   */
  public async putVerificationAnswer(answer: VerificationAnswer): Promise<boolean> {
    return this.putNew(keys.answer(answer.incidentId, answer.requestId, answer.channel), 'verification-answer', answer);
  }

  /** The answer already stored on that channel, if any. */
  public async getVerificationAnswer(incidentId: string, requestId: string, channel: VerificationAnswer['channel']): Promise<VerificationAnswer | undefined> {
    return this.getItem<VerificationAnswer>(keys.answer(incidentId, requestId, channel));
  }

  public async putInstruction(instruction: Instruction): Promise<boolean> {
    return this.putNew(keys.instruction(instruction.incidentId, instruction.instructionId), 'instruction', instruction);
  }

  /** R-INSTRUCTION-12H: the feedback on an instruction. One per instruction, so of racing ones exactly one is stored. */
  public async putInstructionFeedback(feedback: InstructionFeedback): Promise<boolean> {
    return this.putNew(keys.feedback(feedback.incidentId, feedback.instructionId), 'instruction-feedback', feedback);
  }

  /** The feedback already stored on that instruction, if any. */
  public async getInstructionFeedback(incidentId: string, instructionId: string): Promise<InstructionFeedback | undefined> {
    return this.getItem<InstructionFeedback>(keys.feedback(incidentId, instructionId));
  }

  public async getVerificationRequest(incidentId: string, requestId: string): Promise<VerificationRequest | undefined> {
    return this.getItem<VerificationRequest>(keys.verificationRequest(incidentId, requestId));
  }

  public async getInstruction(incidentId: string, instructionId: string): Promise<Instruction | undefined> {
    return this.getItem<Instruction>(keys.instruction(incidentId, instructionId));
  }

  /**
   * R-LIFECYCLE: a document (report, answer, feedback) is being filed on the incident — only
   * while it is open. The incident item lists the filing until `endFiling`, or until its lease
   * runs out (a filer that crashed), and the final report cannot close the incident while any
   * listed filing is alive: so no document is ever stored after the incident closed. False when
   * the incident is closed (or unknown).
   */
  public async beginFiling(incidentId: string, filingId: string, now: Date): Promise<boolean> {
    return this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression: 'ADD filingsInProgress :filing SET filingLeaseUntil = :until',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':filing': new Set([filingId]), ':until': new Date(now.getTime() + FILING_LEASE_MS).toISOString(), ':open': 'open' },
    });
  }

  /**
   * R-LIFECYCLE: one final report per incident. The first to claim the incident's `FINALREPORT`
   * item files it; another racing it is refused before it stores anything. A claim whose filer
   * stopped (older than the filing lease, the incident still open) may be taken over; the same
   * report (a replay) keeps its claim. True when `reportId` holds the claim.
   */
  public async claimFinalReport(incidentId: string, reportId: string, now: Date): Promise<boolean> {
    return this.updateIf({
      Key: keys.finalReport(incidentId),
      UpdateExpression: 'SET reportId = :reportId, claimedAt = :now, itemType = :itemType',
      ConditionExpression: 'attribute_not_exists(reportId) OR reportId = :reportId OR claimedAt < :takeOverBefore',
      ExpressionAttributeValues: { ':reportId': reportId, ':now': now.toISOString(), ':itemType': 'final-report-claim', ':takeOverBefore': new Date(now.getTime() - FILING_LEASE_MS).toISOString() },
    });
  }

  /** The filing is done (stored, or refused): it no longer holds the incident open. */
  public async endFiling(incidentId: string, filingId: string): Promise<void> {
    await this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression: 'DELETE filingsInProgress :filing',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':filing': new Set([filingId]) },
    });
  }

  /**
   * R-LIFECYCLE: the final report closes the incident, once, and only when no other document
   * is being filed on it (or the leases of those that were have run out). `closed` when this
   * call closed it; `already-closed` (with who closed it) when it was; `filing-in-progress` when
   * another document is being filed this moment — the caller waits and tries again.
   */
  public async closeIncident(incidentId: string, closedAt: string, closedByReportId: string, now: Date): Promise<
    { outcome: 'closed' } | { outcome: 'already-closed'; closedByReportId?: string; closedAt?: string } | { outcome: 'filing-in-progress' }
  > {
    const closed = await this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression: 'SET #status = :closed, closedAt = :closedAt, closedByReportId = :reportId REMOVE #pendingPk, #pendingSk, filingsInProgress, filingLeaseUntil',
      ConditionExpression: '#status = :open AND (attribute_not_exists(filingsInProgress) OR filingLeaseUntil < :now)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
        '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
      },
      ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':closedAt': closedAt, ':reportId': closedByReportId, ':now': now.toISOString() },
    });
    if (closed) return { outcome: 'closed' };
    const incident = await this.getItem<Incident & { closedByReportId?: string }>(keys.incident(incidentId));
    if (incident?.status === 'closed') return { outcome: 'already-closed', closedByReportId: incident.closedByReportId, closedAt: incident.closedAt };
    return { outcome: 'filing-in-progress' };
  }

  /**
   * The incident's own execution is running (its first task says so): the sweep leaves it alone.
   * Set once; a resumed execution changes nothing.
   */
  public async markIncidentWatched(incidentId: string, at: string): Promise<void> {
    await this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression: 'SET watchedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(watchedAt)',
      ExpressionAttributeValues: { ':at': at },
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
   * R-AUDIT: appends an event to the incident's hash chain and moves the chain's head with it.
   *
   * The head (`CHAINHEAD`: the last event's number and hash) is where an appender learns its
   * place: the event goes in at the next number with a conditional put, then the head moves
   * to it with a conditional update (from exactly the head the appender started from). Two
   * appenders racing for one number take turns: the loser finds the winner's event and rolls
   * the head forward over it before it tries the next number. A crash between the put and the
   * head's move leaves the head behind; the next append rolls it forward, after checking that
   * the event there links to the head. An event already in its place with exactly this content
   * (a retried request, pinned to the same clock and IDs) is adopted, not appended twice.
   * Events are never updated or deleted. `moveHead: false` is for a new incident's first events:
   * its head is written with the incident's items (`putNewIncidentRecord`), one write for all.
   */
  public async appendEvent(event: NewAuditEvent, after?: ChainTip, options: { moveHead?: boolean } = {}): Promise<AuditEvent> {
    const moveHead = options.moveHead ?? true;
    // Stored exactly as it is hashed: no undefined values inside.
    const content = JSON.parse(JSON.stringify(event)) as NewAuditEvent;
    let tip: Pick<AuditEvent, 'seq' | 'hash'> | undefined = after === 'new-chain' ? { seq: 0, hash: GENESIS_HASH } : after;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      if (!tip) {
        const head = await this.storedChainHead(event.incidentId);
        tip = head ? { seq: head.headSeq, hash: head.headHash } : { seq: 0, hash: GENESIS_HASH };
      }
      const seq = tip.seq + 1;
      const stored: AuditEvent = { ...content, seq, previousHash: tip.hash, hash: eventHash({ ...content, seq, previousHash: tip.hash }) };
      if (await this.putNew(keys.event(event.incidentId, seq), 'event', stored)) {
        if (moveHead) await this.moveChainHead(event.incidentId, tip, stored);
        return stored;
      }
      const there = await this.getItem<AuditEvent>(keys.event(event.incidentId, seq));
      if (there && there.hash === stored.hash) {
        if (moveHead) await this.moveChainHead(event.incidentId, tip, there);
        return chainedEvent(there);
      }
      if (there && there.previousHash === tip.hash) {
        // Another appender's event follows the head (it lost a race, or crashed before moving the head): move the head over it.
        await this.moveChainHead(event.incidentId, tip, there);
        tip = { seq: there.seq, hash: there.hash };
      } else {
        tip = undefined;
      }
      if (attempt >= 2) await appendBackoff(attempt);
    }
    throw new Error(`Could not append to the audit chain of ${event.incidentId} after ${APPEND_ATTEMPTS} attempts`);
  }

  /**
   * R-AUDIT: appends the event unless the chain already has it (same type, time, actor and
   * detail) — for a request run again after a crash (`RequestPin.replay`), whose events carry the
   * first run's clock and IDs: what the first run recorded is not recorded twice, what it did not
   * get to is. Reads the chain, so only replays use it.
   */
  public async appendEventOnce(event: NewAuditEvent, replay: boolean, after?: ChainTip): Promise<AuditEvent> {
    if (replay) {
      const identity = eventIdentity(event);
      const recorded = (await this.auditEvents(event.incidentId)).find((stored) => eventIdentity(stored) === identity);
      if (recorded) return recorded;
    }
    return this.appendEvent(event, replay ? undefined : after);
  }

  /**
   * R-AUDIT: the head of an incident's chain — the last event's number and hash — rolled forward
   * over any event an appender stored without moving the head yet (a race, or a crash between
   * the two writes). The genesis (0) for a new chain.
   */
  public async chainHead(incidentId: string): Promise<Pick<AuditEvent, 'seq' | 'hash'>> {
    const head = await this.storedChainHead(incidentId);
    let tip = head ? { seq: head.headSeq, hash: head.headHash } : { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const next = await this.getItem<AuditEvent>(keys.event(incidentId, tip.seq + 1));
      if (!next || next.previousHash !== tip.hash) return tip;
      await this.moveChainHead(incidentId, tip, next);
      tip = { seq: next.seq, hash: next.hash };
    }
  }

  /** The head as stored (not rolled forward): what verification compares the chain with. */
  public async storedChainHead(incidentId: string): Promise<ChainHead | undefined> {
    return this.getItem<ChainHead>(keys.chainHead(incidentId));
  }

  /** Moves the head from `from` to `to`, only if it is still at `from`; it is then listed as not yet anchored (R-AUDIT). */
  private async moveChainHead(incidentId: string, from: Pick<AuditEvent, 'seq'>, to: Pick<AuditEvent, 'seq' | 'hash' | 'at'>): Promise<void> {
    const index = TABLE_DESIGN.pendingObligationsIndex;
    await this.updateIf({
      Key: keys.chainHead(incidentId),
      UpdateExpression: 'SET headSeq = :seq, headHash = :hash, headAt = :at, incidentId = :incidentId, itemType = :itemType, #anchorPk = :unanchored, #anchorSk = :incidentId',
      ConditionExpression: from.seq === 0 ? 'attribute_not_exists(headSeq)' : 'headSeq = :from',
      ExpressionAttributeNames: { '#anchorPk': index.partitionKey, '#anchorSk': index.sortKey },
      ExpressionAttributeValues: {
        ':seq': to.seq, ':hash': to.hash, ':at': to.at, ':incidentId': incidentId, ':itemType': 'chain-head', ':unanchored': UNANCHORED_CHAIN_HEADS_PARTITION,
        ...(from.seq === 0 ? {} : { ':from': from.seq }),
      },
    });
  }

  /** R-AUDIT: the chain heads that moved since they were last anchored, for the anchoring run. */
  public async unanchoredChainHeads(): Promise<ChainHead[]> {
    return this.queryIndex<ChainHead>(TABLE_DESIGN.pendingObligationsIndex, {
      KeyConditionExpression: '#partition = :unanchored',
      ExpressionAttributeValues: { ':unanchored': UNANCHORED_CHAIN_HEADS_PARTITION },
    });
  }

  /** R-AUDIT: the head was anchored at `seq`; it leaves the list, unless it moved on meanwhile. */
  public async markChainHeadAnchored(incidentId: string, seq: number, anchoredAt: string): Promise<void> {
    const index = TABLE_DESIGN.pendingObligationsIndex;
    await this.updateIf({
      Key: keys.chainHead(incidentId),
      UpdateExpression: 'SET anchoredSeq = :seq, anchoredAt = :at REMOVE #anchorPk, #anchorSk',
      ConditionExpression: 'headSeq = :seq',
      ExpressionAttributeNames: { '#anchorPk': index.partitionKey, '#anchorSk': index.sortKey },
      ExpressionAttributeValues: { ':seq': seq, ':at': anchoredAt },
    });
  }

  /** R-AUDIT: every event of an incident, in chain order. */
  public async auditEvents(incidentId: string): Promise<AuditEvent[]> {
    // Only what the hash covers: an attribute added to a stored event afterwards is not served as if it were recorded.
    return (await this.queryPartition(keys.event(incidentId, 0).pk)).map((item) => chainedEvent(item as unknown as AuditEvent));
  }

  /** An incident's obligations only (not its messages or audit chain). */
  public async obligationsOf(incidentId: string): Promise<Obligation[]> {
    return (await this.queryPartition(keys.incident(incidentId).pk, 'OBLIGATION#')).map((item) => withoutInternalAttributes<Obligation>(item));
  }

  /** R-LADDER: the contacts a ladder step was sent to (any repeat, any channel), by contact ID. */
  public async stepRecipients(incidentId: string, obligationId: string, escalationStep: number): Promise<Set<string>> {
    const messages = (await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${obligationId}#step-${escalationStep}#repeat-`))
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter((message) => message.escalationStep === escalationStep && message.obligationId === obligationId && message.status !== 'failed');
    return new Set(messages.map((message) => message.contactId));
  }

  /** An incident's message records for one sending, e.g. `written-report#step-1#repeat-0`. */
  public async messagesOf(incidentId: string, messageKey: string): Promise<MessageRecord[]> {
    // The prefix also matches longer keys (`…#sms-fallback`): keep only this sending's.
    return (await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${messageKey}#`))
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter((message) => message.messageKey === messageKey);
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

  /**
   * R-LIFECYCLE: the final report closed the incident while this obligation was still owed: it
   * becomes `closed`, keeping the state it was in, and leaves the pending index. Conditional on
   * that state, so it never overwrites a document that met it a moment before. True when closed.
   */
  public async closeObligation(incidentId: string, obligationId: string, closedWhile: 'pending' | 'overdue', closedAt: string, closedByDocumentId: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.obligation(incidentId, obligationId),
      UpdateExpression: 'SET #status = :closed, closedWhile = :while, closedAt = :at, closedByDocumentId = :documentId REMOVE #pendingPk, #pendingSk',
      ConditionExpression: '#status = :while',
      ExpressionAttributeNames: { '#status': 'status', '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey, '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey },
      ExpressionAttributeValues: { ':closed': 'closed', ':while': closedWhile, ':at': closedAt, ':documentId': closedByDocumentId },
    });
  }

  /**
   * Open obligations due at or before `dueBy` (all of them without it) — and, given `dueAfter`,
   * after that — earliest first, from the sparse GSI.
   */
  public async openObligationsDueBy(dueBy?: Date, dueAfter?: Date): Promise<Obligation[]> {
    const sort = TABLE_DESIGN.pendingObligationsIndex.sortKey;
    // '~' sorts after every character of an ID, so obligations due exactly at dueBy are included (and exactly at dueAfter left out).
    const bound = (at: Date) => `${at.toISOString()}~`;
    if (!dueBy) return this.queryIndex<Obligation>(TABLE_DESIGN.pendingObligationsIndex, { KeyConditionExpression: '#partition = :open', ExpressionAttributeValues: { ':open': PENDING_OBLIGATIONS_PARTITION } });
    return this.queryIndex<Obligation>(TABLE_DESIGN.pendingObligationsIndex, {
      KeyConditionExpression: dueAfter ? '#partition = :open AND #sort BETWEEN :after AND :dueBy' : '#partition = :open AND #sort <= :dueBy',
      ExpressionAttributeNames: { '#sort': sort },
      ExpressionAttributeValues: { ':open': PENDING_OBLIGATIONS_PARTITION, ':dueBy': bound(dueBy), ...(dueAfter ? { ':after': bound(dueAfter) } : {}) },
    });
  }

  /**
   * Claims one message before sending it, and says whether to send it (R-LADDER: never the same
   * message twice, never one silently dropped):
   * - a new claim → `send`;
   * - one already `sent` or `queued` for a digest, or refused for good → `skip`;
   * - one whose earlier attempt failed (SNS said no) → `send` again;
   * - one whose earlier attempt never said how it ended (`sending`: the process died between
   *   handing it to SNS and recording that) → `send` once more — SNS may or may not have taken
   *   it, and a duplicate is better than a silence — but only once: a second such claim is
   *   `unconfirmed`, not sent again, and the caller tells the operators to check by phone.
   */
  public async claimMessage(claim: Omit<MessageRecord, 'status' | 'attempts'>): Promise<{ record: MessageRecord; decision: 'send' | 'skip' | 'unconfirmed' }> {
    const key = keys.message(claim.incidentId, claim.messageKey, claim.contactId, claim.channel);
    const record: MessageRecord = { ...claim, status: 'sending', attempts: 1 };
    if (await this.putNew(key, 'message', record)) return { record, decision: 'send' };
    // Failed before (SNS refused it, not for good): try again.
    const retried = await this.updateReturning<MessageRecord>({
      Key: key,
      UpdateExpression: 'SET attempts = attempts + :one, #status = :sending',
      ConditionExpression: '#status = :failed AND attribute_not_exists(permanentFailure)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':sending': 'sending', ':failed': 'failed' },
    });
    if (retried) return { record: retried, decision: 'send' };
    // Its attempt never said how it ended: one resend, and only one.
    const resent = await this.updateReturning<MessageRecord>({
      Key: key,
      UpdateExpression: 'SET attempts = attempts + :one, resentAfterUnknownOutcome = :now',
      ConditionExpression: '#status = :sending AND attribute_not_exists(resentAfterUnknownOutcome)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':sending': 'sending', ':now': claim.claimedAt },
    });
    if (resent) return { record: resent, decision: 'send' };
    const stored = (await this.getItem<MessageRecord>(key)) ?? record;
    if (stored.status === 'sending') {
      const unconfirmed = await this.updateIf({
        Key: key, UpdateExpression: 'SET #status = :unconfirmed', ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':sending': 'sending' },
      });
      return { record: { ...stored, status: 'unconfirmed' }, decision: unconfirmed ? 'unconfirmed' : 'skip' };
    }
    return { record: stored, decision: 'skip' };
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

  /**
   * Marks a claimed message as handed to SNS — one write, at once, so the window in which a crash
   * leaves it "sent but not recorded" is one round trip — then remembers the SNS message ID for
   * its delivery status.
   */
  public async markMessageSent(record: MessageRecord, messageId: string, sentAt: string): Promise<void> {
    await this.documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt REMOVE lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt },
      }),
    );
    await this.rememberSnsMessage(messageId, { incidentId: record.incidentId, messageKey: record.messageKey, contactId: record.contactId, channel: record.channel });
  }

  /**
   * Records why sending a claimed message failed. It stays claimable for a retry — unless it can
   * never be sent (`permanent`: SNS refused the message itself), then no retry sends it again.
   * A message already sent stays sent.
   */
  public async markMessageFailed(record: MessageRecord, reason: string, permanent = false): Promise<void> {
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: `SET #status = :failed, lastError = :reason${permanent ? ', permanentFailure = :true' : ''}`,
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':sent': 'sent', ...(permanent ? { ':true': true } : {}) },
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

  /** The SMS of this message record is held back for the phone's next digest. */
  public async markMessageQueued(record: MessageRecord): Promise<void> {
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: 'SET #status = :queued',
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':queued': 'queued', ':sent': 'sent' },
    });
  }

  /** A held SMS went out in a digest. True when this call recorded it (a repeated call changes nothing). */
  public async markMessageSentInDigest(queued: Pick<QueuedSms, 'incidentId' | 'messageKey' | 'contactId'>, messageId: string, sentAt: string): Promise<boolean> {
    const marked = await this.updateIf({
      Key: keys.message(queued.incidentId, queued.messageKey, queued.contactId, 'sms'),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, mergedIntoDigest = :true',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt, ':true': true },
    });
    if (marked) await this.rememberSnsMessage(messageId, { incidentId: queued.incidentId, messageKey: queued.messageKey, contactId: queued.contactId, channel: 'sms' });
    return marked;
  }

  /** A held SMS no longer owed when its digest went out (its obligation settled, its incident closed): not sent. */
  public async markMessageWithdrawn(message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>): Promise<void> {
    await this.markMessageUnsent(message, 'withdrawn');
  }

  /** A message whose sending could not be confirmed twice: not sent again; the operators check by phone. */
  public async markMessageUnconfirmed(message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>): Promise<void> {
    await this.markMessageUnsent(message, 'unconfirmed');
  }

  /** Sets a final not-sent status, never over `sent`: a message that went out stays sent. */
  private async markMessageUnsent(message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>, status: 'withdrawn' | 'unconfirmed'): Promise<void> {
    await this.updateIf({
      Key: keys.message(message.incidentId, message.messageKey, message.contactId, message.channel),
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':sent': 'sent' },
    });
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
