import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomIdPart } from './incident';

/**
 * R-LADDER acknowledgements: every escalation step carries a short code. Replying with it by
 * SMS, or opening the signed link in the message, records who acknowledged and when, and
 * stops the repeats of that step. It never meets the obligation: only the document does.
 */

/** Six characters of the Crockford alphabet: easy to type on a phone, 2^30 possibilities. */
export const ACKNOWLEDGEMENT_CODE_LENGTH = 6;

/** A new random acknowledgement code. */
export function newAcknowledgementCode(): string {
  return randomIdPart(ACKNOWLEDGEMENT_CODE_LENGTH);
}

/**
 * The code in an SMS reply: the first six-character word of the Crockford alphabet, upper-cased,
 * with the letters people confuse read as the digits they look like (O→0, I/L→1).
 *
 * @example
 * ```ts
 * acknowledgementCodeIn(' 收到 k7q3pa '); // 'K7Q3PA'
 * acknowledgementCodeIn('好的');          // undefined
 * ```
 */
export function acknowledgementCodeIn(replyText: string): string | undefined {
  for (const word of replyText.toUpperCase().split(/[^0-9A-Z]+/)) {
    if (word.length !== ACKNOWLEDGEMENT_CODE_LENGTH) continue;
    const normalised = word.replaceAll('O', '0').replace(/[IL]/g, '1');
    if (/^[0-9A-HJKMNP-TV-Z]+$/.test(normalised)) return normalised;
  }
  return undefined;
}

/** Where a ladder step's code points. */
export interface AcknowledgementTarget {
  code: string;
  incidentId: string;
  obligationId: string;
  escalationStep: number;
}

/** Where a spot check's code points (R-SPOTCHECK): replying with it acknowledges the check. */
export interface SpotCheckCodeTarget {
  code: string;
  spotCheckId: string;
}

/** What a reply code can acknowledge. */
export type CodeTarget = AcknowledgementTarget | SpotCheckCodeTarget;

/** True when the code belongs to a spot check rather than a ladder step. */
export function isSpotCheckCode(target: CodeTarget): target is SpotCheckCodeTarget {
  return 'spotCheckId' in target;
}

/** The signature of an acknowledgement link for one contact: HMAC-SHA256, base64url, 22 characters. */
export function acknowledgementSignature(signingKey: string, code: string, contactId: string): string {
  return createHmac('sha256', signingKey).update(`${code}\n${contactId}`).digest('base64url').slice(0, 22);
}

/**
 * The signed link in an escalation message; opening it acknowledges as that contact.
 *
 * @example
 * ```ts
 * acknowledgementUrl('https://api.example.org', key, 'K7Q3PA', 'gaosheng-zone.duty');
 * // 'https://api.example.org/acknowledgements/K7Q3PA?contact=gaosheng-zone.duty&signature=…'
 * ```
 */
export function acknowledgementUrl(apiUrl: string, signingKey: string, code: string, contactId: string): string {
  const query = new URLSearchParams({ contact: contactId, signature: acknowledgementSignature(signingKey, code, contactId) });
  return `${apiUrl.replace(/\/$/, '')}/acknowledgements/${code}?${query.toString()}`;
}

/** True when `signature` is the link signature for that code and contact. */
export function isValidAcknowledgementSignature(signingKey: string, code: string, contactId: string, signature: string): boolean {
  const expected = Buffer.from(acknowledgementSignature(signingKey, code, contactId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
