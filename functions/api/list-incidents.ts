import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface ListIncidentsDependencies extends Pick<Repositories, 'incidents'> {}

/**
 * `GET /incidents` — the open incidents (R-LIFECYCLE: not yet closed by a final report), newest
 * first; a reporter sees its own unit's only.
 */
export function makeHandler(deps: ListIncidentsDependencies) {
  return httpEndpoint(
    rolesFor('GET /incidents'),
    async (_event, principal) => {
      const open = await deps.incidents.openIncidents();
      const visible =
        principal.role === 'reporter' ? open.filter((incident) => incident.unitId === principal.unitId) : open;
      return json(200, { incidents: visible.reverse() });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment() });
