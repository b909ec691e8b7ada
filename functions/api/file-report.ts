import { actorOf, requireUnitAccess } from '../domain/access';
import { missingElements, REPORT_ELEMENT_FIELDS, REPORT_ELEMENT_NAMES, type ReportElement } from '../domain/elements';
import { IncidentClosedError, IncidentNotFoundError, MissingElementsError } from '../domain/errors';
import { newReportId, type Incident, type Report } from '../domain/incident';
import { isOpen, type Obligation } from '../domain/obligations';
import { idempotencyStoreFromEnvironment, incidentStoreFromEnvironment, incidentWorkflowFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter, requireNotFuture } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { settleObligationWith, type FiledDocument } from '../shared/settlement';
import type { IdempotencyStore } from '../shared/idempotency';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { reportSchema, type ReportRequest } from './schemas';

export interface FileReportDependencies {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  store: IncidentStore;
  workflow: IncidentWorkflow;
  now: () => Date;
}

/**
 * R-LIFECYCLE: the obligations a report meets.
 * - written: the written report owed after a phone first report (R-WRITTEN-30);
 * - follow-up: the earliest follow-up report owed (R-FOLLOWUP);
 * - final: both of those, every follow-up still owed — the final report is complete by rule.
 */
function obligationsMetBy(kind: ReportRequest['kind'], obligations: Obligation[]): Obligation[] {
  const open = obligations.filter((obligation) => isOpen(obligation.status));
  const written = open.filter((obligation) => obligation.kind === 'written-report');
  const followUps = open.filter((obligation) => obligation.kind === 'follow-up').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  switch (kind) {
    case 'written':
      return written;
    case 'follow-up':
      return followUps.slice(0, 1);
    case 'final':
      return [...written, ...followUps];
  }
}

function describeElements(elements: ReportElement[]) {
  return elements.map((element) => ({ element, field: REPORT_ELEMENT_FIELDS[element], name: REPORT_ELEMENT_NAMES[element] }));
}

/**
 * `POST /incidents/{incidentId}/reports` — a written, follow-up or final report (R-LIFECYCLE).
 *
 * R-ELEMENTS: the report is checked for the required elements; a written or follow-up report
 * that lacks some is accepted and the response names what is missing; a final report that
 * lacks some is rejected (422) and nothing is written. The final report closes the incident,
 * meets the written and follow-up obligations still owed, and stops the incident's execution;
 * anything filed after it is refused (409).
 */
export function makeHandler(deps: FileReportDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/reports'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const request = parseBody(reportSchema, event.body);
      requireNotFuture('occurredAt', request.occurredAt, deps.now());
      // Only what the report needs: not the messages or the whole audit chain.
      const incident = await deps.store.getIncident(incidentId);
      if (!incident) throw new IncidentNotFoundError(incidentId);
      requireUnitAccess(principal, incident.unitId);
      if (incident.status === 'closed') throw new IncidentClosedError(incidentId, incident.closedAt);
      const missing = missingElements(request, incident);
      if (request.kind === 'final' && missing.length > 0) {
        throw new MissingElementsError(missing.map((element) => ({
          field: REPORT_ELEMENT_FIELDS[element],
          message: `Missing element: ${REPORT_ELEMENT_NAMES[element]['zh-CN']} (${REPORT_ELEMENT_NAMES[element].en})`,
        })));
      }
      const actor = actorOf(principal);
      const report: Report = {
        incidentId,
        reportId: newReportId(),
        kind: request.kind,
        channel: 'written',
        unitId: incident.unitId,
        receivedAt: deps.now().toISOString(),
        summary: request.summary,
        ...(request.occurredAt ? { occurredAt: new Date(request.occurredAt).toISOString() } : {}),
        location: request.location,
        cause: request.cause,
        casualties: request.casualties,
        losses: request.losses,
        measuresTaken: request.measuresTaken,
        trend: request.trend,
        reporter: request.reporter,
        lateReason: request.lateReason,
        ...(missing.length > 0 ? { missingElements: missing } : {}),
      };
      await deps.store.putReport(report);
      await deps.store.appendEvent({
        incidentId, at: report.receivedAt, type: 'report-filed', actor, unitId: incident.unitId,
        detail: { reportId: report.reportId, kind: report.kind, missingElements: missing },
      });
      // R-INTAKE: a phone first report stays unverified until a written report completes it.
      if (!incident.verified && incident.source === 'unit') await deps.store.markIncidentVerified(incidentId);
      const document: FiledDocument = { documentId: report.reportId, filedAt: report.receivedAt, unitId: incident.unitId, actor, lateReason: request.lateReason };
      const settled: Obligation[] = [];
      for (const obligation of obligationsMetBy(request.kind, await deps.store.obligationsOf(incidentId))) {
        const now = await settleObligationWith(deps.store, incidentId, obligation.obligationId, document, deps.workflow);
        if (now) settled.push(now);
      }
      let incidentStatus: Incident['status'] = 'open';
      if (request.kind === 'final') {
        // Two final reports at once: one closes the incident, the other is kept as filed and refused.
        if (!(await deps.store.closeIncident(incidentId, report.receivedAt))) throw new IncidentClosedError(incidentId);
        incidentStatus = 'closed';
        await deps.store.appendEvent({
          incidentId, at: report.receivedAt, type: 'incident-closed', actor, unitId: incident.unitId, detail: { reportId: report.reportId },
        });
        const stopped = await deps.workflow.stopIncident(incidentId, `Final report ${report.reportId} closed the incident`);
        await deps.store.appendEvent({
          incidentId, at: deps.now().toISOString(), type: 'execution-stopped', actor, unitId: incident.unitId,
          detail: { executionName: incidentId, stopped },
        });
      }
      return json(
        201,
        { report, incidentStatus, obligations: settled, missingElements: describeElements(missing) },
        { location: `/incidents/${incidentId}` },
      );
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/reports' } },
  );
}

export const handler = makeHandler({
  store: incidentStoreFromEnvironment(), workflow: incidentWorkflowFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), now: () => new Date(),
});
