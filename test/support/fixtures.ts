import { requireUnit } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Incident, Severity } from '../../functions/domain/incident';
import { deadlineFor, openObligation, type Obligation } from '../../functions/domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';
import type { Repositories } from '../../functions/shared/repositories';

/** An incident as `POST /incidents` stores it for a phone first report. */
export function phoneReportedIncident(options: {
  incidentId: string;
  phoneReportAt: Date;
  unitId?: string;
  severity?: Severity;
  category?: string;
}): Incident {
  const {
    incidentId,
    phoneReportAt,
    unitId = 'gaosheng-zone',
    severity = 'relatively-major',
    category = 'hazardous-chemicals',
  } = options;
  return {
    incidentId,
    unitId,
    title: '某化工企业储罐泄漏',
    category,
    incidentClass: 'accident',
    severity,
    occurredAt: phoneReportAt.toISOString(),
    location: '高升经济区',
    receivedAt: phoneReportAt.toISOString(),
    status: 'open',
    source: 'unit',
    verified: false,
    firstReportChannel: 'phone',
    reporter: { name: '王某', phone: '+8613800000000' },
  };
}

/**
 * Stores an incident reported by phone with its pending written-report obligation, as
 * `POST /incidents` leaves it, and returns the obligation.
 */
export async function givenPhoneReportedIncident(
  repos: Pick<Repositories, 'incidents' | 'obligations'>,
  options: {
    incidentId: string;
    phoneReportAt: Date;
    unitId?: string;
    drillSpeed?: number;
    policy?: ReportingPolicy;
    severity?: Severity;
    category?: string;
  },
): Promise<Obligation> {
  const { incidentId, phoneReportAt, unitId = 'gaosheng-zone', drillSpeed = 1, policy = defaultPolicy } = options;
  const incident = phoneReportedIncident(options);
  const obligation = openObligation({
    incidentId,
    obligationId: 'written-report',
    kind: 'written-report',
    unit: requireUnit(defaultDirectory, unitId),
    openedAt: phoneReportAt,
    now: phoneReportAt,
    dueAt: deadlineFor('written-report', phoneReportAt, policy, drillSpeed),
    policy,
    drillSpeed,
  });
  await repos.obligations.putObligation(obligation);
  await repos.incidents.putIncident(incident);
  return obligation;
}
