import { dueAfter, waitTimestamp } from '../domain/deadlines';
import { requireUnit } from '../domain/directory';
import { IncidentClosedError, IncidentNotFoundError } from '../domain/errors';
import { whileIncidentOpen } from '../shared/filing';
import { openObligation } from '../domain/obligations';
import { followUpCadenceMinutes } from '../domain/policy';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { openAndWatchObligation, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import { withMetrics } from '../shared/metrics';

export interface OpenFollowUpInput {
  incidentId: string;
  /** How many follow-ups were opened before this one. */
  followUpsOpened: number;
}

/** The task output: the follow-up now owed, or why none is. */
export interface OpenFollowUpResult {
  incidentOpen: boolean;
  followUpsDue: boolean;
  number: number;
  obligationId: string | null;
  dueAt: string | null;
  executionArn: string | null;
}

export type OpenFollowUpDependencies = ObligationOpeningDependencies;

/**
 * Task "Open the next follow-up report obligation" (R-FOLLOWUP): while the incident is open,
 * follow-up number n is due n cadences after the first report, the cadence set by severity.
 * Opens it and starts its watch (both idempotent); answers when it is due, so the incident's
 * execution waits until then and opens the next one.
 */
export function makeHandler(deps: OpenFollowUpDependencies) {
  return async (input: OpenFollowUpInput): Promise<OpenFollowUpResult> => {
    const incident = await deps.incidents.getIncident(input.incidentId);
    if (!incident) throw new IncidentNotFoundError(input.incidentId);
    const none = { number: input.followUpsOpened, obligationId: null, dueAt: null, executionArn: null };
    if (incident.status !== 'open') return { incidentOpen: false, followUpsDue: false, ...none };
    const cadence = followUpCadenceMinutes(deps.policy, incident.severity);
    if (cadence === null) return { incidentOpen: true, followUpsDue: false, ...none };
    const number = input.followUpsOpened + 1;
    const receivedAt = new Date(incident.receivedAt);
    const obligation = openObligation({
      incidentId: incident.incidentId,
      obligationId: `follow-up-${number}`,
      kind: 'follow-up',
      unit: requireUnit(await deps.directory.current(), incident.unitId),
      openedAt: dueAfter(receivedAt, cadence * (number - 1), deps.drillSpeed),
      dueAt: dueAfter(receivedAt, cadence * number, deps.drillSpeed),
      now: deps.now(),
      policy: deps.policy,
      drillSpeed: deps.drillSpeed,
      origin: { followUpNumber: number },
    });
    // R-LIFECYCLE: opened only while the incident is open — a final report racing this step closes it before or after,
    // never around it.
    try {
      const executionArn = await whileIncidentOpen(deps, incident.incidentId, obligation.obligationId, deps.now, () =>
        openAndWatchObligation(deps, deps.workflow, obligation, 'system:deadline-watch', deps.now()),
      );
      return {
        incidentOpen: true,
        followUpsDue: true,
        number,
        obligationId: obligation.obligationId,
        dueAt: waitTimestamp(obligation.dueAt),
        executionArn,
      };
    } catch (error) {
      if (error instanceof IncidentClosedError) return { incidentOpen: false, followUpsDue: false, ...none };
      throw error;
    }
  };
}

export const handler = withMetrics(makeHandler(obligationOpeningDependenciesFromEnvironment()));
