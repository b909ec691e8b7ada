import { actorOf, requireUnitAccess } from '../domain/access';
import { AlreadyAnsweredError, DocumentNotFoundError } from '../domain/errors';
import { newDocumentId, type InstructionFeedback } from '../domain/incident';
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
import { instructionFeedbackSchema } from './schemas';

export interface FileInstructionFeedbackDependencies {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  store: IncidentStore;
  /** Stops the answered obligation's watch. */
  workflow: IncidentWorkflow;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/instructions/{instructionId}/feedback` — R-INSTRUCTION-12H: the
 * unit reports back on a leader's instruction; met within 12 hours of its receipt, late after.
 * Further feedback after the first is refused (409): file it as a follow-up report.
 */
export function makeHandler(deps: FileInstructionFeedbackDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/instructions/{instructionId}/feedback'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const instructionId = pathParameter(event, 'instructionId');
      const body = parseBody(instructionFeedbackSchema, event.body);
      const incident = await requireOpenIncident(deps.store, incidentId);
      requireUnitAccess(principal, incident.unitId);
      if (!(await deps.store.getInstruction(incidentId, instructionId))) throw new DocumentNotFoundError('Instruction', instructionId);
      const obligationId = `${instructionId}-feedback`;
      const obligation = await deps.store.getObligation(incidentId, obligationId);
      if (obligation && !isOpen(obligation.status)) {
        throw new AlreadyAnsweredError(`Feedback on ${instructionId} was already filed (${obligation.status} at ${obligation.metAt}); file further news as a follow-up report`);
      }
      const feedback: InstructionFeedback = {
        incidentId, instructionId, feedbackId: newDocumentId('FBK'), text: body.text, filedAt: deps.now().toISOString(),
        ...(body.measuresTaken ? { measuresTaken: body.measuresTaken } : {}), ...(body.reporter ? { reporter: body.reporter } : {}),
        ...(body.lateReason ? { lateReason: body.lateReason } : {}),
      };
      const actor = actorOf(principal);
      await deps.store.putInstructionFeedback(feedback);
      await deps.store.appendEvent({
        incidentId, at: feedback.filedAt, type: 'instruction-feedback-filed', actor, unitId: incident.unitId, detail: { instructionId, feedbackId: feedback.feedbackId },
      });
      const settled = await settleObligationWith(deps.store, incidentId, obligationId, {
        documentId: feedback.feedbackId, filedAt: feedback.filedAt, unitId: incident.unitId, actor, lateReason: body.lateReason,
      }, deps.workflow);
      return json(201, { feedback, obligation: settled }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/instructions/{instructionId}/feedback' } },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), workflow: incidentWorkflowFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), now: () => new Date() });
