import { scaledMilliseconds } from '../domain/deadlines';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import { incidentStoreFromEnvironment, incidentWorkflowFromEnvironment } from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import type { IncidentStore } from '../shared/incident-store';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { logger } from '../shared/logger';
import { withMetrics } from '../shared/metrics';

export interface SweepDependencies {
  store: IncidentStore;
  workflow: Pick<IncidentWorkflow, 'ensureObligationWatch'>;
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
 * watch then checks the deadline at once and climbs the ladder from there.
 */
export function makeHandler(deps: SweepDependencies) {
  return async (): Promise<SweepResult> => {
    const now = deps.now();
    const grace = scaledMilliseconds(deps.policy.sweep.graceSecondsAfterDue / 60, deps.drillSpeed);
    const lookBack = scaledMilliseconds(deps.policy.sweep.lookBackMinutes, deps.drillSpeed);
    // Only what fell due in the look-back window: an older obligation still pending has had a whole window of sweeps already.
    const dueBy = new Date(now.getTime() - grace);
    const candidates = (await deps.store.openObligationsDueBy(dueBy, new Date(dueBy.getTime() - lookBack))).filter((obligation) => obligation.status === 'pending');
    const started: string[] = [];
    for (const obligation of candidates) {
      const { executionArn, watch } = await deps.workflow.ensureObligationWatch(obligation);
      if (watch !== 'started') continue;
      started.push(executionArn);
      logger.warn('Deadline found unwatched; its watch was started by the sweep', { incidentId: obligation.incidentId, obligationId: obligation.obligationId, dueAt: obligation.dueAt });
      await deps.store.appendEvent({
        incidentId: obligation.incidentId, at: deps.now().toISOString(), type: 'watch-started', actor: 'system:deadline-sweep', unitId: obligation.unitId,
        detail: { obligationId: obligation.obligationId, dueAt: obligation.dueAt, executionArn, reason: 'found pending after its deadline with no watch' },
      });
    }
    return { checked: candidates.length, started };
  };
}

export const handler = withMetrics(makeHandler({
  store: incidentStoreFromEnvironment(), workflow: incidentWorkflowFromEnvironment(), policy: defaultPolicy, drillSpeed: drillSpeedFromEnvironment(), now: () => new Date(),
}));
