import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomIdPart } from './incident';
import type { MessageRecord } from './records';

/**
 * R-LADDER acknowledgements: every escalation step carries a short code. Replying with it by
 * SMS, or opening the signed link in the message, records who acknowledged and when, and
 * stops the repeats of that step. It never meets the obligation: only the document does.
 */

/** Who acknowledged an escalation step, how and when (R-LADDER). */
export interface Acknowledgement {
  incidentId: string;
  obligationId: string;
  escalationStep: number;
  code: string;
  contactId: string;
  /** By SMS reply, by the signed link, or in the console by a signed-in user of the unit (issue 14). */
  via: 'sms' | 'link' | 'console';
  acknowledgedAt: string;
}

/** Six characters of the Crockford alphabet: easy to type on a phone, 2^30 possibilities. */
export const ACKNOWLEDGEMENT_CODE_LENGTH = 6;

/** A new random acknowledgement code. */
export function newAcknowledgementCode(): string {
  return randomIdPart(ACKNOWLEDGEMENT_CODE_LENGTH);
}

// A reply is a few words; more candidates than this are not a reply but a guessing list.
const MAX_CODE_CANDIDATES = 3;

/**
 * The codes an SMS reply may carry: every six-character word of the Crockford alphabet in it,
 * upper-cased, with the letters people confuse read as the digits they look like (O→0, I/L→1) —
 * the code can stand anywhere ("THANKS K7Q3PA": "THANKS" is a candidate too, and is no code).
 * At most three, in the order they stand.
 *
 * @example
 * ```ts
 * acknowledgementCodesIn(' 收到 k7q3pa ');   // ['K7Q3PA']
 * acknowledgementCodesIn('THANKS K7Q3PA'); // ['THANKS', 'K7Q3PA']
 * acknowledgementCodesIn('好的');            // []
 * ```
 */
export function acknowledgementCodesIn(replyText: string): string[] {
  const candidates: string[] = [];
  for (const word of replyText.toUpperCase().split(/[^0-9A-Z]+/)) {
    if (word.length !== ACKNOWLEDGEMENT_CODE_LENGTH) continue;
    const normalised = word.replaceAll('O', '0').replace(/[IL]/g, '1');
    if (/^[0-9A-HJKMNP-TV-Z]+$/.test(normalised) && !candidates.includes(normalised)) candidates.push(normalised);
  }
  return candidates.slice(0, MAX_CODE_CANDIDATES);
}

/** Why an acknowledgement of a ladder step is refused (R-LADDER), or undefined when it counts. */
export type AcknowledgementRefusal = 'expired' | 'not-a-recipient';

/**
 * R-LADDER: only a contact the step was sent to may acknowledge it, and only while its obligation
 * is still owed — once the document is in (or the incident closed) the code is spent, so an old
 * code replied, forwarded or guessed acknowledges nothing.
 */
export function acknowledgementRefusal(
  obligationStillOwed: boolean,
  stepRecipients: ReadonlySet<string>,
  contactId: string,
): AcknowledgementRefusal | undefined {
  if (!obligationStillOwed) return 'expired';
  if (!stepRecipients.has(contactId)) return 'not-a-recipient';
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
  const query = new URLSearchParams({
    contact: contactId,
    signature: acknowledgementSignature(signingKey, code, contactId),
  });
  return `${apiUrl.replace(/\/$/, '')}/acknowledgements/${code}?${query.toString()}`;
}

/** True when `signature` is the link signature for that code and contact. */
export function isValidAcknowledgementSignature(
  signingKey: string,
  code: string,
  contactId: string,
  signature: string,
): boolean {
  const expected = Buffer.from(acknowledgementSignature(signingKey, code, contactId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The step of an obligation's ladder that last reached a unit's own contacts, and which of them (R-LADDER). */
export interface StepReached {
  escalationStep: number;
  /** The unit's contacts the step was sent to (any repeat, any channel), in the order first sent. */
  contactIds: string[];
  /** When it first reached them. */
  firstSentAt: string;
}

/**
 * R-LADDER, issue 14 (确认催报): the highest escalation step of an obligation whose message reached one of the unit's own
 * contacts — what a signed-in user of the unit acknowledges in the console, on behalf of the contact it was sent to.
 * A failed send reached nobody; one held for a digest or sent with an unknown outcome counts, as it does for an SMS
 * reply (`stepRecipients`). Steps sent only to others (the local government, the county) are not the unit's to
 * acknowledge.
 *
 * @example
 * ```ts
 * latestStepReaching(messagesOfTheObligation, 'gaosheng-zone');
 * // { escalationStep: 2, contactIds: ['gaosheng-zone.leader'], firstSentAt: '2026-11-28T00:50:00.000Z' }
 * ```
 */
export function latestStepReaching(
  messages: readonly Pick<
    MessageRecord,
    'purpose' | 'escalationStep' | 'unitId' | 'contactId' | 'status' | 'claimedAt' | 'sentAt'
  >[],
  unitId: string,
): StepReached | undefined {
  const reached = messages
    .filter(
      (message) =>
        message.purpose === 'escalation' &&
        message.escalationStep !== undefined &&
        message.unitId === unitId &&
        message.status !== 'failed',
    )
    .sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt));
  const step = Math.max(...reached.map((message) => message.escalationStep!));
  const ofStep = reached.filter((message) => message.escalationStep === step);
  if (ofStep.length === 0) return undefined;
  return {
    escalationStep: step,
    contactIds: [...new Set(ofStep.map((message) => message.contactId))],
    firstSentAt: ofStep[0].sentAt ?? ofStep[0].claimedAt,
  };
}
