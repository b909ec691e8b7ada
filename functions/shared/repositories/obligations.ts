import { TableRepository, withoutInternalAttributes } from '../table';
import { keys, PENDING_OBLIGATIONS_PARTITION, TABLE_DESIGN } from '../table-design';
import type { Obligation, ObligationStatus } from '../../domain/obligations';

/** An obligation as stored: listed in the "pending by due time" index while it is open. */
export function obligationAttributes(obligation: Obligation): Record<string, unknown> {
  return {
    ...obligation,
    [TABLE_DESIGN.pendingObligationsIndex.partitionKey]: PENDING_OBLIGATIONS_PARTITION,
    [TABLE_DESIGN.pendingObligationsIndex.sortKey]:
      `${obligation.dueAt}#${obligation.incidentId}#${obligation.obligationId}`,
  };
}

/** Obligations (R-LIFECYCLE): opened, marked overdue, settled or closed, and listed by due time while open. */
export class ObligationRepository extends TableRepository {
  /** A new obligation, listed in the "pending by due time" index while it is open. */
  public async putObligation(obligation: Obligation): Promise<boolean> {
    return this.putNew(
      keys.obligation(obligation.incidentId, obligation.obligationId),
      'obligation',
      obligationAttributes(obligation),
    );
  }

  public async getObligation(incidentId: string, obligationId: string): Promise<Obligation | undefined> {
    return this.getItem<Obligation>(keys.obligation(incidentId, obligationId));
  }

  /** An incident's obligations only (not its messages or audit chain). */
  public async obligationsOf(incidentId: string): Promise<Obligation[]> {
    return (await this.queryPartition(keys.incident(incidentId).pk, 'OBLIGATION#')).map((item) =>
      withoutInternalAttributes<Obligation>(item),
    );
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
        ':status': settlement.status,
        ':metAt': settlement.metAt,
        ':documentId': settlement.metByDocumentId,
        ':expected': expectedStatus,
        ...(lateReason ? { ':lateReason': lateReason } : {}),
      },
    });
  }

  /**
   * R-LIFECYCLE: the final report closed the incident while this obligation was still owed: it
   * becomes `closed`, keeping the state it was in, and leaves the pending index. Conditional on
   * that state, so it never overwrites a document that met it a moment before. True when closed.
   */
  public async closeObligation(
    incidentId: string,
    obligationId: string,
    closedWhile: 'pending' | 'overdue',
    closedAt: string,
    closedByDocumentId: string,
  ): Promise<boolean> {
    return this.updateIf({
      Key: keys.obligation(incidentId, obligationId),
      UpdateExpression:
        'SET #status = :closed, closedWhile = :while, closedAt = :at, closedByDocumentId = :documentId REMOVE #pendingPk, #pendingSk',
      ConditionExpression: '#status = :while',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#pendingPk': TABLE_DESIGN.pendingObligationsIndex.partitionKey,
        '#pendingSk': TABLE_DESIGN.pendingObligationsIndex.sortKey,
      },
      ExpressionAttributeValues: {
        ':closed': 'closed',
        ':while': closedWhile,
        ':at': closedAt,
        ':documentId': closedByDocumentId,
      },
    });
  }

  /**
   * Open obligations due at or before `dueBy` (all of them without it) — and, given `dueAfter`,
   * after that — earliest first, from the sparse GSI.
   */
  public async openObligationsDueBy(dueBy?: Date, dueAfter?: Date): Promise<Obligation[]> {
    const sort = TABLE_DESIGN.pendingObligationsIndex.sortKey;
    // '~' sorts after every character of an ID, so obligations due exactly at dueBy are included (and exactly at
    // dueAfter left out).
    const bound = (at: Date) => `${at.toISOString()}~`;
    if (!dueBy)
      return this.queryIndex<Obligation>(TABLE_DESIGN.pendingObligationsIndex, {
        KeyConditionExpression: '#partition = :open',
        ExpressionAttributeValues: { ':open': PENDING_OBLIGATIONS_PARTITION },
      });
    return this.queryIndex<Obligation>(TABLE_DESIGN.pendingObligationsIndex, {
      KeyConditionExpression: dueAfter
        ? '#partition = :open AND #sort BETWEEN :after AND :dueBy'
        : '#partition = :open AND #sort <= :dueBy',
      ExpressionAttributeNames: { '#sort': sort },
      ExpressionAttributeValues: {
        ':open': PENDING_OBLIGATIONS_PARTITION,
        ':dueBy': bound(dueBy),
        ...(dueAfter ? { ':after': bound(dueAfter) } : {}),
      },
    });
  }
}
