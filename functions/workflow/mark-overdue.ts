import type { Obligation } from '../domain/obligations';
import type { Repositories } from '../shared/repositories';
import { logger } from '../shared/logger';
import { SERVICE_METRICS } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';

/**
 * R-WRITTEN-30: pending → overdue, recorded once in the timeline. The conditional write makes
 * the deadline check and the escalation step safe to run in either order, or twice; a report
 * filed at the same moment wins or loses cleanly. True when this call made it overdue.
 */
export async function markOverdue(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  obligation: Obligation,
  now: Date,
): Promise<boolean> {
  if (obligation.status !== 'pending') return false;
  if (!(await repos.obligations.markObligationOverdue(obligation.incidentId, obligation.obligationId))) return false;
  await repos.audit.appendEvent({
    incidentId: obligation.incidentId,
    at: now.toISOString(),
    type: 'obligation-overdue',
    actor: 'system:deadline-watch',
    unitId: obligation.unitId,
    detail: { obligationId: obligation.obligationId, dueAt: obligation.dueAt },
  });
  countMetric(SERVICE_METRICS.names.obligationsMissed);
  logger.info('Obligation overdue', {
    incidentId: obligation.incidentId,
    obligationId: obligation.obligationId,
    dueAt: obligation.dueAt,
  });
  return true;
}
