import { TableRepository } from './table';

/** How one number's replies stand: the codes it tried this window, and a block past the limit. */
export interface ReplyRecord {
  phone: string;
  windowStart: string;
  /** Candidate codes tried this window and not found (a found one is given back). */
  unknownCodes: number;
  blockedUntil?: string;
}

/** The limits a number's replies are held to (policy `acknowledgement`). */
export interface ReplyLimits {
  /** Unknown codes a number may try in one window… */
  maxUnknownCodes: number;
  windowMs: number;
  /** …before its replies are ignored this long. */
  blockMs: number;
}

/**
 * Whether a reply's codes may be looked up. `blocked` is true for the one reply that crossed the limit (the operators
 * are told once).
 */
export type Reservation = { allowed: true } | { allowed: false; blockedUntil: string; blocked: boolean };

/**
 * R-LADDER: acknowledgement codes are short enough to type on a phone, so they can be guessed.
 * Before a reply's codes are looked up, the number reserves one try per candidate code in its
 * window — atomically, so thirty replies at once cannot all be looked up before the count catches
 * up — and a code found is given back, so a duty officer acknowledging ten escalations is never
 * blocked. Past the limit the number is ignored for a while. One item per number:
 * `REPLIES#<phone>` / `GUESSES`.
 */
export class ReplyGuard extends TableRepository {
  public async reserve(phone: string, tries: number, now: Date, limits: ReplyLimits): Promise<Reservation> {
    const key = keyOf(phone);
    const at = now.toISOString();
    const windowOpenSince = new Date(now.getTime() - limits.windowMs).toISOString();
    const notBlocked = '(attribute_not_exists(blockedUntil) OR blockedUntil <= :now)';
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // In the current window, with room for these tries.
      if (
        await this.updateIf({
          Key: key,
          UpdateExpression: 'SET unknownCodes = unknownCodes + :tries',
          ConditionExpression: `windowStart > :windowOpenSince AND unknownCodes <= :room AND ${notBlocked}`,
          ExpressionAttributeValues: {
            ':tries': tries,
            ':windowOpenSince': windowOpenSince,
            ':room': limits.maxUnknownCodes - tries,
            ':now': at,
          },
        })
      )
        return { allowed: true };
      // A new window (the last one is over, or there was none).
      if (
        tries <= limits.maxUnknownCodes &&
        (await this.updateIf({
          Key: key,
          UpdateExpression: 'SET unknownCodes = :tries, windowStart = :now, phone = :phone, itemType = :itemType',
          ConditionExpression: `(attribute_not_exists(windowStart) OR windowStart <= :windowOpenSince) AND ${notBlocked}`,
          ExpressionAttributeValues: {
            ':tries': tries,
            ':now': at,
            ':phone': phone,
            ':itemType': 'reply-guard',
            ':windowOpenSince': windowOpenSince,
          },
        }))
      )
        return { allowed: true };
      // No room: block the number, once; whoever sets the block tells the operators.
      const blockedUntil = new Date(now.getTime() + limits.blockMs).toISOString();
      if (
        await this.updateIf({
          Key: key,
          UpdateExpression: 'SET blockedUntil = :until, phone = :phone, itemType = :itemType',
          ConditionExpression: `windowStart > :windowOpenSince AND ${notBlocked}`,
          ExpressionAttributeValues: {
            ':until': blockedUntil,
            ':now': at,
            ':windowOpenSince': windowOpenSince,
            ':phone': phone,
            ':itemType': 'reply-guard',
          },
        })
      )
        return { allowed: false, blockedUntil, blocked: true };
      const record = await this.getItem<ReplyRecord>(key);
      if (record?.blockedUntil && record.blockedUntil > at)
        return { allowed: false, blockedUntil: record.blockedUntil, blocked: false };
      // The window ended between two of these writes: try again.
    }
    return { allowed: false, blockedUntil: at, blocked: false };
  }

  /** A code the reply carried was found: its try is given back. */
  public async giveBack(phone: string, tries: number): Promise<void> {
    await this.updateIf({
      Key: keyOf(phone),
      UpdateExpression: 'SET unknownCodes = unknownCodes - :tries',
      ConditionExpression: 'unknownCodes >= :tries',
      ExpressionAttributeValues: { ':tries': tries },
    });
  }
}

function keyOf(phone: string) {
  return { pk: `REPLIES#${phone}`, sk: 'GUESSES' };
}
