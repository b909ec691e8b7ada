import { TableRepository } from './table';

/** How one number's unknown reply codes stand: counted per window, and blocked past the limit. */
export interface ReplyRecord {
  phone: string;
  windowStart: string;
  unknownCodes: number;
  blockedUntil?: string;
}

/** The limits a number's replies are held to (policy `acknowledgement`). */
export interface ReplyLimits {
  /** Unknown codes a number may send in one window… */
  maxUnknownCodes: number;
  windowMs: number;
  /** …before its replies are ignored this long. */
  blockMs: number;
}

/**
 * R-LADDER: acknowledgement codes are short enough to type on a phone, so they can be guessed.
 * Every number's replies with no known code are counted per window; past the limit the number
 * is ignored for a while (and the operators are told once). One item per number:
 * `REPLIES#<phone>` / `GUESSES`.
 */
export class ReplyGuard extends TableRepository {
  /** Until when the number is ignored, if it is now. */
  public async blockedUntil(phone: string, now: Date): Promise<string | undefined> {
    const record = await this.getItem<ReplyRecord>(keyOf(phone));
    return record?.blockedUntil && record.blockedUntil > now.toISOString() ? record.blockedUntil : undefined;
  }

  /**
   * Counts one reply with no known code. `blocked` is true when this one crossed the limit: the
   * number is ignored from now until `blockedUntil` — exactly one caller sees that, so the
   * operators are alerted once.
   */
  public async countUnknownCode(phone: string, now: Date, limits: ReplyLimits): Promise<{ unknownCodes: number; blocked: boolean; blockedUntil?: string }> {
    const windowOpenSince = new Date(now.getTime() - limits.windowMs).toISOString();
    // In the current window: one more. Otherwise a new window starts with this one. (Both fail only when another reply raced this one: count again.)
    let counted: ReplyRecord | undefined;
    for (let attempt = 0; !counted && attempt < 3; attempt += 1) {
      counted = (await this.updateReturning<ReplyRecord>({
        Key: keyOf(phone),
        UpdateExpression: 'SET unknownCodes = unknownCodes + :one',
        ConditionExpression: 'windowStart > :windowOpenSince',
        ExpressionAttributeValues: { ':one': 1, ':windowOpenSince': windowOpenSince },
      })) ?? (await this.updateReturning<ReplyRecord>({
        Key: keyOf(phone),
        UpdateExpression: 'SET unknownCodes = :one, windowStart = :now, phone = :phone, itemType = :itemType',
        ConditionExpression: 'attribute_not_exists(windowStart) OR windowStart <= :windowOpenSince',
        ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString(), ':phone': phone, ':itemType': 'reply-guard', ':windowOpenSince': windowOpenSince },
      }));
    }
    const unknownCodes = counted?.unknownCodes ?? 1;
    if (unknownCodes !== limits.maxUnknownCodes + 1) return { unknownCodes, blocked: false };
    const blockedUntil = new Date(now.getTime() + limits.blockMs).toISOString();
    await this.updateIf({ Key: keyOf(phone), UpdateExpression: 'SET blockedUntil = :until', ExpressionAttributeValues: { ':until': blockedUntil } });
    return { unknownCodes, blocked: true, blockedUntil };
  }
}

function keyOf(phone: string) {
  return { pk: `REPLIES#${phone}`, sk: 'GUESSES' };
}
