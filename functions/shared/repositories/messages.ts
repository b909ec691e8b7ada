import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TableRepository, withoutInternalAttributes, storeFailure } from '../table';
import { keys } from '../table-design';
import type { QueuedSms } from '../sms-queue';
import type { EscalationChannel, MessageRecord } from '../../domain/records';
import type { AuditTrail } from './audit-trail';

/** Which message SNS sent under a message ID (one per message; a merged SMS covers several). */
interface SnsMessagePointer {
  incidentId: string;
  messageKey: string;
  contactId: string;
  channel: EscalationChannel;
}

/**
 * Messages (R-LADDER): each SMS or e-mail claimed before it is sent and marked with how it went,
 * and what SNS later said of its delivery (filed on the incident's audit trail).
 */
export class MessageRepository extends TableRepository {
  private readonly audit: AuditTrail;

  public constructor(documentClient: DynamoDBDocumentClient, tableName: string, audit: AuditTrail) {
    super(documentClient, tableName);
    this.audit = audit;
  }

  /**
   * Claims one message before sending it, and says whether to send it (R-LADDER: never the same
   * message twice, never one silently dropped):
   * - a new claim → `send`;
   * - one already `sent` or `queued` for a digest, or refused for good → `skip`;
   * - one whose earlier attempt failed (SNS said no) → `send` again;
   * - one whose earlier attempt never said how it ended (`sending`: the process died between
   *   handing it to SNS and recording that) → `send` once more — SNS may or may not have taken
   *   it, and a duplicate is better than a silence — but only once: a second such claim is
   *   `unconfirmed`, not sent again, and the caller tells the operators to check by phone.
   */
  public async claimMessage(
    claim: Omit<MessageRecord, 'status' | 'attempts'>,
  ): Promise<{ record: MessageRecord; decision: 'send' | 'skip' | 'unconfirmed' }> {
    const key = keys.message(claim.incidentId, claim.messageKey, claim.contactId, claim.channel);
    const record: MessageRecord = { ...claim, status: 'sending', attempts: 1 };
    if (await this.putNew(key, 'message', record)) return { record, decision: 'send' };
    // Failed before (SNS refused it, not for good): try again.
    const retried = await this.updateReturning<MessageRecord>({
      Key: key,
      UpdateExpression: 'SET attempts = attempts + :one, #status = :sending',
      ConditionExpression: '#status = :failed AND attribute_not_exists(permanentFailure)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':sending': 'sending', ':failed': 'failed' },
    });
    if (retried) return { record: retried, decision: 'send' };
    // Its attempt never said how it ended: one resend, and only one.
    const resent = await this.updateReturning<MessageRecord>({
      Key: key,
      UpdateExpression: 'SET attempts = attempts + :one, resentAfterUnknownOutcome = :now',
      ConditionExpression: '#status = :sending AND attribute_not_exists(resentAfterUnknownOutcome)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':sending': 'sending', ':now': claim.claimedAt },
    });
    if (resent) return { record: resent, decision: 'send' };
    const stored = (await this.getItem<MessageRecord>(key)) ?? record;
    if (stored.status === 'sending') {
      const unconfirmed = await this.updateIf({
        Key: key,
        UpdateExpression: 'SET #status = :unconfirmed',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':sending': 'sending' },
      });
      return { record: { ...stored, status: 'unconfirmed' }, decision: unconfirmed ? 'unconfirmed' : 'skip' };
    }
    return { record: stored, decision: 'skip' };
  }

  /**
   * Marks a claimed message as handed to SNS — one write, at once, so the window in which a crash
   * leaves it "sent but not recorded" is one round trip — then remembers the SNS message ID for
   * its delivery status.
   */
  public async markMessageSent(record: MessageRecord, messageId: string, sentAt: string): Promise<void> {
    await this.documentClient
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
          UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt REMOVE lastError',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt },
        }),
      )
      .catch((error: unknown) => {
        throw storeFailure(
          'UpdateItem',
          keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
          error,
        );
      });
    await this.rememberSnsMessage(messageId, {
      incidentId: record.incidentId,
      messageKey: record.messageKey,
      contactId: record.contactId,
      channel: record.channel,
    });
  }

  /**
   * Records why sending a claimed message failed. It stays claimable for a retry — unless it can
   * never be sent (`permanent`: SNS refused the message itself), then no retry sends it again.
   * A message already sent stays sent.
   */
  public async markMessageFailed(record: MessageRecord, reason: string, permanent = false): Promise<void> {
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: `SET #status = :failed, lastError = :reason${permanent ? ', permanentFailure = :true' : ''}`,
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':reason': reason,
        ':sent': 'sent',
        ...(permanent ? { ':true': true } : {}),
      },
    });
  }

  /** The SMS of this message record is held back for the phone's next digest. */
  public async markMessageQueued(record: MessageRecord): Promise<void> {
    await this.updateIf({
      Key: keys.message(record.incidentId, record.messageKey, record.contactId, record.channel),
      UpdateExpression: 'SET #status = :queued',
      ConditionExpression: '#status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':queued': 'queued', ':sent': 'sent' },
    });
  }

  /** A held SMS went out in a digest. True when this call recorded it (a repeated call changes nothing). */
  public async markMessageSentInDigest(
    queued: Pick<QueuedSms, 'incidentId' | 'messageKey' | 'contactId'>,
    messageId: string,
    sentAt: string,
  ): Promise<boolean> {
    const marked = await this.updateIf({
      Key: keys.message(queued.incidentId, queued.messageKey, queued.contactId, 'sms'),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, mergedIntoDigest = :true',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':sentAt': sentAt, ':true': true },
    });
    if (marked)
      await this.rememberSnsMessage(messageId, {
        incidentId: queued.incidentId,
        messageKey: queued.messageKey,
        contactId: queued.contactId,
        channel: 'sms',
      });
    return marked;
  }

  /** A held SMS no longer owed when its digest went out (its obligation settled, its incident closed): not sent. */
  public async markMessageWithdrawn(
    message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>,
  ): Promise<void> {
    await this.markMessageUnsent(message, 'withdrawn');
  }

  /** A message whose sending could not be confirmed twice: not sent again; the operators check by phone. */
  public async markMessageUnconfirmed(
    message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>,
  ): Promise<void> {
    await this.markMessageUnsent(message, 'unconfirmed');
  }

  /** Sets a final not-sent status, never over `sent`: a message that went out stays sent. */
  private async markMessageUnsent(
    message: Pick<MessageRecord, 'incidentId' | 'messageKey' | 'contactId' | 'channel'>,
    status: 'withdrawn' | 'unconfirmed',
  ): Promise<void> {
    await this.updateIf({
      Key: keys.message(message.incidentId, message.messageKey, message.contactId, message.channel),
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':sent': 'sent' },
    });
  }

  /** Remembers which message SNS sent under `messageId`, so its delivery status can find it. */
  private async rememberSnsMessage(messageId: string, pointer: SnsMessagePointer): Promise<void> {
    await this.putNew(
      keys.snsMessage(messageId, pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel),
      'sns-message',
      { ...pointer, messageId },
    );
  }

  /**
   * SNS delivery-status logging said the SMS sent under `messageId` did not reach the phone:
   * each message it carried is marked `deliveryStatus: failed` with the provider's reason, and
   * the incident's timeline says so. Returns the incidents it touched.
   */
  public async recordSmsDeliveryFailure(messageId: string, failedAt: string, reason: string): Promise<string[]> {
    const pointers = (await this.queryPartition(`SNSMESSAGE#${messageId}`)).map((item) =>
      withoutInternalAttributes<SnsMessagePointer>(item),
    );
    for (const pointer of pointers) {
      const record = await this.getItem<MessageRecord>(
        keys.message(pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel),
      );
      await this.updateIf({
        Key: keys.message(pointer.incidentId, pointer.messageKey, pointer.contactId, pointer.channel),
        UpdateExpression: 'SET deliveryStatus = :failed, deliveryError = :reason, deliveryReportedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':at': failedAt },
      });
      await this.audit.appendEvent({
        incidentId: pointer.incidentId,
        at: failedAt,
        type: 'sms-delivery-failed',
        actor: 'system:sns-delivery-status',
        unitId: record?.unitId ?? 'unknown',
        detail: { messageKey: pointer.messageKey, contactId: pointer.contactId, to: record?.to, messageId, reason },
      });
    }
    return [...new Set(pointers.map((pointer) => pointer.incidentId))];
  }

  /** R-LADDER: the contacts a ladder step was sent to (any repeat, any channel), by contact ID. */
  public async stepRecipients(incidentId: string, obligationId: string, escalationStep: number): Promise<Set<string>> {
    const messages = (
      await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${obligationId}#step-${escalationStep}#repeat-`)
    )
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter(
        (message) =>
          message.escalationStep === escalationStep &&
          message.obligationId === obligationId &&
          message.status !== 'failed',
      );
    return new Set(messages.map((message) => message.contactId));
  }

  /** R-LADDER: every escalation message of one obligation (each step, repeat, contact and channel). */
  public async escalationMessagesOf(incidentId: string, obligationId: string): Promise<MessageRecord[]> {
    return (await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${obligationId}#step-`))
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter((message) => message.obligationId === obligationId && message.purpose === 'escalation');
  }

  /** An incident's message records for one sending, e.g. `written-report#step-1#repeat-0`. */
  public async messagesOf(incidentId: string, messageKey: string): Promise<MessageRecord[]> {
    // The prefix also matches longer keys (`…#sms-fallback`): keep only this sending's.
    return (await this.queryPartition(keys.incident(incidentId).pk, `MESSAGE#${messageKey}#`))
      .map((item) => withoutInternalAttributes<MessageRecord>(item))
      .filter((message) => message.messageKey === messageKey);
  }
}
