import { canActFor, type Principal } from '../domain/access';
import { IncidentClosedError, IncidentNotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { Repositories } from '../shared/repositories';

/**
 * The incident, if the caller may see it. Another unit's incident is answered exactly like one
 * that does not exist — 404, naming nobody — so a reporter cannot learn which IDs are taken.
 */
export async function requireVisibleIncident(
  repos: Pick<Repositories, 'incidents'>,
  principal: Principal,
  incidentId: string,
): Promise<Incident> {
  const incident = await repos.incidents.getIncident(incidentId);
  if (!incident || !canActFor(principal, incident.unitId)) throw new IncidentNotFoundError(incidentId);
  return incident;
}

/**
 * The incident, visible to the caller and open for new documents. @throws 404 when unknown or not the caller's, 409
 * when closed by its final report.
 */
export async function requireOpenIncident(
  repos: Pick<Repositories, 'incidents'>,
  principal: Principal,
  incidentId: string,
): Promise<Incident> {
  const incident = await requireVisibleIncident(repos, principal, incidentId);
  if (incident.status === 'closed') throw new IncidentClosedError(incidentId, incident.closedAt);
  return incident;
}
