import type { CoverageByUnit } from '../domain/duty-resolution';
import { coverageOf } from '../shared/duty-coverage';
import type { RosterRepository } from '../shared/repositories/rosters';
import type { DirectorySource } from '../shared/directory-source';
import type { OutgoingMessage } from '../domain/outgoing';
import type { EscalationNotifier, MessageContext } from '../shared/escalation-notifier';
import type { Repositories } from '../shared/repositories';
import type { AuditEventType } from '../domain/audit-chain';
import type { EscalationChannel, MessagePurpose, MessageRecord } from '../domain/records';
import { logger } from '../shared/logger';
import type { OperatorAlarms } from '../shared/operator-alarms';
import type { SmsQueue } from '../shared/sms-queue';
import { UnpublishableMessageError } from '../domain/errors';
import { formatLocalTime } from '../domain/messages';
import { SERVICE_METRICS } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';

/** A contact a task notified, as the state's output shows it in the console. */
export interface NotifiedContact {
  unitId: string;
  contactId: string;
  name: string;
  channel: EscalationChannel;
  to: string;
  /**
   * `sent` now, `already-sent` by an earlier attempt, `queued` for the recipient's next merged SMS,
   * `refused` by the provider for good (recorded, operators told), `unconfirmed` after two attempts
   * that never said how they ended (not sent a third time; operators told).
   */
  outcome: 'sent' | 'already-sent' | 'queued' | 'refused' | 'unconfirmed';
}

/** One sending: what its messages' records share (`messageKey` names the sending), and where its events are filed. */
export interface Sending extends Pick<
  MessageRecord,
  'incidentId' | 'messageKey' | 'purpose' | 'obligationId' | 'escalationStep' | 'repeat'
> {
  /** The unit the audit events are filed under: the one that owes the document, or the reporting unit. */
  eventUnitId: string;
}

const SENT_EVENT: Record<MessagePurpose, AuditEventType> = {
  escalation: 'escalation-sent',
  reminder: 'reminder-sent',
  notification: 'notification-sent',
};

export interface DeliveryDependencies extends Pick<Repositories, 'audit' | 'messages'> {
  notifier: EscalationNotifier;
  now: () => Date;
  /**
   * At most one SMS per phone per window; the rest are held in `queue` and merged into one digest (`send-sms-digests`).
   */
  smsRateLimit?: { windowMs: number; queue: SmsQueue };
  /** Told at once of a message that can never go out, or whose sending cannot be confirmed: a person phones instead. */
  alarms?: OperatorAlarms;
}

/** What every task that sends messages about an incident needs. */
export interface MessageTaskDependencies extends DeliveryDependencies {
  directory: DirectorySource;
  /** Issue 15: the units' duty rosters; each message goes to whoever holds the role at the moment of sending. */
  rosters?: Pick<RosterRepository, 'coveringAt'>;
  /** Base URL of the API, for the acknowledgement link. */
  publicApiUrl: string;
  /**
   * The console's URL (`CONSOLE_URL`), for the "how to file" and "details" lines: each links the obligation's or the
   * incident's page there (issue 14 item 6).
   */
  consoleUrl: string;
}

/**
 * R-LADDER: a message a person must follow up by phone — refused for good, or not confirmed — goes to the operators at
 * once.
 */
async function alertOperators(
  deps: DeliveryDependencies,
  sending: Sending,
  recipient: { name: string; channel: EscalationChannel; to: string },
  what: 'refused' | 'unconfirmed',
  reason: string,
): Promise<void> {
  const where = [
    sending.incidentId,
    sending.obligationId,
    sending.escalationStep !== undefined ? `step ${sending.escalationStep}` : undefined,
  ]
    .filter(Boolean)
    .join(' / ');
  const zh = what === 'refused' ? '无法发送（服务商拒绝该消息）' : '两次发送均未确认结果，未再重发';
  const en =
    what === 'refused'
      ? 'cannot be sent (the provider refused the message itself)'
      : 'was not confirmed after two attempts and was not sent again';
  await deps.alarms
    ?.raise(
      `【系统告警】${where} ${recipient.channel.toUpperCase()} → ${recipient.to}`,
      [
        `【系统告警】${formatLocalTime(deps.now())}（北京时间）${where} 发给 ${recipient.name}（${recipient.to}）的${recipient.channel === 'sms' ? '短信' : '邮件'}${zh}，请电话通知。`,
        `ALARM: the ${recipient.channel} to ${recipient.name} (${recipient.to}) for ${where} ${en}. Phone them.`,
        '',
        `Reason: ${reason}`,
      ].join('\n'),
    )
    .catch((error: Error) => logger.error('Operators not alerted', { ...sending, error: error.message }));
}

/** Issue 15: who is on duty now in each of the units (none known without rosters: the standing contacts). */
export async function coverageNow(
  deps: Pick<MessageTaskDependencies, 'rosters'>,
  unitIds: readonly string[],
  at: Date,
): Promise<CoverageByUnit> {
  return deps.rosters ? coverageOf(deps.rosters, unitIds, at) : new Map();
}

/**
 * Issue 15, R-LADDER: a unit that keeps a roster had no one on shift when its message went out — it went to the
 * standing duty phone, and the operators are told (once per unit and sending) to fill the roster.
 */
async function alertRosterGaps(deps: DeliveryDependencies, sending: Sending, outgoing: OutgoingMessage[]) {
  const units = [...new Set(outgoing.filter((message) => message.rosterGap).map((message) => message.unitId))];
  for (const unitId of units)
    await deps.alarms
      ?.raise(
        `【值班表空档】${unitId} ${sending.incidentId}`,
        [
          `【值班表空档】${formatLocalTime(deps.now())}（北京时间）${unitId} 此刻无人在班：${sending.incidentId} 的消息已发给单位固定值班电话，请补排值班表。`,
          `ROSTER GAP: nobody of ${unitId} is on shift now; the message for ${sending.incidentId} went to the unit's standing duty phone. Fill the roster.`,
        ].join('\n'),
      )
      .catch((error: Error) => logger.error('Operators not alerted of a roster gap', { unitId, error: error.message }));
}

/**
 * Sends each message by SMS, and by e-mail where the contact has an address, through SNS.
 * Every message is claimed with a conditional write before it is sent and marked sent after
 * (`claimMessage` decides: send, skip, or — after two attempts that never said how they ended —
 * not again), so a retried or resumed task never sends a message already marked sent and at most
 * once more one whose sending a crash cut short. A failed send is recorded (message record and
 * `escalation-failed` event): one worth retrying is reported back for the task's retry; one the
 * provider refused for good is not retried, the operators are told at once, and every other
 * recipient and channel still gets theirs — nothing one message does stops the ladder.
 */
export async function deliverMessages(
  deps: DeliveryDependencies,
  sending: Sending,
  outgoing: OutgoingMessage[],
): Promise<{ notified: NotifiedContact[]; failures: string[] }> {
  const context: MessageContext = {
    kind: sending.purpose,
    incidentId: sending.incidentId,
    obligationId: sending.obligationId,
    escalationStep: sending.escalationStep,
    ...(sending.escalationStep !== undefined ? { repeat: sending.repeat ?? 0 } : {}),
  };
  const notified: NotifiedContact[] = [];
  const failures: string[] = [];
  const claimedAt = deps.now().toISOString();
  await alertRosterGaps(deps, sending, outgoing);
  for (const { unitId, contact, message, channels = ['sms', 'email'], onDuty } of outgoing) {
    const deliveries: { channel: EscalationChannel; to: string; text: string; send: () => Promise<string> }[] = [];
    if (channels.includes('sms'))
      deliveries.push({
        channel: 'sms',
        to: contact.phone,
        text: message.sms,
        send: () => deps.notifier.sendSms(contact, message.sms, context, message.smsTemplate),
      });
    if (channels.includes('email') && contact.email) {
      deliveries.push({
        channel: 'email',
        to: contact.email,
        text: message.subject,
        send: () => deps.notifier.sendEmail(contact, message.subject, message.email, context),
      });
    }
    for (const delivery of deliveries) {
      const { record, decision } = await deps.messages.claimMessage({
        incidentId: sending.incidentId,
        messageKey: sending.messageKey,
        purpose: sending.purpose,
        ...(sending.obligationId ? { obligationId: sending.obligationId } : {}),
        ...(sending.escalationStep !== undefined
          ? { escalationStep: sending.escalationStep, repeat: sending.repeat ?? 0 }
          : {}),
        unitId,
        contactId: contact.contactId,
        contactName: contact.name,
        ...(onDuty ? { onDuty } : {}),
        channel: delivery.channel,
        to: delivery.to,
        text: delivery.text,
        claimedAt,
      });
      const recipient = {
        unitId,
        contactId: contact.contactId,
        name: contact.name,
        channel: delivery.channel,
        to: delivery.to,
      };
      const detail = {
        messageKey: sending.messageKey,
        obligationId: sending.obligationId,
        escalationStep: sending.escalationStep,
        repeat: sending.repeat,
        ...recipient,
        ...(onDuty ? { onDuty } : {}),
      };
      if (decision === 'unconfirmed') {
        await deps.audit.appendEvent({
          incidentId: sending.incidentId,
          at: deps.now().toISOString(),
          type: 'escalation-failed',
          actor: 'system:deadline-watch',
          unitId: sending.eventUnitId,
          detail: {
            ...detail,
            purpose: sending.purpose,
            reason: 'unconfirmed: two attempts never said how they ended; not sent a third time',
          },
        });
        await alertOperators(
          deps,
          sending,
          recipient,
          'unconfirmed',
          'two attempts were cut short before their outcome was recorded',
        );
        notified.push({ ...recipient, outcome: 'unconfirmed' });
        continue;
      }
      if (decision === 'skip') {
        const outcome =
          record.status === 'queued'
            ? 'queued'
            : record.status === 'sent'
              ? 'already-sent'
              : record.status === 'unconfirmed'
                ? 'unconfirmed'
                : 'refused';
        notified.push({ ...recipient, outcome });
        continue;
      }
      const rateLimit = delivery.channel === 'sms' ? deps.smsRateLimit : undefined;
      // A claim cut short between holding this SMS back and recording so: it is held already, and goes out with the
      // digest.
      if (
        rateLimit &&
        record.attempts > 1 &&
        (await rateLimit.queue.isHeld(contact.phone, sending.incidentId, sending.messageKey, contact.contactId))
      ) {
        await deps.messages.markMessageQueued(record);
        notified.push({ ...recipient, outcome: 'queued' });
        continue;
      }
      // No flood: a phone sent an SMS moments ago gets this one merged into its next digest — and so does one whose
      // earlier SMS are still waiting for theirs (first held, first sent: a new one never jumps the queue).
      if (
        rateLimit &&
        ((await rateLimit.queue.hasHeld(contact.phone)) ||
          !(await rateLimit.queue.takeSmsSlot(contact.phone, deps.now(), rateLimit.windowMs)))
      ) {
        const queuedAt = deps.now().toISOString();
        await rateLimit.queue.hold({
          phone: contact.phone,
          contactId: contact.contactId,
          queuedAt,
          incidentId: sending.incidentId,
          messageKey: sending.messageKey,
          line: message.digestLine,
          text: message.sms,
          ...(sending.obligationId ? { obligationId: sending.obligationId } : {}),
          ...(message.smsTemplate ? { template: message.smsTemplate } : {}),
        });
        await deps.messages.markMessageQueued(record);
        await deps.audit.appendEvent({
          incidentId: sending.incidentId,
          at: queuedAt,
          type: 'sms-queued',
          actor: 'system:deadline-watch',
          unitId: sending.eventUnitId,
          detail,
        });
        notified.push({ ...recipient, outcome: 'queued' });
        continue;
      }
      try {
        const messageId = await delivery.send();
        const sentAt = deps.now().toISOString();
        await deps.messages.markMessageSent(record, messageId, sentAt);
        await deps.audit.appendEvent({
          incidentId: sending.incidentId,
          at: sentAt,
          type: SENT_EVENT[sending.purpose],
          actor: 'system:deadline-watch',
          unitId: sending.eventUnitId,
          detail: { ...detail, messageId },
        });
        if (sending.purpose === 'escalation') countMetric(SERVICE_METRICS.names.escalationsSent);
        notified.push({ ...recipient, outcome: 'sent' });
      } catch (error) {
        const permanent =
          error instanceof UnpublishableMessageError ||
          (error as { name?: string })?.name === 'UnpublishableMessageError';
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        logger.error('Message not sent', { ...detail, incidentId: sending.incidentId, reason, permanent });
        await deps.messages.markMessageFailed(record, reason, permanent);
        await deps.audit.appendEvent({
          incidentId: sending.incidentId,
          at: deps.now().toISOString(),
          type: 'escalation-failed',
          actor: 'system:deadline-watch',
          unitId: sending.eventUnitId,
          detail: { ...detail, purpose: sending.purpose, reason, ...(permanent ? { permanent: true } : {}) },
        });
        if (sending.purpose === 'escalation') countMetric(SERVICE_METRICS.names.escalationsFailed);
        if (permanent) {
          await alertOperators(deps, sending, recipient, 'refused', reason);
          notified.push({ ...recipient, outcome: 'refused' });
        } else {
          failures.push(`${delivery.channel} to ${contact.contactId}: ${reason}`);
        }
      }
    }
  }
  return { notified, failures };
}
