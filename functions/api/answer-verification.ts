import { actorOf } from '../domain/access';
import { AlreadyAnsweredError, DocumentNotFoundError, InvalidRequestError } from '../domain/errors';
import { newDocumentId, type VerificationAnswer } from '../domain/incident';
import { isOpen } from '../domain/obligations';
import {
  idempotencyStoreFromEnvironment,
  repositoriesFromEnvironment,
  incidentWorkflowFromEnvironment,
  requestPinsFromEnvironment,
} from '../shared/dependencies';
import { whileIncidentOpen } from '../shared/filing';
import { json, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { pinRequest, type RequestPins } from '../shared/request-pins';
import { fileOneDocument } from '../shared/settlement';
import type { IdempotencyStore } from '../shared/idempotency';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { verificationAnswerSchema } from './schemas';

export interface AnswerVerificationDependencies extends Pick<
  Repositories,
  'incidents' | 'documents' | 'obligations' | 'audit'
> {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Pins a keyed request's clock and IDs, so a retry after a crash converges on the same answer. */
  pins?: RequestPins;
  /** Stops the answered obligation's watch. */
  workflow: IncidentWorkflow;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/verification-requests/{requestId}/answers` — R-VERIFY-20-40:
 * the unit's answer by phone or in writing meets that channel's obligation (met within 20 /
 * 40 minutes, late after, with its 迟报原因). A channel not asked for → 400. One answer per
 * channel: of answers racing each other exactly one is stored (keyed by the channel), and every
 * other → 409 with nothing written. An answer found stored whose obligation is still open (its
 * filer stopped half-way) settles it now.
 */
export function makeHandler(deps: AnswerVerificationDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/verification-requests/{requestId}/answers'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const requestId = pathParameter(event, 'requestId');
      const body = parseBody(verificationAnswerSchema, event.body);
      const incident = await requireOpenIncident(deps, principal, incidentId);
      if (!(await deps.documents.getVerificationRequest(incidentId, requestId)))
        throw new DocumentNotFoundError('Verification request', requestId);
      const obligationId = `${requestId}-${body.channel}`;
      const obligation = await deps.obligations.getObligation(incidentId, obligationId);
      if (!obligation) {
        throw new InvalidRequestError([
          { field: 'channel', message: `This verification request did not ask for a ${body.channel} answer` },
        ]);
      }
      const alreadyAnswered = () =>
        new AlreadyAnsweredError(`The ${body.channel} answer to ${requestId} was already filed`);
      if (!isOpen(obligation.status)) throw alreadyAnswered();
      const pin = await pinRequest(deps.pins, event, deps.now);
      const actor = actorOf(principal);
      const answer: VerificationAnswer = {
        incidentId,
        requestId,
        answerId: newDocumentId('ANS', pin.seed),
        channel: body.channel,
        answer: body.answer,
        answeredAt: pin.at.toISOString(),
        ...(body.answeredBy ? { answeredBy: body.answeredBy } : {}),
        ...(body.lateReason ? { lateReason: body.lateReason } : {}),
        filedBy: actor,
      };
      const asDocument = (stored: VerificationAnswer) => ({
        documentId: stored.answerId,
        filedAt: stored.answeredAt,
        filedBy: stored.filedBy ?? actor,
        lateReason: stored.lateReason,
      });
      const settled = await whileIncidentOpen(deps, incidentId, answer.answerId, deps.now, () =>
        fileOneDocument(
          deps,
          deps.workflow,
          { incidentId, obligationId, unitId: incident.unitId },
          asDocument(answer),
          {
            put: () => deps.documents.putVerificationAnswer(answer),
            stored: async () => {
              const stored = await deps.documents.getVerificationAnswer(incidentId, requestId, body.channel);
              return stored && asDocument(stored);
            },
            recorded: {
              incidentId,
              at: answer.answeredAt,
              type: 'verification-answered',
              actor,
              unitId: incident.unitId,
              detail: { requestId, answerId: answer.answerId, channel: answer.channel },
            },
            // R-MEDIA: an item from the media is verified once the responsible unit answers.
            afterRecorded: async () => {
              if (!incident.verified && incident.source === 'media')
                await deps.incidents.markIncidentVerified(incidentId);
            },
          },
          pin.replay,
          alreadyAnswered,
        ),
      );
      return json(201, { answer, obligation: settled }, { location: `/incidents/${incidentId}` });
    },
    {
      jsonBody: true,
      idempotency: {
        store: deps.idempotency,
        routeKey: 'POST /incidents/{incidentId}/verification-requests/{requestId}/answers',
      },
    },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  workflow: incidentWorkflowFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  pins: requestPinsFromEnvironment(),
  now: () => new Date(),
});
