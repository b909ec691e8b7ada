import { EscalationDeliveryError, ObligationNotFoundError } from '../domain/errors';
import { obligationName } from '../domain/messages';
import { reminderMessages } from '../domain/outgoing';
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
import { settleIfIncidentClosed } from '../shared/settlement';

export interface RemindObligationInput {
  incidentId: string;
  obligationId: string;
}

export interface RemindObligationResult {
  reminded: boolean;
  reason: string;
  notified: NotifiedContact[];
}

export type RemindObligationDependencies = MessageTaskDependencies & Pick<Repositories, 'incidents' | 'obligations'>;

/**
 * Task "Remind the unit before the deadline" (R-LADDER, before its first step): one reminder to
 * the duty contact of the unit that owes the document, unless it was filed already — or the
 * deadline has already passed (a watch started late), when the first escalation step says it.
 */
export function makeHandler(deps: RemindObligationDependencies) {
  return async (input: RemindObligationInput): Promise<RemindObligationResult> => {
    const obligation = await deps.obligations.getObligation(input.incidentId, input.obligationId);
    if (!obligation) throw new ObligationNotFoundError(input.incidentId, input.obligationId);
    if (obligation.status !== 'pending') {
      return {
        reminded: false,
        reason: `${obligationName(obligation.kind, 'en')} already ${obligation.status}`,
        notified: [],
      };
    }
    const now = deps.now();
    // A watch started late (by the sweep, or resumed after an outage) is past its reminder and its deadline: the
    // escalation says it, not "due at …".
    if (now.getTime() >= Date.parse(obligation.dueAt))
      return {
        reminded: false,
        reason: `${obligationName(obligation.kind, 'en')} already past its deadline`,
        notified: [],
      };
    const incident = await deps.incidents.getIncident(obligation.incidentId);
    if (await settleIfIncidentClosed(deps, incident))
      return { reminded: false, reason: `incident ${obligation.incidentId} closed by its final report`, notified: [] };
    const { notified, failures } = await deliverMessages(
      deps,
      {
        incidentId: obligation.incidentId,
        messageKey: `${obligation.obligationId}#reminder`,
        purpose: 'reminder',
        obligationId: obligation.obligationId,
        eventUnitId: obligation.unitId,
      },
      reminderMessages({
        obligation,
        incident,
        directory: await deps.directory.current(),
        coverage: await coverageNow(deps, [obligation.unitId], now),
        consoleUrl: deps.consoleUrl,
        now,
      }),
    );
    if (failures.length > 0)
      throw new EscalationDeliveryError(
        `Reminder for ${obligation.incidentId}/${obligation.obligationId} not sent: ${failures.join('; ')}`,
      );
    return { reminded: true, reason: `${obligationName(obligation.kind, 'en')} due ${obligation.dueAt}`, notified };
  };
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    publicApiUrl: requireEnvironment('PUBLIC_API_URL'),
    consoleUrl: requireEnvironment('CONSOLE_URL'),
    smsRateLimit: smsRateLimitFromEnvironment(),
    alarms: operatorAlarmsFromEnvironment(),
    now: () => new Date(),
  }),
);
