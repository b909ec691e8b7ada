import { ObligationNotFoundError } from '../domain/errors';
import { statusAtDeadline, type ObligationStatus } from '../domain/obligations';
import { incidentStoreFromEnvironment } from '../shared/dependencies';
import type { IncidentStore } from '../shared/incident-store';
import { markOverdue } from './mark-overdue';

/** The task input: IDs only, the rest is read from the table. */
export interface CheckObligationInput {
  incidentId: string;
  obligationId: string;
}

export interface CheckObligationResult {
  obligationId: string;
  status: ObligationStatus;
  dueAt: string;
}

export interface CheckObligationDependencies {
  store: IncidentStore;
  now: () => Date;
}

/**
 * Task "Check the written report at its deadline" (R-WRITTEN-30): an obligation still pending
 * at its deadline becomes `overdue` (conditional write: a report filed at the same moment
 * wins or loses cleanly), and the state machine learns whether it was filed.
 */
export function makeHandler(deps: CheckObligationDependencies) {
  return async (input: CheckObligationInput): Promise<CheckObligationResult> => {
    const obligation = await deps.store.getObligation(input.incidentId, input.obligationId);
    if (!obligation) throw new ObligationNotFoundError(input.incidentId, input.obligationId);
    const now = deps.now();
    if (statusAtDeadline(obligation, now) === 'overdue') {
      if (await markOverdue(deps.store, obligation, now)) return { obligationId: obligation.obligationId, status: 'overdue', dueAt: obligation.dueAt };
      // Lost the race: a report settled it meanwhile; answer with what is stored now.
      const current = await deps.store.getObligation(input.incidentId, input.obligationId);
      return { obligationId: obligation.obligationId, status: current?.status ?? obligation.status, dueAt: obligation.dueAt };
    }
    return { obligationId: obligation.obligationId, status: obligation.status, dueAt: obligation.dueAt };
  };
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), now: () => new Date() });
