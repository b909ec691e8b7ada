import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * R-AUDIT: the events of an incident form a hash chain. Each event stores the hash of the one
 * before it, and its own hash over its content and that link, so editing, removing or
 * reordering any stored event breaks every hash after it — and the verification says where.
 */

/** The `previousHash` of an incident's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: everything it says, its place in the chain and the link to the one before. */
export interface ChainedEventContent {
  incidentId: string;
  seq: number;
  at: string;
  type: string;
  actor: string;
  unitId: string;
  detail: Record<string, unknown>;
  previousHash: string;
}

/**
 * SHA-256 of the event's RFC 8785 canonical JSON (key order and number format fixed), hex.
 *
 * @example
 * ```ts
 * eventHash({ incidentId: 'INC-1', seq: 1, at: '2026-11-28T00:05:00.000Z', type: 'incident-reported', actor:
 * 'reporter:gaosheng-zone:u-1',
 *   unitId: 'gaosheng-zone', detail: {}, previousHash: GENESIS_HASH }); // '3f…' (64 hex digits)
 * ```
 */
export function eventHash(content: ChainedEventContent): string {
  const { incidentId, seq, at, type, actor, unitId, detail, previousHash } = content;
  return createHash('sha256')
    .update(canonicalize({ incidentId, seq, at, type, actor, unitId, detail, previousHash }) ?? '')
    .digest('hex');
}

/** An event as the chain records it: exactly the fields its hash covers, and the hash. */
export type ChainedEvent = ChainedEventContent & { hash: string };

/** Only the fields an event's hash covers: anything else on a stored item was not recorded by the chain. */
export function chainedEvent<T extends ChainedEvent>(stored: T): Pick<T, keyof ChainedEvent> {
  const { incidentId, seq, at, type, actor, unitId, detail, previousHash, hash } = stored;
  return { incidentId, seq, at, type, actor, unitId, detail, previousHash, hash };
}

/**
 * R-AUDIT: the head of an incident's chain, kept beside it: the last event's number and hash,
 * moved under a condition with each append. Deleting the last events, or re-hashing the last
 * one, leaves the chain short of its head or different from it.
 */
export interface ChainHead {
  incidentId: string;
  headSeq: number;
  headHash: string;
  headAt: string;
  /** The last number the anchoring run wrote to the write-once store. */
  anchoredSeq?: number;
  anchoredAt?: string;
}

/**
 * R-AUDIT: a chain position written to storage nobody can rewrite (S3 Object Lock in compliance
 * mode; locally an append-only file), the way CloudTrail publishes its log-file digests. An
 * event at or before an anchor cannot be changed, removed or forged without showing.
 */
export interface ChainAnchor {
  incidentId: string;
  seq: number;
  hash: string;
  anchoredAt: string;
}

/** What happened to an incident, kept append-only (R-AUDIT). */
export type AuditEventType =
  | 'incident-reported'
  | 'obligation-opened'
  | 'execution-started'
  | 'watch-started'
  | 'report-filed'
  | 'obligation-met'
  | 'obligation-late'
  | 'obligation-overdue'
  | 'obligation-closed'
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
  | 'acknowledgement-refused'
  | 'follow-up-opened'
  | 'incident-closed'
  | 'execution-stopped'
  | 'attachment-uploaded'
  | 'attachment-refused'
  // Issue 15: a unit's own chain (`unitChainId`): what was changed in the directory, with before and after.
  | DirectoryEventType;

/** What happened to a unit of the directory (issue 15, R-AUDIT). */
export type DirectoryEventType =
  'unit-seeded' | 'unit-created' | 'unit-updated' | 'unit-deactivated' | 'contact-saved' | 'contact-removed';

/** The audit chain of a unit's directory entry, beside the incidents' chains (`EVENTS#UNIT.<unitId>`). */
export function unitChainId(unitId: string): string {
  return `UNIT.${unitId}`;
}

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

/**
 * What identifies an event apart from its place in the chain: the same request's event, recorded twice, has the same
 * identity.
 */
export function eventIdentity(event: NewAuditEvent): string {
  const { type, at, actor, unitId, detail } = JSON.parse(JSON.stringify(event)) as NewAuditEvent;
  return canonicalize([type, at, actor, unitId, detail]) ?? '';
}

/** What a caller says when it appends an event; the store numbers and chains it. */
export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'previousHash' | 'hash'>;

/** The end of a chain as the caller last saw it: the event it appended, or `new-chain` for an incident just created. */
export type ChainTip = Pick<AuditEvent, 'seq' | 'hash'> | 'new-chain';

/** One thing wrong with a stored chain. */
export interface ChainProblem {
  seq: number;
  problem: string;
}

export interface ChainVerification {
  valid: boolean;
  eventCount: number;
  /** The hash of the last event. */
  lastHash: string;
  /** The highest event number confirmed by an anchor in the write-once store (0: none yet). */
  anchoredThrough: number;
  problems: ChainProblem[];
}

/**
 * R-AUDIT: checks a stored chain, in `seq` order: numbering without gaps from 1, each link to the
 * hash before, each hash over its own content; then its end against the head (a missing tail or
 * a re-hashed last event shows), and every anchor against the event at its place (a rewritten,
 * removed or forged event at or before an anchor shows, even with every hash after it redone).
 */
export function verifyChain(
  events: ChainedEvent[],
  against: { head?: Pick<ChainHead, 'headSeq' | 'headHash'>; anchors?: ChainAnchor[] } = {},
): ChainVerification {
  const problems: ChainProblem[] = [];
  let previousHash = GENESIS_HASH;
  events.forEach((event, index) => {
    if (event.seq !== index + 1)
      problems.push({
        seq: event.seq,
        problem: `expected event number ${index + 1}: an event is missing or out of place`,
      });
    if (event.previousHash !== previousHash)
      problems.push({ seq: event.seq, problem: 'does not link to the event before it' });
    if (eventHash(event) !== event.hash)
      problems.push({
        seq: event.seq,
        problem: 'its content does not match its hash: it was changed after it was written',
      });
    previousHash = event.hash;
  });
  const bySeq = new Map(events.map((event) => [event.seq, event]));
  const { head, anchors = [] } = against;
  if (head) {
    const atHead = bySeq.get(head.headSeq);
    if (!atHead)
      problems.push({
        seq: head.headSeq,
        problem: `the chain's head is event ${head.headSeq}, but the chain ends at ${events.length}: events were removed`,
      });
    else if (atHead.hash !== head.headHash)
      problems.push({
        seq: head.headSeq,
        problem: "differs from the chain's head: it was rewritten after it was appended",
      });
    for (const event of events.filter((candidate) => candidate.seq > head.headSeq)) {
      problems.push({
        seq: event.seq,
        problem: `past the chain's head (event ${head.headSeq}): not confirmed by it — a process stopped between appending it and moving the head (the next append or anchoring confirms it), or it was added straight to the table`,
      });
    }
  } else if ('head' in against && events.length > 0) {
    // Checked against a head, and there is none.
    problems.push({ seq: events.length, problem: 'the chain has no head: its end cannot be confirmed' });
  }
  let anchoredThrough = 0;
  for (const anchor of anchors) {
    const event = bySeq.get(anchor.seq);
    if (!event)
      problems.push({
        seq: anchor.seq,
        problem: `anchored at ${anchor.anchoredAt}, but no longer in the chain: it was removed`,
      });
    else if (event.hash !== anchor.hash)
      problems.push({
        seq: anchor.seq,
        problem: `differs from its anchor written at ${anchor.anchoredAt}: it, or an event before it, was rewritten`,
      });
    else anchoredThrough = Math.max(anchoredThrough, anchor.seq);
  }
  return { valid: problems.length === 0, eventCount: events.length, lastHash: previousHash, anchoredThrough, problems };
}
