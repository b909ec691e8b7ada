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
 * eventHash({ incidentId: 'INC-1', seq: 1, at: '2026-11-28T00:05:00.000Z', type: 'incident-reported', actor: 'reporter:gaosheng-zone:u-1',
 *   unitId: 'gaosheng-zone', detail: {}, previousHash: GENESIS_HASH }); // '3f…' (64 hex digits)
 * ```
 */
export function eventHash(content: ChainedEventContent): string {
  const { incidentId, seq, at, type, actor, unitId, detail, previousHash } = content;
  return createHash('sha256').update(canonicalize({ incidentId, seq, at, type, actor, unitId, detail, previousHash }) ?? '').digest('hex');
}

/** One thing wrong with a stored chain. */
export interface ChainProblem {
  seq: number;
  problem: string;
}

export interface ChainVerification {
  valid: boolean;
  eventCount: number;
  /** The hash of the last event: publish it, and a later edit of the whole chain shows too. */
  lastHash: string;
  problems: ChainProblem[];
}

/**
 * R-AUDIT: checks a stored chain, in `seq` order: numbering without gaps from 1, each link to
 * the hash before, each hash over its own content.
 */
export function verifyChain(events: (ChainedEventContent & { hash: string })[]): ChainVerification {
  const problems: ChainProblem[] = [];
  let previousHash = GENESIS_HASH;
  events.forEach((event, index) => {
    if (event.seq !== index + 1) problems.push({ seq: event.seq, problem: `expected event number ${index + 1}: an event is missing or out of place` });
    if (event.previousHash !== previousHash) problems.push({ seq: event.seq, problem: 'does not link to the event before it' });
    if (eventHash(event) !== event.hash) problems.push({ seq: event.seq, problem: 'its content does not match its hash: it was changed after it was written' });
    previousHash = event.hash;
  });
  return { valid: problems.length === 0, eventCount: events.length, lastHash: previousHash, problems };
}
