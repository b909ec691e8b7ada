import { scaledMilliseconds } from '../domain/deadlines';
import { incidentExecutionInput } from '../domain/incident';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import { repositoriesFromEnvironment, incidentWorkflowFromEnvironment } from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import type { Repositories } from '../shared/repositories';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { logger } from '../shared/logger';
import { withMetrics } from '../shared/metrics';

export interface SweepDependencies extends Pick<Repositories, 'incidents' | 'obligations' | 'audit'> {
  workflow: Pick<IncidentWorkflow, 'ensureObligationWatch' | 'ensureIncidentWatch'>;
  policy: ReportingPolicy;
  drillSpeed: number;
  now: () => Date;
}

export interface SweepResult {
  /** Obligations still pending this long after their deadline: their watch should have marked them overdue. */
  checked: number;
  /** Watches this run started: each had none. */
  started: string[];
}

/**
 * Scheduled every minute (locally: every minute of drill time) — R-LADDER: "a deadline always
 * escalates". An obligation is stored before its watch starts; if StartExecution then failed
 * (throttled, an outage, a crash between the two), nothing would ever watch it. Such an
 * obligation shows itself: still `pending` after its deadline, when its watch would have marked it
 * overdue. The sweep starts the watch of each one (the execution's name makes a second start of a
 * running watch harmless), and records in the incident's timeline every watch it started; the
 * watch then checks the deadline at once and climbs the ladder from there. The same for an open
 * incident whose own execution never ran (its first task marks it `watchedAt`): it is started, and
 * tells those who must know at once and opens the follow-ups.
 */
export function makeHandler(deps: SweepDependencies) {
  return async (): Promise<SweepResult> => {
    const now = deps.now();
    const grace = scaledMilliseconds(deps.policy.sweep.graceSecondsAfterDue / 60, deps.drillSpeed);
    const lookBack = scaledMilliseconds(deps.policy.sweep.lookBackMinutes, deps.drillSpeed);
    // Only what fell due in the look-back window: an older obligation still pending has had a whole window of sweeps
    // already.
    const dueBy = new Date(now.getTime() - grace);
    const candidates = (
      await deps.obligations.openObligationsDueBy(dueBy, new Date(dueBy.getTime() - lookBack))
    ).filter((obligation) => obligation.status === 'pending');
    const started: string[] = [];
    for (const obligation of candidates) {
      const { executionArn, watch } = await deps.workflow.ensureObligationWatch(obligation);
      if (watch !== 'started') continue;
      started.push(executionArn);
      logger.warn('Deadline found unwatched; its watch was started by the sweep', {
        incidentId: obligation.incidentId,
        obligationId: obligation.obligationId,
        dueAt: obligation.dueAt,
      });
      await deps.audit.appendEvent({
        incidentId: obligation.incidentId,
        at: deps.now().toISOString(),
        type: 'watch-started',
        actor: 'system:deadline-sweep',
        unitId: obligation.unitId,
        detail: {
          obligationId: obligation.obligationId,
          dueAt: obligation.dueAt,
          executionArn,
          reason: 'found pending after its deadline with no watch',
        },
      });
    }
    // R-DIRECT-CITY, R-HORIZONTAL, R-FOLLOWUP: an open incident whose own execution never ran (no one told at once, no
    // follow-ups opened).
    const receivedBy = dueBy.toISOString();
    const receivedAfter = new Date(dueBy.getTime() - lookBack).toISOString();
    const unwatched = (await deps.incidents.openIncidents()).filter(
      (incident) => !incident.watchedAt && incident.receivedAt <= receivedBy && incident.receivedAt > receivedAfter,
    );
    for (const incident of unwatched) {
      const { executionArn, watch } = await deps.workflow.ensureIncidentWatch(incidentExecutionInput(incident));
      if (watch !== 'started') continue;
      started.push(executionArn);
      logger.warn('Incident found unwatched; its execution was started by the sweep', {
        incidentId: incident.incidentId,
        receivedAt: incident.receivedAt,
      });
      await deps.audit.appendEvent({
        incidentId: incident.incidentId,
        at: deps.now().toISOString(),
        type: 'watch-started',
        actor: 'system:deadline-sweep',
        unitId: incident.unitId,
        detail: { executionArn, reason: 'its own execution never ran: immediate notifications and follow-ups' },
      });
    }
    return { checked: candidates.length + unwatched.length, started };
  };
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    workflow: incidentWorkflowFromEnvironment(),
    policy: defaultPolicy,
    drillSpeed: drillSpeedFromEnvironment(),
    now: () => new Date(),
  }),
);
