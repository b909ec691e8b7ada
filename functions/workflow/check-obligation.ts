import { ObligationNotFoundError } from '../domain/errors';
import {
  isOpen,
  nextEscalationOf,
  nextEscalationRound,
  statusAtDeadline,
  type NextEscalation,
  type ObligationStatus,
} from '../domain/obligations';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import type { Repositories } from '../shared/repositories';
import { markOverdue } from './mark-overdue';
import { withMetrics } from '../shared/metrics';

/** The task input: IDs only, the rest is read from the table. */
export interface CheckObligationInput {
  incidentId: string;
  obligationId: string;
}

export interface CheckObligationResult {
  obligationId: string;
  status: ObligationStatus;
  dueAt: string;
  /** R-LADDER: the first escalation round to wait for, or null when the document is in. */
  nextEscalation: NextEscalation;
}

export interface CheckObligationDependencies extends Pick<Repositories, 'obligations' | 'audit'> {
  now: () => Date;
}

/**
 * Task "Check the document at its deadline" (R-LIFECYCLE, R-WRITTEN-30, R-VERIFY-20-40,
 * R-INSTRUCTION-12H, R-FOLLOWUP): an obligation still pending at its deadline becomes `overdue`
 * (conditional write: a document filed at the same moment wins or loses cleanly), and the
 * state machine learns whether it was filed and when the ladder starts.
 */
export function makeHandler(deps: CheckObligationDependencies) {
  return async (input: CheckObligationInput): Promise<CheckObligationResult> => {
    const obligation = await deps.obligations.getObligation(input.incidentId, input.obligationId);
    if (!obligation) throw new ObligationNotFoundError(input.incidentId, input.obligationId);
    let status = obligation.status;
    if (statusAtDeadline(obligation, deps.now()) === 'overdue') {
      // Lost the race when false: a document settled it meanwhile; answer with what is stored now.
      status = (await markOverdue(deps, obligation, deps.now()))
        ? 'overdue'
        : ((await deps.obligations.getObligation(input.incidentId, input.obligationId))?.status ?? status);
    }
    const first = isOpen(status) ? nextEscalationRound(obligation) : null;
    return {
      obligationId: obligation.obligationId,
      status,
      dueAt: obligation.dueAt,
      nextEscalation: nextEscalationOf(first),
    };
  };
}

export const handler = withMetrics(makeHandler({ ...repositoriesFromEnvironment(), now: () => new Date() }));
