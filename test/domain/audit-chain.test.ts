import { createHash } from 'node:crypto';
import {
  chainedEvent,
  eventHash,
  eventIdentity,
  GENESIS_HASH,
  verifyChain,
  type ChainAnchor,
  type ChainedEvent,
} from '../../functions/domain/audit-chain';

/** A chain of `count` events as the store appends them: numbered from 1, each linked to the one before. */
function chainOf(count: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const content = {
      incidentId: 'INC-1',
      seq,
      at: new Date(Date.UTC(2026, 10, 28, 0, seq)).toISOString(),
      type: seq === 1 ? 'incident-reported' : 'report-filed',
      actor: 'reporter:gaosheng-zone:u-1',
      unitId: 'gaosheng-zone',
      detail: { n: seq },
      previousHash: events.at(-1)?.hash ?? GENESIS_HASH,
    };
    events.push({ ...content, hash: eventHash(content) });
  }
  return events;
}
const anchorOf = (event: ChainedEvent): ChainAnchor => ({
  incidentId: event.incidentId,
  seq: event.seq,
  hash: event.hash,
  anchoredAt: '2026-11-28T01:00:00.000Z',
});
const problemsOf = (events: ChainedEvent[], against?: Parameters<typeof verifyChain>[1]) =>
  verifyChain(events, against).problems;

describe('R-AUDIT: the hash chain', () => {
  it("R-AUDIT: an event's hash is SHA-256 over its canonical JSON (key order does not matter, every field does)", () => {
    // Prepare
    const [event] = chainOf(1);
    const { hash: _hash, ...content } = event;
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    const canonical = JSON.stringify(Object.fromEntries(Object.entries(content).sort(([a], [b]) => (a < b ? -1 : 1))));
    // Act, Assess
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(eventHash(content)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(eventHash(reordered)).toBe(eventHash(content));
    for (const changed of [
      { seq: 2 },
      { at: '2026-11-28T00:02:00.000Z' },
      { type: 'x' },
      { actor: 'x' },
      { unitId: 'x' },
      { detail: { n: 2 } },
      { incidentId: 'x' },
      { previousHash: '1'.repeat(64) },
    ]) {
      expect(eventHash({ ...content, ...changed })).not.toBe(eventHash(content));
    }
  });

  it('R-AUDIT: an intact chain is valid, with its count, last hash and nothing anchored', () => {
    // Prepare
    const events = chainOf(3);
    // Act
    const verification = verifyChain(events);
    // Assess
    expect(verification).toEqual({
      valid: true,
      eventCount: 3,
      lastHash: events[2].hash,
      anchoredThrough: 0,
      problems: [],
    });
    expect(verifyChain([])).toEqual({
      valid: true,
      eventCount: 0,
      lastHash: GENESIS_HASH,
      anchoredThrough: 0,
      problems: [],
    });
  });

  it('R-AUDIT: an edited event is named by its number, and the one after no longer links when its hash is redone', () => {
    // Prepare
    const edited = chainOf(3);
    edited[1] = { ...edited[1], detail: { n: 99 } };
    const rehashed = chainOf(3);
    const { hash: _old, ...content } = { ...rehashed[1], detail: { n: 99 } };
    rehashed[1] = { ...content, hash: eventHash(content) };
    // Act, Assess
    expect(problemsOf(edited)).toEqual([
      { seq: 2, problem: 'its content does not match its hash: it was changed after it was written' },
    ]);
    expect(verifyChain(edited).valid).toBe(false);
    expect(problemsOf(rehashed)).toEqual([{ seq: 3, problem: 'does not link to the event before it' }]);
  });

  it('R-AUDIT: a removed or moved event breaks the numbering where it happened', () => {
    // Prepare
    const [first, second, third] = chainOf(3);
    // Act, Assess
    expect(problemsOf([first, third])).toEqual([
      { seq: 3, problem: 'expected event number 2: an event is missing or out of place' },
      { seq: 3, problem: 'does not link to the event before it' },
    ]);
    expect(problemsOf([second, first, third]).map((problem) => problem.seq)).toEqual([2, 2, 1, 1, 3]);
  });

  it("R-AUDIT: the chain's end is checked against its head: a missing tail, a re-hashed last event, an event past the head, no head at all", () => {
    // Prepare
    const events = chainOf(3);
    const head = { headSeq: 3, headHash: events[2].hash };
    // Act, Assess
    expect(problemsOf(events, { head })).toEqual([]);
    expect(problemsOf(events.slice(0, 2), { head })).toEqual([
      { seq: 3, problem: "the chain's head is event 3, but the chain ends at 2: events were removed" },
    ]);
    expect(problemsOf(events, { head: { headSeq: 3, headHash: 'f'.repeat(64) } })).toEqual([
      { seq: 3, problem: "differs from the chain's head: it was rewritten after it was appended" },
    ]);
    const pastHead = problemsOf(events, { head: { headSeq: 2, headHash: events[1].hash } });
    expect(pastHead).toHaveLength(1);
    expect(pastHead[0]).toMatchObject({ seq: 3 });
    expect(pastHead[0].problem).toMatch(/^past the chain's head \(event 2\): not confirmed by it/);
    expect(problemsOf(events, { head: undefined })).toEqual([
      { seq: 3, problem: 'the chain has no head: its end cannot be confirmed' },
    ]);
    expect(problemsOf([], { head: undefined })).toEqual([]);
  });

  it('R-AUDIT: each anchor confirms the chain through its event; a removed or rewritten anchored event is named', () => {
    // Prepare
    const events = chainOf(3);
    const anchors = [anchorOf(events[0]), anchorOf(events[1])];
    // Act
    const confirmed = verifyChain(events, { anchors });
    const removed = verifyChain(events.slice(0, 1), { anchors });
    const rewritten = verifyChain(events, { anchors: [{ ...anchors[1], hash: 'e'.repeat(64) }, anchors[0]] });
    // Assess
    expect(confirmed).toMatchObject({ valid: true, anchoredThrough: 2 });
    expect(removed.problems).toEqual([
      { seq: 2, problem: 'anchored at 2026-11-28T01:00:00.000Z, but no longer in the chain: it was removed' },
    ]);
    expect(removed.anchoredThrough).toBe(1);
    expect(rewritten.problems).toEqual([
      {
        seq: 2,
        problem:
          'differs from its anchor written at 2026-11-28T01:00:00.000Z: it, or an event before it, was rewritten',
      },
    ]);
    expect(rewritten.anchoredThrough).toBe(1);
  });

  it('R-AUDIT: only the fields the hash covers are the chained event; the identity ignores the place in the chain', () => {
    // Prepare
    const [event] = chainOf(1);
    const stored = { ...event, pk: 'INCIDENT#INC-1', ttl: 1 };
    // Act
    const chained = chainedEvent(stored);
    // Assess
    expect(chained).toEqual(event);
    expect(Object.keys(chained).sort()).toEqual([
      'actor',
      'at',
      'detail',
      'hash',
      'incidentId',
      'previousHash',
      'seq',
      'type',
      'unitId',
    ]);
    const { seq: _seq, previousHash: _previous, hash: _hash, ...newEvent } = event;
    const identity = eventIdentity(newEvent as never);
    expect(identity).toBe(
      JSON.stringify([newEvent.type, newEvent.at, newEvent.actor, newEvent.unitId, newEvent.detail]),
    );
    expect(eventIdentity({ ...newEvent, incidentId: 'INC-2' } as never)).toBe(identity);
    expect(eventIdentity({ ...newEvent, detail: { n: 2 } } as never)).not.toBe(identity);
    // undefined fields are dropped as JSON drops them, so a retried request's event is the same.
    expect(eventIdentity({ ...newEvent, detail: { n: 1, gone: undefined } } as never)).toBe(identity);
  });
});
