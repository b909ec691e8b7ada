import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { TemplateSmsContent } from '../domain/sms-templates';
import { keys, QUEUED_SMS_PARTITION } from './table-design';
import { TableRepository, withoutInternalAttributes, storeFailure } from './table';

/** An SMS held back by the per-recipient rate limit, to be merged into one digest. */
export interface QueuedSms {
  phone: string;
  contactId: string;
  queuedAt: string;
  incidentId: string;
  messageKey: string;
  /** The obligation it is about, if any: a held SMS whose obligation is settled meanwhile is not sent. */
  obligationId?: string;
  /** The message in a few words (`Message.digestLine`)… */
  line: string;
  /** …and whole, sent as it is when it turns out to be the only one. */
  text: string;
  /** The same SMS as a provider template (the `gateway` mode). */
  template?: TemplateSmsContent;
  /** The digest it was claimed for, once one was. */
  digestId?: string;
}

/** One merged SMS: claimed with its items before it is sent, so a crash never sends it twice unknowingly. */
export interface SmsDigest {
  digestId: string;
  phone: string;
  /** When the phone's window for it began (the slot it took). */
  windowStart: string;
  status: 'sending' | 'sent' | 'failed' | 'unconfirmed';
  text: string;
  template?: TemplateSmsContent;
  messageId?: string;
  sentAt?: string;
  resentAfterUnknownOutcome?: string;
}

/**
 * The SMS rate limit's state (R-LADDER, "messages that arrive"): each phone's current window,
 * the SMS held back for its next digest (one item per message: holding one back twice changes
 * nothing), and each digest, claimed before it is sent:
 * `SMSSLOT#<phone>` / `SLOT`, `SMS#QUEUED` / `<phone>#<incidentId>#<messageKey>#<contactId>`,
 * `SMSDIGEST#<phone>` / `<windowStart>`.
 */
export class SmsQueue extends TableRepository {
  /**
   * Takes the phone's SMS window if its last one began at least `windowMs` ago (or never). True
   * when taken — the caller may send now; false when the phone was just sent an SMS.
   * `expectedWindowStart` takes it only if nobody else has meanwhile.
   */
  public async takeSmsSlot(phone: string, now: Date, windowMs: number, expectedWindowStart?: string): Promise<boolean> {
    const freeBefore = new Date(now.getTime() - windowMs).toISOString();
    return this.updateIf({
      Key: keys.smsSlot(phone),
      UpdateExpression: 'SET windowStart = :now, itemType = :itemType',
      ConditionExpression: expectedWindowStart
        ? 'windowStart = :expected AND windowStart <= :freeBefore'
        : 'attribute_not_exists(windowStart) OR windowStart <= :freeBefore',
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':freeBefore': freeBefore,
        ':itemType': 'sms-slot',
        ...(expectedWindowStart ? { ':expected': expectedWindowStart } : {}),
      },
    });
  }

  /** When the phone's current SMS window began, if it ever had one. */
  public async smsWindowStart(phone: string): Promise<string | undefined> {
    return (await this.getItem<{ windowStart?: string }>(keys.smsSlot(phone)))?.windowStart;
  }

  /** Holds an SMS back for the phone's next digest; holding the same message back again changes nothing. */
  public async hold(queued: QueuedSms): Promise<void> {
    await this.putNew(
      keys.queuedSms(queued.phone, queued.incidentId, queued.messageKey, queued.contactId),
      'queued-sms',
      queued,
    );
  }

  /** Whether that message is already held back (a claim cut short between holding it and recording so). */
  public async isHeld(phone: string, incidentId: string, messageKey: string, contactId: string): Promise<boolean> {
    return !!(await this.getItem(keys.queuedSms(phone, incidentId, messageKey, contactId)));
  }

  /**
   * Whether the phone has an SMS waiting for its digest. R-LADDER: a new SMS to such a phone waits
   * behind it — otherwise new sends, arriving as each window ends (waits end on whole seconds),
   * could take every window and starve the held ones.
   */
  public async hasHeld(phone: string): Promise<boolean> {
    return this.hasItemsIn(QUEUED_SMS_PARTITION, `${phone}#`);
  }

  /** Every SMS waiting for a digest, by phone, then in the order they were held back. */
  public async held(): Promise<QueuedSms[]> {
    return (await this.queryPartition(QUEUED_SMS_PARTITION))
      .map((item) => withoutInternalAttributes<QueuedSms>(item))
      .sort((a, b) => a.phone.localeCompare(b.phone) || a.queuedAt.localeCompare(b.queuedAt));
  }

  /**
   * Claims a digest and the held SMS it merges, before it is sent: the digest item first, then
   * each held SMS tagged with it (only one not yet in another digest). Returns the ones tagged.
   */
  public async claimDigest(digest: SmsDigest, items: QueuedSms[]): Promise<QueuedSms[]> {
    if (!(await this.putNew(keys.smsDigest(digest.phone, digest.windowStart), 'sms-digest', digest))) return [];
    const claimed: QueuedSms[] = [];
    for (const item of items) {
      const tagged = await this.updateIf({
        Key: keys.queuedSms(item.phone, item.incidentId, item.messageKey, item.contactId),
        UpdateExpression: 'SET digestId = :digest',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(digestId)',
        ExpressionAttributeValues: { ':digest': digest.digestId },
      });
      if (tagged) claimed.push({ ...item, digestId: digest.digestId });
    }
    return claimed;
  }

  /** The digest a held SMS was claimed for. */
  public async digestOf(item: QueuedSms): Promise<SmsDigest | undefined> {
    if (!item.digestId) return undefined;
    return this.getItem<SmsDigest>(keys.smsDigest(item.phone, item.digestId.slice(item.phone.length + 1)));
  }

  /** The digest went out: one write, at once after the provider took it. */
  public async markDigestSent(digest: SmsDigest, messageId: string, sentAt: string): Promise<void> {
    await this.updateIf({
      Key: keys.smsDigest(digest.phone, digest.windowStart),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt },
    });
  }

  /**
   * A digest found `sending` — its sender never said how it ended — is sent once more, and only
   * once: true for the one caller that may resend it; otherwise it becomes `unconfirmed`.
   */
  public async resendOnce(digest: SmsDigest, now: Date): Promise<boolean> {
    const key = keys.smsDigest(digest.phone, digest.windowStart);
    const resend = await this.updateIf({
      Key: key,
      UpdateExpression: 'SET resentAfterUnknownOutcome = :now',
      ConditionExpression: '#status = :sending AND attribute_not_exists(resentAfterUnknownOutcome)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now.toISOString(), ':sending': 'sending' },
    });
    if (!resend) {
      await this.updateIf({
        Key: key,
        UpdateExpression: 'SET #status = :unconfirmed',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':sending': 'sending' },
      });
    }
    return resend;
  }

  /** The provider refused the digest: it is failed, and its SMS are free for the next digest. */
  public async releaseDigest(digest: SmsDigest, items: QueuedSms[], reason: string): Promise<void> {
    await this.updateIf({
      Key: keys.smsDigest(digest.phone, digest.windowStart),
      UpdateExpression: 'SET #status = :failed, lastError = :reason',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason },
    });
    for (const item of items) {
      await this.updateIf({
        Key: keys.queuedSms(item.phone, item.incidentId, item.messageKey, item.contactId),
        UpdateExpression: 'REMOVE digestId',
        ConditionExpression: 'digestId = :digest',
        ExpressionAttributeValues: { ':digest': digest.digestId },
      });
    }
  }

  /** A held SMS is done with (sent in its digest, or given up): it leaves the queue. */
  public async release(item: QueuedSms): Promise<void> {
    await this.documentClient
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.queuedSms(item.phone, item.incidentId, item.messageKey, item.contactId),
        }),
      )
      .catch((error: unknown) => {
        throw storeFailure(
          'DeleteItem',
          keys.queuedSms(item.phone, item.incidentId, item.messageKey, item.contactId),
          error,
        );
      });
  }
}
