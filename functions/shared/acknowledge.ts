import type { AcknowledgementTarget } from '../domain/acknowledgements';
import type { Acknowledgement, IncidentStore } from './incident-store';

/**
 * R-LADDER: records that a contact acknowledged a ladder step. The first acknowledgement is
 * kept as the step's (and stops its repeats); every one is in the timeline (R-AUDIT).
 */
export async function acknowledgeStep(
  store: IncidentStore,
  target: AcknowledgementTarget,
  acknowledgement: { contactId: string; unitId: string; via: Acknowledgement['via']; at: Date },
): Promise<{ first: boolean; acknowledgement: Acknowledgement }> {
  const candidate: Acknowledgement = {
    incidentId: target.incidentId, obligationId: target.obligationId, escalationStep: target.escalationStep, code: target.code,
    contactId: acknowledgement.contactId, via: acknowledgement.via, acknowledgedAt: acknowledgement.at.toISOString(),
  };
  const first = await store.putAcknowledgement(candidate);
  await store.appendEvent({
    incidentId: target.incidentId, at: candidate.acknowledgedAt, type: 'escalation-acknowledged', actor: `contact:${acknowledgement.contactId}`, unitId: acknowledgement.unitId,
    detail: { obligationId: target.obligationId, escalationStep: target.escalationStep, code: target.code, via: acknowledgement.via, first },
  });
  const stored = first ? candidate : await store.getAcknowledgement(target.incidentId, target.obligationId, target.escalationStep);
  return { first, acknowledgement: stored ?? candidate };
}
