import { createHash, randomBytes } from 'node:crypto';
import type { HttpEvent } from './http';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency';
import { TableRepository } from './table';

/**
 * What a request with an `Idempotency-Key` is pinned to the first time it runs: the clock it
 * read and the seed its IDs derive from. A run cut short by a crash leaves its writes half done
 * and its idempotency record "in progress"; the retry with the same key runs again once that
 * record expires, and — pinned to the same instant and seed — writes the same items under the
 * same keys, so its conditional writes find what the first run wrote instead of creating a
 * second incident, report or answer (R-INTAKE: "nothing doubled").
 */
export interface RequestPin {
  /** The request's "now": the first run's. */
  at: Date;
  /** Feeds every ID the request creates (`newIncidentId(at, seed)`). */
  seed: string;
  /** True when an earlier run of the same request got at least as far as pinning: the handler may find its writes. */
  replay: boolean;
}

// As long as Powertools remembers the response (a day); the table's TTL removes the pin after that.
const PIN_SECONDS = 24 * 3600;

/** The pins, one item per scoped key and body: `REQUEST#<sha-256 of both>` / `PIN`. */
export class RequestPins extends TableRepository {
  /** The pin of a scoped key: this run's (when it is the first) or the earlier run's. */
  public async pin(scopedKey: string, body: string, at: Date, seed: string): Promise<RequestPin> {
    // The body is part of the key: a retry with another body (Powertools answers 422 to it anyway) never inherits these
    // IDs.
    const key = { pk: `REQUEST#${createHash('sha256').update(`${scopedKey}\n${body}`).digest('hex')}`, sk: 'PIN' };
    const pinned = { at: at.toISOString(), seed, idempotencyExpiresAt: Math.floor(at.getTime() / 1000) + PIN_SECONDS };
    if (await this.putNew(key, 'request-pin', pinned)) return { at, seed, replay: false };
    const earlier = await this.getItem<{ at: string; seed: string }>(key);
    return earlier ? { at: new Date(earlier.at), seed: earlier.seed, replay: true } : { at, seed, replay: false };
  }
}

/**
 * The pin of this request: by its (route- and caller-scoped) `Idempotency-Key`, or — without
 * a key, or without pins — the current time and a fresh seed, which pins nothing.
 */
export async function pinRequest(
  pins: RequestPins | undefined,
  event: HttpEvent,
  now: () => Date,
): Promise<RequestPin> {
  const scopedKey = event.headers?.[IDEMPOTENCY_KEY_HEADER];
  const seed = randomBytes(16).toString('hex');
  if (!pins || !scopedKey) return { at: now(), seed, replay: false };
  const body = typeof event.body === 'string' ? event.body : JSON.stringify(event.body ?? null);
  return pins.pin(scopedKey, body, now(), seed);
}
