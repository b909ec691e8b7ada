import { IncidentClosedError, IncidentNotFoundError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { IncidentStore } from '../shared/incident-store';

/** The incident, open for new documents. @throws 404 when unknown, 409 when closed by its final report. */
export async function requireOpenIncident(store: IncidentStore, incidentId: string): Promise<Incident> {
  const incident = await store.getIncident(incidentId);
  if (!incident) throw new IncidentNotFoundError(incidentId);
  if (incident.status === 'closed') throw new IncidentClosedError(incidentId, incident.closedAt);
  return incident;
}
