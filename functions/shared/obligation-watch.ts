import type { Obligation } from '../domain/obligations';
import type { IncidentStore } from './incident-store';
import type { IncidentWorkflow } from './incident-workflow';

/** Stores a new obligation and, only when it is new, its `obligation-opened` event (R-LIFECYCLE, R-AUDIT). */
export async function recordObligation(store: IncidentStore, obligation: Obligation, actor: string): Promise<void> {
  if (!(await store.putObligation(obligation))) return;
  await store.appendEvent({
    incidentId: obligation.incidentId, at: new Date().toISOString(), type: 'obligation-opened', actor, unitId: obligation.unitId,
    detail: {
      obligationId: obligation.obligationId, kind: obligation.kind, openedAt: obligation.openedAt, dueAt: obligation.dueAt,
      remindAt: obligation.remindAt, policyVersion: obligation.policyVersion,
    },
  });
}

/**
 * Opens an obligation and starts the execution that watches it: the obligation item, its
 * event, then the execution named after it. Every part is idempotent — a conditional put, an
 * event only when the put was new, a named execution — so a retried caller opens nothing
 * twice. Returns the execution's ARN.
 */
export async function openAndWatchObligation(store: IncidentStore, workflow: IncidentWorkflow, obligation: Obligation, actor: string): Promise<string> {
  await recordObligation(store, obligation, actor);
  return workflow.watchObligation(obligation);
}
