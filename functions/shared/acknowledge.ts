import {
  acknowledgementRefusal,
  type AcknowledgementRefusal,
  type AcknowledgementTarget,
} from '../domain/acknowledgements';
import { isOpen } from '../domain/obligations';
import type { Repositories } from './repositories';
import type { Acknowledgement } from '../domain/acknowledgements';

/** What became of an acknowledgement of a ladder step. */
export type StepAcknowledgement =
  | { accepted: true; first: boolean; acknowledgement: Acknowledgement }
  | { accepted: false; refusal: AcknowledgementRefusal };

/**
 * R-LADDER: a contact acknowledges a ladder step. It counts only from a contact the step was sent
 * to, while its obligation is still owed (`acknowledgementRefusal`); the first one is kept as
 * the step's (and stops its repeats). Every one — counted or refused — is in the timeline
 * (R-AUDIT), the refused ones with why.
 */
export async function acknowledgeStep(
  repos: Pick<Repositories, 'obligations' | 'audit' | 'messages' | 'acknowledgements'>,
  target: AcknowledgementTarget,
  acknowledgement: {
    contactId: string;
    unitId: string;
    via: Acknowledgement['via'];
    at: Date;
    from?: string;
    /** Who acted, when not the contact itself: the signed-in user acknowledging for it in the console (R-AUDIT). */
    actor?: string;
  },
): Promise<StepAcknowledgement> {
  const { incidentId, obligationId, escalationStep, code } = target;
  const [obligation, recipients] = await Promise.all([
    repos.obligations.getObligation(incidentId, obligationId),
    repos.messages.stepRecipients(incidentId, obligationId, escalationStep),
  ]);
  const at = acknowledgement.at.toISOString();
  const actor = acknowledgement.actor ?? `contact:${acknowledgement.contactId}`;
  const refusal = acknowledgementRefusal(
    !!obligation && isOpen(obligation.status),
    recipients,
    acknowledgement.contactId,
  );
  if (refusal) {
    await repos.audit.appendEvent({
      incidentId,
      at,
      type: 'acknowledgement-refused',
      actor,
      unitId: acknowledgement.unitId,
      detail: {
        obligationId,
        escalationStep,
        code,
        via: acknowledgement.via,
        reason: refusal,
        ...(acknowledgement.from ? { from: acknowledgement.from } : {}),
      },
    });
    return { accepted: false, refusal };
  }
  const candidate: Acknowledgement = {
    incidentId,
    obligationId,
    escalationStep,
    code,
    contactId: acknowledgement.contactId,
    via: acknowledgement.via,
    acknowledgedAt: at,
  };
  const first = await repos.acknowledgements.putAcknowledgement(candidate);
  await repos.audit.appendEvent({
    incidentId,
    at,
    type: 'escalation-acknowledged',
    actor,
    unitId: acknowledgement.unitId,
    detail: {
      obligationId,
      escalationStep,
      code,
      via: acknowledgement.via,
      first,
      ...(acknowledgement.actor ? { contactId: acknowledgement.contactId } : {}),
    },
  });
  const stored = first
    ? candidate
    : await repos.acknowledgements.getAcknowledgement(incidentId, obligationId, escalationStep);
  return { accepted: true, first, acknowledgement: stored ?? candidate };
}
