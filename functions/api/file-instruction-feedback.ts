import { actorOf } from '../domain/access';
import { AlreadyAnsweredError, DocumentNotFoundError } from '../domain/errors';
import { newDocumentId, type InstructionFeedback } from '../domain/incident';
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
import { instructionFeedbackSchema } from './schemas';

export interface FileInstructionFeedbackDependencies extends Pick<
  Repositories,
  'incidents' | 'documents' | 'obligations' | 'audit'
> {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Pins a keyed request's clock and IDs, so a retry after a crash converges on the same feedback. */
  pins?: RequestPins;
  /** Stops the answered obligation's watch. */
  workflow: IncidentWorkflow;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/instructions/{instructionId}/feedback` — R-INSTRUCTION-12H: the
 * unit reports back on a leader's instruction; met within 12 hours of its receipt, late after.
 * One feedback per instruction: of feedback racing, exactly one is stored; any other → 409 with
 * nothing written (file further news as a follow-up report).
 */
export function makeHandler(deps: FileInstructionFeedbackDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/instructions/{instructionId}/feedback'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const instructionId = pathParameter(event, 'instructionId');
      const body = parseBody(instructionFeedbackSchema, event.body);
      const incident = await requireOpenIncident(deps, principal, incidentId);
      if (!(await deps.documents.getInstruction(incidentId, instructionId)))
        throw new DocumentNotFoundError('Instruction', instructionId);
      const obligationId = `${instructionId}-feedback`;
      const obligation = await deps.obligations.getObligation(incidentId, obligationId);
      const alreadyFiled = () =>
        new AlreadyAnsweredError(
          `Feedback on ${instructionId} was already filed; file further news as a follow-up report`,
        );
      if (obligation && !isOpen(obligation.status)) throw alreadyFiled();
      const pin = await pinRequest(deps.pins, event, deps.now);
      const actor = actorOf(principal);
      const feedback: InstructionFeedback = {
        incidentId,
        instructionId,
        feedbackId: newDocumentId('FBK', pin.seed),
        text: body.text,
        filedAt: pin.at.toISOString(),
        ...(body.measuresTaken ? { measuresTaken: body.measuresTaken } : {}),
        ...(body.reporter ? { reporter: body.reporter } : {}),
        ...(body.lateReason ? { lateReason: body.lateReason } : {}),
        filedBy: actor,
      };
      const asDocument = (stored: InstructionFeedback) => ({
        documentId: stored.feedbackId,
        filedAt: stored.filedAt,
        filedBy: stored.filedBy ?? actor,
        lateReason: stored.lateReason,
      });
      const settled = await whileIncidentOpen(deps, incidentId, feedback.feedbackId, deps.now, () =>
        fileOneDocument(
          deps,
          deps.workflow,
          { incidentId, obligationId, unitId: incident.unitId },
          asDocument(feedback),
          {
            put: () => deps.documents.putInstructionFeedback(feedback),
            stored: async () => {
              const stored = await deps.documents.getInstructionFeedback(incidentId, instructionId);
              return stored && asDocument(stored);
            },
            recorded: {
              incidentId,
              at: feedback.filedAt,
              type: 'instruction-feedback-filed',
              actor,
              unitId: incident.unitId,
              detail: { instructionId, feedbackId: feedback.feedbackId },
            },
          },
          pin.replay,
          alreadyFiled,
        ),
      );
      return json(201, { feedback, obligation: settled }, { location: `/incidents/${incidentId}` });
    },
    {
      jsonBody: true,
      idempotency: {
        store: deps.idempotency,
        routeKey: 'POST /incidents/{incidentId}/instructions/{instructionId}/feedback',
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
