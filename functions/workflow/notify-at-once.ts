import { EscalationDeliveryError, IncidentNotFoundError } from '../domain/errors';
import { immediateNotificationMessages, notificationUnits } from '../domain/outgoing';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import type { RoutingReason } from '../domain/routing';
import {
  escalationNotifierFromEnvironment,
  repositoriesFromEnvironment,
  smsRateLimitFromEnvironment,
  operatorAlarmsFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import { requireEnvironment } from '../shared/environment';
import { coverageNow, deliverMessages, type NotifiedContact, type MessageTaskDependencies } from './deliver-messages';
import { withMetrics } from '../shared/metrics';
import type { Repositories } from '../shared/repositories';

export interface NotifyAtOnceInput {
  incidentId: string;
}

export interface NotifyAtOnceResult {
  /** Each unit told, and the rule that required it. */
  routed: { unitId: string; reasons: RoutingReason[] }[];
  notified: NotifiedContact[];
}

export interface NotifyAtOnceDependencies extends MessageTaskDependencies, Pick<Repositories, 'incidents'> {
  policy: ReportingPolicy;
}

/**
 * Task "Notify those who must know at once": R-DIRECT-CITY (the city government duty office for
 * the most severe incidents or mass casualties), R-ENTERPRISE (an enterprise's local government,
 * and the county government duty office for hazardous-chemical or flammable/explosive
 * enterprises), R-HORIZONTAL (the departments responsible for the category) and R-DUAL (the
 * county party committee duty office beside the county government's).
 */
export function makeHandler(deps: NotifyAtOnceDependencies) {
  return async (input: NotifyAtOnceInput): Promise<NotifyAtOnceResult> => {
    const incident = await deps.incidents.getIncident(input.incidentId);
    if (!incident) throw new IncidentNotFoundError(input.incidentId);
    // The execution runs: the sweep, which starts one for an incident without, knows it from here.
    if (!incident.watchedAt) await deps.incidents.markIncidentWatched(incident.incidentId, deps.now().toISOString());
    const directory = await deps.directory.current();
    const units = notificationUnits(incident, deps.policy, directory);
    const { routed, outgoing } = immediateNotificationMessages({
      incident,
      policy: deps.policy,
      directory,
      coverage: await coverageNow(deps, units, deps.now()),
      consoleUrl: deps.consoleUrl,
    });
    const { notified, failures } = await deliverMessages(
      deps,
      {
        incidentId: incident.incidentId,
        messageKey: 'immediate',
        purpose: 'notification',
        eventUnitId: incident.unitId,
      },
      outgoing,
    );
    if (failures.length > 0)
      throw new EscalationDeliveryError(
        `Immediate notifications of ${incident.incidentId} not fully sent: ${failures.join('; ')}`,
      );
    return { routed: routed.map(({ unitId, reasons }) => ({ unitId, reasons })), notified };
  };
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    policy: defaultPolicy,
    publicApiUrl: requireEnvironment('PUBLIC_API_URL'),
    consoleUrl: requireEnvironment('CONSOLE_URL'),
    smsRateLimit: smsRateLimitFromEnvironment(),
    alarms: operatorAlarmsFromEnvironment(),
    now: () => new Date(),
  }),
);
