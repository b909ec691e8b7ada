import { isOpen, settle, type Obligation } from '../domain/obligations';
import type { IncidentStore } from './incident-store';
import type { IncidentWorkflow } from './incident-workflow';
import { logger } from './logger';
import { SERVICE_METRICS } from './metric-names';
import { countMetric } from './metrics';

/** The document that meets an obligation: a report, a verification answer, instruction feedback. */
export interface FiledDocument {
  documentId: string;
  filedAt: string;
  unitId: string;
  actor: string;
  lateReason?: string;
}

// A settle races the deadline check (pending → overdue) at most once; a third try means something else is wrong.
const SETTLE_ATTEMPTS = 3;

/**
 * R-LIFECYCLE: settles an open obligation with a document filed at `filedAt`: met at or before
 * the deadline, late after it (with the unit's 迟报原因, if given). The conditional write
 * decides the race with the deadline check; on a lost race the obligation is read again and
 * settled from its new status. With a workflow, the obligation's watch is then stopped.
 * Returns the obligation as it now stands (unchanged when it was already settled), or
 * undefined when there is no such obligation.
 */
export async function settleObligationWith(
  store: IncidentStore,
  incidentId: string,
  obligationId: string,
  document: FiledDocument,
  workflow?: Pick<IncidentWorkflow, 'stopObligationWatch'>,
): Promise<Obligation | undefined> {
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const obligation = await store.getObligation(incidentId, obligationId);
    if (!obligation || !isOpen(obligation.status)) return obligation;
    const status = settle(obligation, new Date(document.filedAt));
    const lateReason = status === 'late' ? document.lateReason : undefined;
    const settled = await store.settleObligation(incidentId, obligationId, obligation.status, {
      status, metAt: document.filedAt, metByDocumentId: document.documentId, lateReason,
    });
    if (settled) {
      countMetric(status === 'met' ? SERVICE_METRICS.names.obligationsMet : SERVICE_METRICS.names.obligationsLate);
      await store.appendEvent({
        incidentId, at: document.filedAt, type: status === 'met' ? 'obligation-met' : 'obligation-late', actor: document.actor, unitId: document.unitId,
        detail: { obligationId, kind: obligation.kind, dueAt: obligation.dueAt, metAt: document.filedAt, documentId: document.documentId, ...(lateReason ? { lateReason } : {}) },
      });
      // The watch has nothing left to do. Best effort: a watch not stopped finds the document at its check and ends itself.
      await workflow?.stopObligationWatch({ incidentId, obligationId }, `${document.documentId} met ${obligationId}`).catch((error: Error) => {
        logger.warn('Obligation watch not stopped; it will end at its deadline check', { incidentId, obligationId, error: error.message });
      });
      return { ...obligation, status, metAt: document.filedAt, metByDocumentId: document.documentId, ...(lateReason ? { lateReason } : {}) };
    }
  }
  throw new Error(`Could not settle obligation ${obligationId} of ${incidentId} after ${SETTLE_ATTEMPTS} attempts`);
}
