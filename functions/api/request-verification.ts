import { actorOf } from '../domain/access';
import { requireUnit } from '../domain/directory';
import { newDocumentId, type VerificationRequest } from '../domain/incident';
import { deadlineFor, openObligation, type Obligation } from '../domain/obligations';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import { openAndWatchObligation, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { verificationRequestSchema } from './schemas';

export type RequestVerificationDependencies = ObligationOpeningDependencies;

/**
 * `POST /incidents/{incidentId}/verification-requests` — R-VERIFY-20-40: the county duty office
 * asks the responsible unit to verify (核报). Opens `<requestId>-phone`, due 20 minutes after
 * the request, and, when a written answer is asked for, `<requestId>-written`, due 40 minutes
 * after it — each watched by its own execution, so it fires on time whatever else is waiting.
 */
export function makeHandler(deps: RequestVerificationDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/verification-requests'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const body = parseBody(verificationRequestSchema, event.body);
      const incident = await requireOpenIncident(deps.store, incidentId);
      const unit = requireUnit(deps.directory, incident.unitId);
      const requestedAt = deps.now();
      const request: VerificationRequest = {
        incidentId, requestId: newDocumentId('VRQ'), question: body.question, writtenAnswerRequired: body.writtenAnswerRequired,
        requestedAt: requestedAt.toISOString(), requestedBy: body.requestedBy ?? actorOf(principal), origin: 'duty-office',
      };
      const kinds = body.writtenAnswerRequired ? (['verification-phone', 'verification-written'] as const) : (['verification-phone'] as const);
      const obligations: Obligation[] = kinds.map((kind) =>
        openObligation({
          incidentId, obligationId: `${request.requestId}-${kind === 'verification-phone' ? 'phone' : 'written'}`, kind, unit,
          openedAt: requestedAt, now: requestedAt, dueAt: deadlineFor(kind, requestedAt, deps.policy, deps.drillSpeed),
          policy: deps.policy, drillSpeed: deps.drillSpeed, origin: { verificationRequestId: request.requestId },
        }),
      );
      await deps.store.putVerificationRequest(request);
      await deps.store.appendEvent({
        incidentId, at: request.requestedAt, type: 'verification-requested', actor: actorOf(principal), unitId: incident.unitId,
        detail: { requestId: request.requestId, question: request.question, writtenAnswerRequired: request.writtenAnswerRequired, requestedBy: request.requestedBy },
      });
      const executions: string[] = [];
      for (const obligation of obligations) executions.push(await openAndWatchObligation(deps.store, deps.workflow, obligation, actorOf(principal), requestedAt));
      return json(201, { ...request, obligations, executions }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/verification-requests' } },
  );
}

export const handler = makeHandler(obligationOpeningDependenciesFromEnvironment());
