import type { Contact, Directory } from '../domain/directory';
import type { Message } from '../domain/messages';
import type { EscalationNotifier, MessageContext } from '../shared/escalation-notifier';
import type { AuditEventType, EscalationChannel, IncidentStore, MessagePurpose, MessageRecord } from '../shared/incident-store';
import { logger } from '../shared/logger';
import { SERVICE_METRICS } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';

/** One message to one contact of one unit. */
export interface OutgoingMessage {
  unitId: string;
  contact: Contact;
  message: Message;
  /** Default: SMS, and e-mail where the contact has an address. */
  channels?: EscalationChannel[];
}

/** A contact a task notified, as the state's output shows it in the console. */
export interface NotifiedContact {
  unitId: string;
  contactId: string;
  name: string;
  channel: EscalationChannel;
  to: string;
  /** `sent` now, `already-sent` by an earlier attempt, or `queued` for the recipient's next merged SMS. */
  outcome: 'sent' | 'already-sent' | 'queued';
}

/** One sending: what its messages' records share (`messageKey` names the sending), and where its events are filed. */
export interface Sending extends Pick<MessageRecord, 'incidentId' | 'messageKey' | 'purpose' | 'obligationId' | 'escalationStep' | 'repeat'> {
  /** The unit the audit events are filed under: the one that owes the document, or the reporting unit. */
  eventUnitId: string;
}

const SENT_EVENT: Record<MessagePurpose, AuditEventType> = { escalation: 'escalation-sent', reminder: 'reminder-sent', notification: 'notification-sent' };

export interface DeliveryDependencies {
  store: IncidentStore;
  notifier: EscalationNotifier;
  now: () => Date;
  /** At most one SMS per phone per window; the rest are merged into one digest (`send-sms-digests`). */
  smsRateLimit?: { windowMs: number };
}

/** What every task that sends messages about an incident needs. */
export interface MessageTaskDependencies extends DeliveryDependencies {
  directory: Directory;
  /** Base URL of the API, for the "how to file" and "details" lines (and the acknowledgement link). */
  publicApiUrl: string;
}

/**
 * Sends each message by SMS, and by e-mail where the contact has an address, through SNS.
 * Every message is claimed with a conditional write before it is sent and marked sent after,
 * so a retried or resumed task never sends a message already marked sent; a failed send is
 * recorded (message record and `escalation-failed` event) and reported back for a retry.
 */
export async function deliverMessages(deps: DeliveryDependencies, sending: Sending, outgoing: OutgoingMessage[]): Promise<{ notified: NotifiedContact[]; failures: string[] }> {
  const context: MessageContext = {
    kind: sending.purpose, incidentId: sending.incidentId, obligationId: sending.obligationId, escalationStep: sending.escalationStep,
    ...(sending.escalationStep !== undefined ? { repeat: sending.repeat ?? 0 } : {}),
  };
  const notified: NotifiedContact[] = [];
  const failures: string[] = [];
  const claimedAt = deps.now().toISOString();
  for (const { unitId, contact, message, channels = ['sms', 'email'] } of outgoing) {
    const deliveries: { channel: EscalationChannel; to: string; text: string; send: () => Promise<string> }[] = [];
    if (channels.includes('sms')) deliveries.push({ channel: 'sms', to: contact.phone, text: message.sms, send: () => deps.notifier.sendSms(contact, message.sms, context, message.smsTemplate) });
    if (channels.includes('email') && contact.email) {
      deliveries.push({ channel: 'email', to: contact.email, text: message.subject, send: () => deps.notifier.sendEmail(contact, message.subject, message.email, context) });
    }
    for (const delivery of deliveries) {
      const record = await deps.store.claimMessage({
        incidentId: sending.incidentId, messageKey: sending.messageKey, purpose: sending.purpose,
        ...(sending.obligationId ? { obligationId: sending.obligationId } : {}),
        ...(sending.escalationStep !== undefined ? { escalationStep: sending.escalationStep, repeat: sending.repeat ?? 0 } : {}),
        unitId, contactId: contact.contactId, contactName: contact.name, channel: delivery.channel, to: delivery.to, text: delivery.text, claimedAt,
      });
      const recipient = { unitId, contactId: contact.contactId, name: contact.name, channel: delivery.channel, to: delivery.to };
      const detail = { messageKey: sending.messageKey, obligationId: sending.obligationId, escalationStep: sending.escalationStep, repeat: sending.repeat, ...recipient };
      if (record.status === 'sent' || record.status === 'queued') {
        notified.push({ ...recipient, outcome: record.status === 'sent' ? 'already-sent' : 'queued' });
        continue;
      }
      // No flood: a phone sent an SMS moments ago gets this one merged into its next digest.
      if (delivery.channel === 'sms' && deps.smsRateLimit && !(await deps.store.takeSmsSlot(contact.phone, deps.now(), deps.smsRateLimit.windowMs))) {
        const queuedAt = deps.now().toISOString();
        await deps.store.queueSms({ phone: contact.phone, contactId: contact.contactId, queuedAt, incidentId: sending.incidentId, messageKey: sending.messageKey, line: message.digestLine, text: message.sms, ...(message.smsTemplate ? { template: message.smsTemplate } : {}) }, record);
        await deps.store.appendEvent({
          incidentId: sending.incidentId, at: queuedAt, type: 'sms-queued', actor: 'system:deadline-watch', unitId: sending.eventUnitId, detail,
        });
        notified.push({ ...recipient, outcome: 'queued' });
        continue;
      }
      try {
        const messageId = await delivery.send();
        const sentAt = deps.now().toISOString();
        await deps.store.markMessageSent(record, messageId, sentAt);
        await deps.store.appendEvent({
          incidentId: sending.incidentId, at: sentAt, type: SENT_EVENT[sending.purpose], actor: 'system:deadline-watch', unitId: sending.eventUnitId,
          detail: { ...detail, messageId },
        });
        if (sending.purpose === 'escalation') countMetric(SERVICE_METRICS.names.escalationsSent);
        notified.push({ ...recipient, outcome: 'sent' });
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        logger.error('Message not sent', { ...detail, incidentId: sending.incidentId, reason });
        await deps.store.markMessageFailed(record, reason);
        await deps.store.appendEvent({
          incidentId: sending.incidentId, at: deps.now().toISOString(), type: 'escalation-failed', actor: 'system:deadline-watch', unitId: sending.eventUnitId,
          detail: { ...detail, purpose: sending.purpose, reason },
        });
        if (sending.purpose === 'escalation') countMetric(SERVICE_METRICS.names.escalationsFailed);
        failures.push(`${delivery.channel} to ${contact.contactId}: ${reason}`);
      }
    }
  }
  return { notified, failures };
}
