import { StoreError } from '../../domain/errors';
import { BatchWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TableRepository, withoutInternalAttributes, storeFailure } from '../table';
import { keys, localMonth, monthPartition, OPEN_INCIDENTS_PARTITION, TABLE_DESIGN } from '../table-design';
import type { Acknowledgement } from '../../domain/acknowledgements';
import type {
  Incident,
  Instruction,
  InstructionFeedback,
  Report,
  VerificationAnswer,
  VerificationRequest,
} from '../../domain/incident';
import type { Obligation } from '../../domain/obligations';
import type { IncidentRecord, MessageRecord, NewIncidentRecord } from '../../domain/records';
import { chainHeadAttributes, type AuditTrail } from './audit-trail';
import { obligationAttributes } from './obligations';

// BatchWriteItem takes 25 items; unprocessed ones are retried this often, backing off.
const BATCH_WRITE_ATTEMPTS = 8;

// How long a filing holds an incident open against its final report: longer than any API function
// runs (15 s), so only a filer that crashed ever outlives it.
const FILING_LEASE_MS = 30_000;

type ItemType =
  | 'incident'
  | 'report'
  | 'obligation'
  | 'verification-request'
  | 'verification-answer'
  | 'instruction'
  | 'instruction-feedback'
  | 'message'
  | 'acknowledgement-code'
  | 'acknowledgement'
  | 'event'
  | 'chain-head'
  | 'spot-check'
  | 'sns-message'
  | 'gateway-sms';

/** An incident as stored: listed by month (R-EVAL) and, while open, among the open ones. */
function incidentAttributes(incident: Incident): Record<string, unknown> {
  const pending = TABLE_DESIGN.pendingObligationsIndex;
  const byMonth = TABLE_DESIGN.itemsByMonthIndex;
  return {
    ...incident,
    ...(incident.status === 'open'
      ? {
          [pending.partitionKey]: OPEN_INCIDENTS_PARTITION,
          [pending.sortKey]: `${incident.receivedAt}#${incident.incidentId}`,
        }
      : {}),
    [byMonth.partitionKey]: monthPartition.incidents(localMonth(new Date(incident.receivedAt))),
    [byMonth.sortKey]: `${incident.receivedAt}#${incident.incidentId}`,
  };
}

/** The items of a new incident; the incident itself last (a batch has no order, but a retry writes in this one). */
function newIncidentItems(
  record: NewIncidentRecord,
): { key: { pk: string; sk: string }; itemType: ItemType; attributes: object }[] {
  return [
    {
      key: keys.report(record.report.incidentId, record.report.receivedAt, record.report.reportId),
      itemType: 'report',
      attributes: record.report,
    },
    ...record.verificationRequests.map((request) => ({
      key: keys.verificationRequest(request.incidentId, request.requestId),
      itemType: 'verification-request' as const,
      attributes: request,
    })),
    ...record.obligations.map((obligation) => ({
      key: keys.obligation(obligation.incidentId, obligation.obligationId),
      itemType: 'obligation' as const,
      attributes: obligationAttributes(obligation),
    })),
    ...(record.chainHead
      ? [
          {
            key: keys.chainHead(record.incident.incidentId),
            itemType: 'chain-head' as const,
            attributes: chainHeadAttributes(record.incident.incidentId, record.chainHead),
          },
        ]
      : []),
    {
      key: keys.incident(record.incident.incidentId),
      itemType: 'incident',
      attributes: incidentAttributes(record.incident),
    },
  ];
}

/**
 * Incidents: the incident item (its lifecycle: filing leases, the final report's claim, closing),
 * the batch that writes a new one with its first items, and the incident read whole
 * (`getIncidentRecord`, with its timeline from the audit trail).
 *
 * @example
 * ```ts
 * const { incidents } = repositoriesOver(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'incidents');
 * const record = await incidents.getIncidentRecord('INC-20261128-7K3Q9P');
 * ```
 */
export class IncidentRepository extends TableRepository {
  private readonly audit: AuditTrail;

  public constructor(documentClient: DynamoDBDocumentClient, tableName: string, audit: AuditTrail) {
    super(documentClient, tableName);
    this.audit = audit;
  }

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
    let unprocessed:
      | Record<string, NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]>
      | undefined = {
      [this.tableName]: newIncidentItems(record).map(({ key, itemType, attributes }) => ({
        PutRequest: { Item: { ...attributes, ...key, itemType } },
      })),
    };
    for (let attempt = 0; unprocessed && Object.keys(unprocessed).length > 0; attempt += 1) {
      if (attempt >= BATCH_WRITE_ATTEMPTS)
        throw new StoreError(
          `Could not store incident ${record.incident.incidentId}: items left unprocessed after ${BATCH_WRITE_ATTEMPTS} attempts`,
        );
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const output: { UnprocessedItems?: typeof unprocessed } = await this.documentClient
        .send(new BatchWriteCommand({ RequestItems: unprocessed }))
        .catch((error: unknown) => {
          throw storeFailure('BatchWriteItem', 'the table', error);
        });
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
      ExpressionAttributeValues: {
        ':filing': new Set([filingId]),
        ':until': new Date(now.getTime() + FILING_LEASE_MS).toISOString(),
        ':open': 'open',
      },
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
      ExpressionAttributeValues: {
        ':reportId': reportId,
        ':now': now.toISOString(),
        ':itemType': 'final-report-claim',
        ':takeOverBefore': new Date(now.getTime() - FILING_LEASE_MS).toISOString(),
      },
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
  public async closeIncident(
    incidentId: string,
    closedAt: string,
    closedByReportId: string,
    now: Date,
  ): Promise<
    | { outcome: 'closed' }
    | { outcome: 'already-closed'; closedByReportId?: string; closedAt?: string }
    | { outcome: 'filing-in-progress' }
  > {
    const closed = await this.updateIf({
      Key: keys.incident(incidentId),
      UpdateExpression:
        'SET #status = :closed, closedAt = :closedAt, closedByReportId = :reportId REMOVE #pendingPk, #pendingSk, filingsInProgress, filingLeaseUntil',
      ConditionExpression: '#status = :open AND (attribute_not_exists(filingsInProgress) OR filingLeaseUntil < :now)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
        '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
      },
      ExpressionAttributeValues: {
        ':closed': 'closed',
        ':open': 'open',
        ':closedAt': closedAt,
        ':reportId': closedByReportId,
        ':now': now.toISOString(),
      },
    });
    if (closed) return { outcome: 'closed' };
    const incident = await this.getItem<Incident & { closedByReportId?: string }>(keys.incident(incidentId));
    if (incident?.status === 'closed')
      return { outcome: 'already-closed', closedByReportId: incident.closedByReportId, closedAt: incident.closedAt };
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
    await this.documentClient
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.incident(incidentId),
          UpdateExpression: 'SET verified = :true',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':true': true },
        }),
      )
      .catch((error: unknown) => {
        throw storeFailure('UpdateItem', keys.incident(incidentId), error);
      });
  }

  public async getIncident(incidentId: string): Promise<Incident | undefined> {
    return this.getItem<Incident>(keys.incident(incidentId));
  }

  /** The incident with its reports, obligations, escalations and timeline, in order. */
  public async getIncidentRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    const items = await this.queryPartition(keys.incident(incidentId).pk);
    const ofType = <T>(itemType: ItemType): T[] =>
      items.filter((item) => item.itemType === itemType).map((item) => withoutInternalAttributes<T>(item));
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
      timeline: await this.audit.auditEvents(incidentId),
    };
  }
}
