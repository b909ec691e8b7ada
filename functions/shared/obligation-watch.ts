import type { Directory } from '../domain/directory';
import type { Obligation } from '../domain/obligations';
import type { ReportingPolicy } from '../domain/policy';
import type { IdempotencyStore } from './idempotency';
import type { IncidentStore, NewAuditEvent } from './incident-store';
import type { IncidentWorkflow } from './incident-workflow';

/** What every handler that opens obligations needs: the table, the watches, the directory, the policy in force and the drill speed. */
export interface ObligationOpeningDependencies {
  store: IncidentStore;
  workflow: IncidentWorkflow;
  directory: Directory;
  policy: ReportingPolicy;
  drillSpeed: number;
  now: () => Date;
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
}

/** Stores a new obligation and, only when it is new, its `obligation-opened` event (R-LIFECYCLE, R-AUDIT). */
export async function recordObligation(store: IncidentStore, obligation: Obligation, actor: string, now: Date): Promise<void> {
  if (!(await store.putObligation(obligation))) return;
  await store.appendEvent(obligationOpenedEvent(obligation, actor, now));
}

/** R-AUDIT: the `obligation-opened` event: when it is due, and under which policy version. */
export function obligationOpenedEvent(obligation: Obligation, actor: string, now: Date): NewAuditEvent {
  return {
    incidentId: obligation.incidentId, at: now.toISOString(), type: 'obligation-opened', actor, unitId: obligation.unitId,
    detail: {
      obligationId: obligation.obligationId, kind: obligation.kind, openedAt: obligation.openedAt, dueAt: obligation.dueAt,
      remindAt: obligation.remindAt, policyVersion: obligation.policyVersion,
    },
  };
}

/**
 * Opens an obligation and starts the execution that watches it: the obligation item, its
 * event, then the execution named after it. Every part is idempotent — a conditional put, an
 * event only when the put was new, a named execution — so a retried caller opens nothing
 * twice. Returns the execution's ARN.
 */
export async function openAndWatchObligation(store: IncidentStore, workflow: IncidentWorkflow, obligation: Obligation, actor: string, now: Date): Promise<string> {
  await recordObligation(store, obligation, actor, now);
  return workflow.watchObligation(obligation);
}
