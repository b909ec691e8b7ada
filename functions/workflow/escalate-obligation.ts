import { overdueBy } from '../domain/deadlines';
import { defaultDirectory, requireUnit, type Contact, type Directory } from '../domain/directory';
import { EscalationDeliveryError, ObligationNotFoundError } from '../domain/errors';
import { formatDuration, obligationName, renderEscalationMessage } from '../domain/messages';
import { isOpen, type ObligationStatus } from '../domain/obligations';
import { defaultPolicy, ladderStep, type LadderStep, type ReportingPolicy } from '../domain/policy';
import { escalationNotifierFromEnvironment, incidentStoreFromEnvironment } from '../shared/dependencies';
import { requireEnvironment } from '../shared/environment';
import type { EscalationNotifier, MessageContext } from '../shared/escalation-notifier';
import type { EscalationChannel, IncidentStore } from '../shared/incident-store';
import { logger } from '../shared/logger';
import { markOverdue } from './mark-overdue';

export interface EscalateObligationInput {
  incidentId: string;
  obligationId: string;
  escalationStep: number;
}

export interface NotifiedContact {
  contactId: string;
  name: string;
  channel: EscalationChannel;
  to: string;
  /** `sent` now, or `already-sent` by an earlier attempt of this step. */
  outcome: 'sent' | 'already-sent';
}

/** The task output, shown as the state's output in the Step Functions console. */
export interface EscalateObligationResult {
  escalated: boolean;
  escalationStep: number;
  obligationStatus: ObligationStatus;
  /** Why, in words an operator reads in the console. */
  reason: string;
  notified: NotifiedContact[];
}

export interface EscalateObligationDependencies {
  store: IncidentStore;
  notifier: EscalationNotifier;
  directory: Directory;
  policy: ReportingPolicy;
  /** Base URL of the API, for the "how to file" line of the message. */
  publicApiUrl: string;
  now: () => Date;
}

/** R-LADDER: who a ladder step notifies. */
function recipientsOf(step: LadderStep, unitContacts: { dutyContact: Contact }): Contact[] {
  switch (step.audience) {
    case 'unit-duty-contact':
      return [unitContacts.dutyContact];
  }
}

/**
 * Task "Escalate to the unit's duty contact" (R-LADDER, first step; R-WRITTEN-30).
 *
 * Sends nothing when the obligation was filed meanwhile. Otherwise sends the step's SMS (and
 * e-mail, where the contact has one) through SNS. Each message is claimed with a conditional
 * write before it is sent and marked sent after, so a retried or resumed step never sends a
 * message already marked sent; a failed send is recorded and the step fails, to be retried.
 */
export function makeHandler(deps: EscalateObligationDependencies) {
  return async (input: EscalateObligationInput): Promise<EscalateObligationResult> => {
    const { incidentId, obligationId, escalationStep } = input;
    const obligation = await deps.store.getObligation(incidentId, obligationId);
    if (!obligation) throw new ObligationNotFoundError(incidentId, obligationId);
    if (!isOpen(obligation.status)) {
      return { escalated: false, escalationStep, obligationStatus: obligation.status, reason: `${obligation.kind} already ${obligation.status}`, notified: [] };
    }
    const now = deps.now();
    await markOverdue(deps.store, obligation, now);
    const incident = await deps.store.getIncident(incidentId);
    const unit = requireUnit(deps.directory, obligation.unitId);
    const step = ladderStep(deps.policy, escalationStep);
    const late = overdueBy(new Date(obligation.dueAt), now);
    const context: MessageContext = { kind: 'escalation', incidentId, obligationId, escalationStep };
    const notified: NotifiedContact[] = [];
    const failures: string[] = [];

    for (const contact of recipientsOf(step, unit.contacts)) {
      const message = renderEscalationMessage({
        locale: contact.locale,
        incidentId,
        incidentTitle: incident?.title ?? incidentId,
        unitName: unit.name[contact.locale],
        obligationKind: obligation.kind,
        dueAt: new Date(obligation.dueAt),
        overdueByMilliseconds: late,
        filingUrl: `${deps.publicApiUrl.replace(/\/$/, '')}/incidents/${incidentId}/reports`,
        escalationStep,
      });
      const deliveries: { channel: EscalationChannel; to: string; send: () => Promise<string> }[] = [
        { channel: 'sms', to: contact.phone, send: () => deps.notifier.sendSms(contact, message.sms, context) },
      ];
      if (contact.email) {
        const email = contact.email;
        deliveries.push({ channel: 'email', to: email, send: () => deps.notifier.sendEmail(contact, message.subject, message.email, context) });
      }
      for (const delivery of deliveries) {
        const record = await deps.store.claimEscalation({
          incidentId, obligationId, escalationStep, contactId: contact.contactId, contactName: contact.name,
          channel: delivery.channel, to: delivery.to, claimedAt: now.toISOString(),
        });
        const recipient = { contactId: contact.contactId, name: contact.name, channel: delivery.channel, to: delivery.to };
        if (record.status === 'sent') {
          notified.push({ ...recipient, outcome: 'already-sent' });
          continue;
        }
        try {
          const messageId = await delivery.send();
          const sentAt = deps.now().toISOString();
          await deps.store.markEscalationSent(record, messageId, sentAt);
          await deps.store.appendEvent({
            incidentId, at: sentAt, type: 'escalation-sent', actor: 'system:deadline-watch', unitId: obligation.unitId,
            detail: { obligationId, escalationStep, contactId: contact.contactId, channel: delivery.channel, to: delivery.to, messageId },
          });
          notified.push({ ...recipient, outcome: 'sent' });
        } catch (error) {
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          logger.error('Escalation message not sent', { incidentId, obligationId, escalationStep, channel: delivery.channel, reason });
          await deps.store.markEscalationFailed(record, reason);
          await deps.store.appendEvent({
            incidentId, at: deps.now().toISOString(), type: 'escalation-failed', actor: 'system:deadline-watch', unitId: obligation.unitId,
            detail: { obligationId, escalationStep, contactId: contact.contactId, channel: delivery.channel, to: delivery.to, reason },
          });
          failures.push(`${delivery.channel} to ${contact.contactId}: ${reason}`);
        }
      }
    }
    if (failures.length > 0) throw new EscalationDeliveryError(`Escalation step ${escalationStep} of ${incidentId}/${obligationId} not fully sent: ${failures.join('; ')}`);
    return {
      escalated: true,
      escalationStep,
      obligationStatus: 'overdue',
      reason: `${obligationName(obligation.kind, 'en')} overdue by ${formatDuration(late, 'en')}`,
      notified,
    };
  };
}

export const handler = makeHandler({
  store: incidentStoreFromEnvironment(),
  notifier: escalationNotifierFromEnvironment(),
  directory: defaultDirectory,
  policy: defaultPolicy,
  publicApiUrl: requireEnvironment('PUBLIC_API_URL'),
  now: () => new Date(),
});
