import type { Incident } from '../../functions/domain/incident';
import { openWrittenReportObligation, type Obligation } from '../../functions/domain/obligations';
import { defaultPolicy } from '../../functions/domain/policy';
import type { IncidentStore } from '../../functions/shared/incident-store';

/**
 * Stores an incident reported by phone with its pending written-report obligation, as
 * `POST /incidents` leaves it, and returns the obligation.
 */
export async function givenPhoneReportedIncident(
  store: IncidentStore,
  options: { incidentId: string; phoneReportAt: Date; unitId?: string; drillSpeed?: number },
): Promise<Obligation> {
  const { incidentId, phoneReportAt, unitId = 'gaosheng-zone', drillSpeed = 1 } = options;
  const incident: Incident = {
    incidentId, unitId, title: '某化工企业储罐泄漏', category: 'hazardous-chemicals', incidentClass: 'accident', severity: 'relatively-major',
    occurredAt: phoneReportAt.toISOString(), location: '高升经济区', receivedAt: phoneReportAt.toISOString(), status: 'open', verified: false,
    firstReportChannel: 'phone', reporter: { name: '王某', phone: '+8613800000000' },
  };
  const obligation = openWrittenReportObligation({ incidentId, unitId, phoneReportAt, policy: defaultPolicy, drillSpeed });
  await store.putObligation(obligation);
  await store.putIncident(incident);
  return obligation;
}
