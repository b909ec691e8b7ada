import { canActFor } from '../domain/access';
import { IncidentNotFoundError } from '../domain/errors';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface GetIncidentDependencies extends Pick<Repositories, 'incidents'> {}

/**
 * `GET /incidents/{incidentId}` — the incident with its reports, obligations (status, dueAt,
 * metAt, late reason, escalation schedule), verification requests and answers, instructions
 * and feedback, every message sent, acknowledgements, and its timeline in order
 * (R-LIFECYCLE, R-AUDIT).
 */
export function makeHandler(deps: GetIncidentDependencies) {
  return httpEndpoint(
    rolesFor('GET /incidents/{incidentId}'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const record = await deps.incidents.getIncidentRecord(incidentId);
      // Another unit's incident is answered like one that does not exist: 404, naming nobody.
      if (!record || !canActFor(principal, record.incident.unitId)) throw new IncidentNotFoundError(incidentId);
      const { incident, ...rest } = record;
      return json(200, { ...incident, ...rest });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment() });
