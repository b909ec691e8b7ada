import { actorOf, requireUnitAccess } from '../domain/access';
import { AlreadyAnsweredError, DocumentNotFoundError, InvalidRequestError } from '../domain/errors';
import { newDocumentId, type VerificationAnswer } from '../domain/incident';
import { isOpen } from '../domain/obligations';
import { idempotencyStoreFromEnvironment, incidentStoreFromEnvironment, incidentWorkflowFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { settleObligationWith } from '../shared/settlement';
import type { IdempotencyStore } from '../shared/idempotency';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { verificationAnswerSchema } from './schemas';

export interface AnswerVerificationDependencies {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  store: IncidentStore;
  /** Stops the answered obligation's watch. */
  workflow: IncidentWorkflow;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/verification-requests/{requestId}/answers` — R-VERIFY-20-40:
 * the unit's answer by phone or in writing meets that channel's obligation (met within 20 /
 * 40 minutes, late after, with its 迟报原因). A channel not asked for → 400; a channel
 * already answered → 409; nothing is written in either case.
 */
export function makeHandler(deps: AnswerVerificationDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/verification-requests/{requestId}/answers'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const requestId = pathParameter(event, 'requestId');
      const body = parseBody(verificationAnswerSchema, event.body);
      const incident = await requireOpenIncident(deps.store, incidentId);
      requireUnitAccess(principal, incident.unitId);
      const request = await deps.store.getVerificationRequest(incidentId, requestId);
      if (!request) throw new DocumentNotFoundError('Verification request', requestId);
      const obligationId = `${requestId}-${body.channel}`;
      const obligation = await deps.store.getObligation(incidentId, obligationId);
      if (!obligation) {
        throw new InvalidRequestError([{ field: 'channel', message: `This verification request did not ask for a ${body.channel} answer` }]);
      }
      if (!isOpen(obligation.status)) throw new AlreadyAnsweredError(`The ${body.channel} answer to ${requestId} was already filed (${obligation.status} at ${obligation.metAt})`);
      const answer: VerificationAnswer = {
        incidentId, requestId, answerId: newDocumentId('ANS'), channel: body.channel, answer: body.answer, answeredAt: deps.now().toISOString(),
        ...(body.answeredBy ? { answeredBy: body.answeredBy } : {}), ...(body.lateReason ? { lateReason: body.lateReason } : {}),
      };
      const actor = actorOf(principal);
      await deps.store.putVerificationAnswer(answer);
      await deps.store.appendEvent({
        incidentId, at: answer.answeredAt, type: 'verification-answered', actor, unitId: incident.unitId,
        detail: { requestId, answerId: answer.answerId, channel: answer.channel },
      });
      // R-MEDIA: an item from the media is verified once the responsible unit answers.
      if (!incident.verified && incident.source === 'media') await deps.store.markIncidentVerified(incidentId);
      const settled = await settleObligationWith(deps.store, incidentId, obligationId, {
        documentId: answer.answerId, filedAt: answer.answeredAt, unitId: incident.unitId, actor, lateReason: body.lateReason,
      }, deps.workflow);
      return json(201, { answer, obligation: settled }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/verification-requests/{requestId}/answers' } },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), workflow: incidentWorkflowFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), now: () => new Date() });
