import { finalReportSettlements, isOpen, settle, type Obligation } from '../domain/obligations';
import { StoreError } from '../domain/errors';
import type { Repositories } from './repositories';
import type { NewAuditEvent } from '../domain/audit-chain';
import type { IncidentWorkflow } from './incident-workflow';
import { logger } from './logger';
import { SERVICE_METRICS, type ServiceMetricName } from './metric-names';
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

/** What one settlement does to an open obligation: its conditional write, and what it records once that write held. */
interface Transition {
  write: () => Promise<boolean>;
  event: NewAuditEvent;
  settled: Obligation;
  /** Why the obligation's watch is stopped (StopExecution's cause). */
  cause: string;
  counted?: ServiceMetricName;
}

/**
 * Takes an open obligation out of the open ones — met, late or closed — with a conditional write
 * from the status it was read in. A lost race (the deadline check made it overdue, a document
 * met it) reads it again and decides again; once it is no longer open, it is returned as it
 * stands. The write that held is recorded once, and the obligation's watch stopped (best effort:
 * a watch not stopped finds the obligation settled at its next step and ends itself).
 */
async function settleOpen(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  incidentId: string,
  obligationId: string,
  workflow: Pick<IncidentWorkflow, 'stopObligationWatch'> | undefined,
  decide: (obligation: Obligation) => Transition,
): Promise<Obligation | undefined> {
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const obligation = await repos.obligations.getObligation(incidentId, obligationId);
    if (!obligation || !isOpen(obligation.status)) return obligation;
    const transition = decide(obligation);
    if (!(await transition.write())) continue;
    if (transition.counted) countMetric(transition.counted);
    await repos.audit.appendEvent(transition.event);
    await workflow?.stopObligationWatch({ incidentId, obligationId }, transition.cause).catch((error: Error) => {
      logger.warn('Obligation watch not stopped; it ends at its next step', {
        incidentId,
        obligationId,
        error: error.message,
      });
    });
    return transition.settled;
  }
  throw new StoreError(
    `Could not settle obligation ${obligationId} of ${incidentId} after ${SETTLE_ATTEMPTS} attempts`,
  );
}

/**
 * R-LIFECYCLE: settles an open obligation with a document filed at `filedAt`: met at or before
 * the deadline, late after it (with the unit's 迟报原因, if given), and stops its watch. Returns
 * the obligation as it now stands (unchanged when it was already settled), or undefined when
 * there is no such obligation.
 */
export async function settleObligationWith(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  incidentId: string,
  obligationId: string,
  document: FiledDocument,
  workflow?: Pick<IncidentWorkflow, 'stopObligationWatch'>,
): Promise<Obligation | undefined> {
  return settleOpen(repos, incidentId, obligationId, workflow, (obligation) => {
    const status = settle(obligation, new Date(document.filedAt));
    const lateReason = status === 'late' ? document.lateReason : undefined;
    return {
      write: () =>
        repos.obligations.settleObligation(incidentId, obligationId, obligation.status, {
          status,
          metAt: document.filedAt,
          metByDocumentId: document.documentId,
          lateReason,
        }),
      event: {
        incidentId,
        at: document.filedAt,
        type: status === 'met' ? 'obligation-met' : 'obligation-late',
        actor: document.actor,
        unitId: document.unitId,
        detail: {
          obligationId,
          kind: obligation.kind,
          dueAt: obligation.dueAt,
          metAt: document.filedAt,
          documentId: document.documentId,
          ...(lateReason ? { lateReason } : {}),
        },
      },
      settled: {
        ...obligation,
        status,
        metAt: document.filedAt,
        metByDocumentId: document.documentId,
        ...(lateReason ? { lateReason } : {}),
      },
      cause: `${document.documentId} met ${obligationId}`,
      counted: status === 'met' ? SERVICE_METRICS.names.obligationsMet : SERVICE_METRICS.names.obligationsLate,
    };
  });
}

/**
 * R-LIFECYCLE: closes an obligation the final report found still owed (not a report it meets):
 * `closed` in the state it was in, recorded, and its watch stopped. Returns the obligation as it
 * now stands.
 */
export async function closeObligationWith(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  incidentId: string,
  obligationId: string,
  document: FiledDocument,
  workflow?: Pick<IncidentWorkflow, 'stopObligationWatch'>,
): Promise<Obligation | undefined> {
  return settleOpen(repos, incidentId, obligationId, workflow, (obligation) => {
    const closedWhile = obligation.status === 'overdue' ? 'overdue' : 'pending';
    return {
      write: () =>
        repos.obligations.closeObligation(incidentId, obligationId, closedWhile, document.filedAt, document.documentId),
      event: {
        incidentId,
        at: document.filedAt,
        type: 'obligation-closed',
        actor: document.actor,
        unitId: obligation.unitId,
        detail: {
          obligationId,
          kind: obligation.kind,
          dueAt: obligation.dueAt,
          closedWhile,
          documentId: document.documentId,
        },
      },
      settled: {
        ...obligation,
        status: 'closed',
        closedWhile,
        closedAt: document.filedAt,
        closedByDocumentId: document.documentId,
      },
      cause: `${document.documentId} closed the incident`,
    };
  });
}

/**
 * R-LIFECYCLE: after the final report closed the incident, every obligation still open is
 * settled — the written and follow-up reports it meets (met or late), everything else closed —
 * and every watch is stopped. Run by the final report, and again by any watch that finds its
 * incident closed (a final report that stopped half-way), so nothing stays owed or escalates.
 */
export async function settleAtFinalReport(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  incidentId: string,
  finalReport: FiledDocument,
  workflow?: Pick<IncidentWorkflow, 'stopObligationWatch'>,
): Promise<Obligation[]> {
  const settled: Obligation[] = [];
  for (const settlement of finalReportSettlements(await repos.obligations.obligationsOf(incidentId))) {
    const { obligationId } = settlement.obligation;
    const now =
      settlement.outcome === 'filed'
        ? await settleObligationWith(repos, incidentId, obligationId, finalReport, workflow)
        : await closeObligationWith(repos, incidentId, obligationId, finalReport, workflow);
    if (now) settled.push(now);
  }
  return settled;
}

/** The one document an obligation takes (a verification answer, instruction feedback), as settlement sees it. */
export interface ObligationDocument extends Omit<FiledDocument, 'actor' | 'unitId'> {
  /** Who filed it (R-AUDIT actor). */
  filedBy: string;
}

/**
 * R-VERIFY-20-40, R-INSTRUCTION-12H: files the one document an obligation takes. The document is
 * keyed by the obligation, so of documents racing each other exactly one is stored; the filer
 * whose document that is records it and settles the obligation, every other gets `refused()`
 * (409) with nothing of its own written. A document found stored whose obligation is still open
 * (its filer stopped half-way) settles it now, credited to its filer. A replay of the same
 * request (pinned IDs) finds its own document and finishes what the first run began.
 */
export async function fileOneDocument(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  workflow: Pick<IncidentWorkflow, 'stopObligationWatch'>,
  target: { incidentId: string; obligationId: string; unitId: string },
  ours: ObligationDocument,
  writes: {
    put: () => Promise<boolean>;
    stored: () => Promise<ObligationDocument | undefined>;
    recorded: NewAuditEvent;
    afterRecorded?: () => Promise<void>;
  },
  replay: boolean,
  refused: () => Error,
): Promise<Obligation | undefined> {
  const stored = (await writes.put()) ? ours : await writes.stored();
  const isOurs = stored?.documentId === ours.documentId;
  if (isOurs) {
    await repos.audit.appendEventOnce(writes.recorded, replay);
    await writes.afterRecorded?.();
  }
  const settled = stored
    ? await settleObligationWith(
        repos,
        target.incidentId,
        target.obligationId,
        { ...stored, actor: stored.filedBy, unitId: target.unitId },
        workflow,
      )
    : undefined;
  if (!isOurs) throw refused();
  return settled;
}

/**
 * R-LIFECYCLE: a watch that finds its incident closed while its obligation is still open — a
 * final report that stopped half-way — finishes the final report's settlement itself, so
 * nothing escalates after the incident closed. True when the incident is closed.
 */
export async function settleIfIncidentClosed(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  incident:
    { incidentId: string; unitId: string; status: string; closedAt?: string; closedByReportId?: string } | undefined,
): Promise<boolean> {
  if (incident?.status !== 'closed') return false;
  await settleAtFinalReport(repos, incident.incidentId, {
    documentId: incident.closedByReportId ?? 'final-report',
    filedAt: incident.closedAt ?? new Date().toISOString(),
    unitId: incident.unitId,
    actor: 'system:deadline-watch',
  });
  return true;
}
