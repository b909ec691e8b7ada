import { requireUnitAccess } from '../domain/access';
import { verifyChain } from '../domain/audit-chain';
import { IncidentNotFoundError } from '../domain/errors';
import { incidentStoreFromEnvironment } from '../shared/dependencies';
import { json, pathParameter } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface GetIncidentAuditDependencies {
  store: IncidentStore;
}

/**
 * `GET /incidents/{incidentId}/audit` — R-AUDIT: every event of the incident in chain order, each
 * with its hash and the hash it links to, and the verification of the whole chain (valid, or
 * which events were changed, removed or moved).
 */
export function makeHandler(deps: GetIncidentAuditDependencies) {
  return httpEndpoint(
    rolesFor('GET /incidents/{incidentId}/audit'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const incident = await deps.store.getIncident(incidentId);
      if (!incident) throw new IncidentNotFoundError(incidentId);
      requireUnitAccess(principal, incident.unitId);
      const events = await deps.store.auditEvents(incidentId);
      return json(200, { incidentId, verification: verifyChain(events), events });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment() });
