import { actorOf } from '../domain/access';
import { requireUnit } from '../domain/directory';
import { newDocumentId, type VerificationRequest } from '../domain/incident';
import { verificationObligations } from '../domain/obligations';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import { openAndWatchObligation, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { whileIncidentOpen } from '../shared/filing';
import { pinRequest } from '../shared/request-pins';
import { verificationRequestSchema } from './schemas';

export type RequestVerificationDependencies = ObligationOpeningDependencies & Pick<Repositories, 'documents'>;

/**
 * `POST /incidents/{incidentId}/verification-requests` — R-VERIFY-20-40: the county duty office
 * asks the responsible unit to verify (核报). Opens `<requestId>-phone`, due 20 minutes after
 * the request, and, when a written answer is asked for, `<requestId>-written`, due 40 minutes
 * after it — each watched by its own execution, so it fires on time whatever else is waiting.
 * Opened only while the incident is open; a retry of a keyed request opens nothing twice.
 */
export function makeHandler(deps: RequestVerificationDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/verification-requests'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const body = parseBody(verificationRequestSchema, event.body);
      const incident = await requireOpenIncident(deps, principal, incidentId);
      const unit = requireUnit(await deps.directory.current(), incident.unitId);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const requestedAt = pin.at;
      const actor = actorOf(principal);
      const request: VerificationRequest = {
        incidentId,
        requestId: newDocumentId('VRQ', pin.seed),
        question: body.question,
        writtenAnswerRequired: body.writtenAnswerRequired,
        requestedAt: requestedAt.toISOString(),
        requestedBy: body.requestedBy ?? actor,
        origin: 'duty-office',
      };
      const obligations = verificationObligations(request, unit, deps.policy, deps.drillSpeed, deps.now());
      const executions = await whileIncidentOpen(deps, incidentId, request.requestId, deps.now, async () => {
        if ((await deps.documents.putVerificationRequest(request)) || pin.replay) {
          await deps.audit.appendEventOnce(
            {
              incidentId,
              at: request.requestedAt,
              type: 'verification-requested',
              actor,
              unitId: incident.unitId,
              detail: {
                requestId: request.requestId,
                question: request.question,
                writtenAnswerRequired: request.writtenAnswerRequired,
                requestedBy: request.requestedBy,
              },
            },
            pin.replay,
          );
        }
        const started: string[] = [];
        for (const obligation of obligations)
          started.push(await openAndWatchObligation(deps, deps.workflow, obligation, actor, requestedAt, pin.replay));
        return started;
      });
      return json(201, { ...request, obligations, executions }, { location: `/incidents/${incidentId}` });
    },
    {
      jsonBody: true,
      idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/verification-requests' },
    },
  );
}

export const handler = makeHandler(obligationOpeningDependenciesFromEnvironment());
