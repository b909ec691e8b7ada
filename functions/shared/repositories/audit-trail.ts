import { StoreError } from '../../domain/errors';
import { TableRepository } from '../table';
import { keys, TABLE_DESIGN, UNANCHORED_CHAIN_HEADS_PARTITION } from '../table-design';
import {
  chainedEvent,
  eventHash,
  eventIdentity,
  GENESIS_HASH,
  type AuditEvent,
  type ChainHead,
  type ChainTip,
  type NewAuditEvent,
} from '../../domain/audit-chain';

// Appenders racing for the same place in the chain take turns: each lost race moves the loser one
// event on. Thirty writers on one incident at once is a burst a county sees (every deadline of a
// large incident escalating together); this many attempts, with a jittered pause that grows, lets
// each of them through. More than that means something else is wrong.
const APPEND_ATTEMPTS = 200;
const appendBackoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** Math.min(attempt, 7))));

/** A chain head as stored: listed as not yet anchored until the anchoring run has written it (R-AUDIT). */
export function chainHeadAttributes(
  incidentId: string,
  head: Pick<AuditEvent, 'seq' | 'hash' | 'at'>,
): Record<string, unknown> {
  const index = TABLE_DESIGN.pendingObligationsIndex;
  return {
    incidentId,
    headSeq: head.seq,
    headHash: head.hash,
    headAt: head.at,
    [index.partitionKey]: UNANCHORED_CHAIN_HEADS_PARTITION,
    [index.sortKey]: incidentId,
  };
}

/** R-AUDIT: each incident's hash-chained audit trail, its head, and which heads are not yet anchored. */
export class AuditTrail extends TableRepository {
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
  public async appendEvent(
    event: NewAuditEvent,
    after?: ChainTip,
    options: { moveHead?: boolean } = {},
  ): Promise<AuditEvent> {
    const moveHead = options.moveHead ?? true;
    // Stored exactly as it is hashed: no undefined values inside.
    const content = JSON.parse(JSON.stringify(event)) as NewAuditEvent;
    let tip: Pick<AuditEvent, 'seq' | 'hash'> | undefined =
      after === 'new-chain' ? { seq: 0, hash: GENESIS_HASH } : after;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
      if (!tip) {
        const head = await this.storedChainHead(event.incidentId);
        tip = head ? { seq: head.headSeq, hash: head.headHash } : { seq: 0, hash: GENESIS_HASH };
      }
      const seq = tip.seq + 1;
      const stored: AuditEvent = {
        ...content,
        seq,
        previousHash: tip.hash,
        hash: eventHash({ ...content, seq, previousHash: tip.hash }),
      };
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
        // Another appender's event follows the head (it lost a race, or crashed before moving the head): move the head
        // over it.
        await this.moveChainHead(event.incidentId, tip, there);
        tip = { seq: there.seq, hash: there.hash };
      } else {
        tip = undefined;
      }
      if (attempt >= 2) await appendBackoff(attempt);
    }
    throw new StoreError(
      `Could not append to the audit chain of ${event.incidentId} after ${APPEND_ATTEMPTS} attempts`,
    );
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

  /**
   * Moves the head from `from` to `to`, only if it is still at `from`; it is then listed as not yet anchored (R-AUDIT).
   */
  private async moveChainHead(
    incidentId: string,
    from: Pick<AuditEvent, 'seq'>,
    to: Pick<AuditEvent, 'seq' | 'hash' | 'at'>,
  ): Promise<void> {
    const index = TABLE_DESIGN.pendingObligationsIndex;
    await this.updateIf({
      Key: keys.chainHead(incidentId),
      UpdateExpression:
        'SET headSeq = :seq, headHash = :hash, headAt = :at, incidentId = :incidentId, itemType = :itemType, #anchorPk = :unanchored, #anchorSk = :incidentId',
      ConditionExpression: from.seq === 0 ? 'attribute_not_exists(headSeq)' : 'headSeq = :from',
      ExpressionAttributeNames: { '#anchorPk': index.partitionKey, '#anchorSk': index.sortKey },
      ExpressionAttributeValues: {
        ':seq': to.seq,
        ':hash': to.hash,
        ':at': to.at,
        ':incidentId': incidentId,
        ':itemType': 'chain-head',
        ':unanchored': UNANCHORED_CHAIN_HEADS_PARTITION,
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
    return (await this.queryPartition(keys.event(incidentId, 0).pk)).map((item) =>
      chainedEvent(item as unknown as AuditEvent),
    );
  }
}
