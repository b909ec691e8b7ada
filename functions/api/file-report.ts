import { actorOf } from '../domain/access';
import { missingElements, REPORT_ELEMENT_FIELDS, REPORT_ELEMENT_NAMES, type ReportElement } from '../domain/elements';
import { IncidentClosedError, MissingElementsError } from '../domain/errors';
import { newReportId, type Incident, type Report } from '../domain/incident';
import { obligationsMetByReport, type Obligation } from '../domain/obligations';
import { idempotencyStoreFromEnvironment, repositoriesFromEnvironment, incidentWorkflowFromEnvironment, requestPinsFromEnvironment } from '../shared/dependencies';
import { whileIncidentOpen } from '../shared/filing';
import { json, parseBody, pathParameter, requireNotFuture } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { pinRequest, type RequestPin, type RequestPins } from '../shared/request-pins';
import { settleAtFinalReport, settleObligationWith, type FiledDocument } from '../shared/settlement';
import type { IdempotencyStore } from '../shared/idempotency';
import { httpEndpoint } from './endpoint';
import { requireOpenIncident } from './incident-guards';
import { rolesFor } from './routes';
import { reportSchema } from './schemas';

export interface FileReportDependencies extends Pick<Repositories, 'incidents' | 'documents' | 'obligations' | 'audit'> {
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Pins a keyed request's clock and IDs, so a retry after a crash converges on the same report. */
  pins?: RequestPins;
  workflow: IncidentWorkflow;
  now: () => Date;
}

function describeElements(elements: ReportElement[]) {
  return elements.map((element) => ({ element, field: REPORT_ELEMENT_FIELDS[element], name: REPORT_ELEMENT_NAMES[element] }));
}

// The final report waits this long for documents being filed at the same moment before it answers 409.
const CLOSE_WAIT_MS = 5_000;

/**
 * R-LIFECYCLE: closes the incident with the final report — once no other document is being
 * filed on it — then settles every obligation still owed and stops every watch. A replay of the
 * same request finds the incident closed by its own report and finishes what the first run began.
 */
async function closeWithFinalReport(deps: FileReportDependencies, incident: Incident, document: FiledDocument, pin: RequestPin): Promise<Obligation[]> {
  const { incidentId } = incident;
  // The incident closes when it closes: after every document being filed meanwhile is in, so no report's receipt is later than the close.
  let closedAt = deps.now().toISOString();
  for (const giveUpAt = Date.now() + CLOSE_WAIT_MS; ;) {
    closedAt = deps.now().toISOString();
    const closing = await deps.incidents.closeIncident(incidentId, closedAt, document.documentId, deps.now());
    if (closing.outcome === 'filing-in-progress' && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (closing.outcome === 'filing-in-progress') throw new IncidentClosedError(incidentId, undefined, 'another document is being filed on it: retry in a few seconds');
    if (closing.outcome === 'already-closed' && closing.closedByReportId !== document.documentId) throw new IncidentClosedError(incidentId, closing.closedAt);
    // A replay finds the incident closed by this very report: it carries on from there.
    if (closing.outcome === 'already-closed') closedAt = closing.closedAt ?? closedAt;
    break;
  }
  const event = { incidentId, at: closedAt, actor: document.actor, unitId: incident.unitId };
  await deps.audit.appendEventOnce({ ...event, type: 'incident-closed', detail: { reportId: document.documentId } }, pin.replay);
  const settled = await settleAtFinalReport(deps, incidentId, document, deps.workflow);
  const stopped = await deps.workflow.stopIncident(incidentId, `Final report ${document.documentId} closed the incident`);
  await deps.audit.appendEventOnce({ ...event, at: deps.now().toISOString(), type: 'execution-stopped', detail: { executionName: incidentId, stopped } }, pin.replay);
  return settled;
}

/**
 * `POST /incidents/{incidentId}/reports` — a written, follow-up or final report (R-LIFECYCLE).
 *
 * R-ELEMENTS: the report is checked for the required elements; a written or follow-up report
 * that lacks some is accepted and the response names what is missing; a final report that
 * lacks some is rejected (422) and nothing is written. A report is stored only while the
 * incident is open; the final report closes it, settles everything still owed and stops every
 * watch; anything filed after it is refused (409).
 */
export function makeHandler(deps: FileReportDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/reports'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const request = parseBody(reportSchema, event.body);
      requireNotFuture('occurredAt', request.occurredAt, deps.now());
      const incident = await requireOpenIncident(deps, principal, incidentId);
      const missing = missingElements(request, incident);
      if (request.kind === 'final' && missing.length > 0) {
        throw new MissingElementsError(missing.map((element) => ({
          field: REPORT_ELEMENT_FIELDS[element],
          message: `Missing element: ${REPORT_ELEMENT_NAMES[element]['zh-CN']} (${REPORT_ELEMENT_NAMES[element].en})`,
        })));
      }
      const pin = await pinRequest(deps.pins, event, deps.now);
      const actor = actorOf(principal);
      const { kind, occurredAt, lateReason, ...elements } = request;
      const report: Report = {
        incidentId, reportId: newReportId(pin.seed), kind, channel: 'written', unitId: incident.unitId, receivedAt: pin.at.toISOString(),
        ...elements, ...(occurredAt ? { occurredAt: new Date(occurredAt).toISOString() } : {}), lateReason, ...(missing.length > 0 ? { missingElements: missing } : {}),
      };
      const document: FiledDocument = { documentId: report.reportId, filedAt: report.receivedAt, unitId: incident.unitId, actor, lateReason };
      const settled = await whileIncidentOpen(deps, incidentId, report.reportId, deps.now, async () => {
        // R-LIFECYCLE: one final report: another being filed this moment refuses this one before anything of it is stored.
        if (kind === 'final' && !(await deps.incidents.claimFinalReport(incidentId, report.reportId, deps.now()))) {
          throw new IncidentClosedError(incidentId, undefined, 'another final report is being filed on it');
        }
        if (await deps.documents.putReport(report) || pin.replay) {
          await deps.audit.appendEventOnce({
            incidentId, at: report.receivedAt, type: 'report-filed', actor, unitId: incident.unitId, detail: { reportId: report.reportId, kind, missingElements: missing },
          }, pin.replay);
        }
        // R-INTAKE: a phone first report stays unverified until a written report completes it.
        if (!incident.verified && incident.source === 'unit') await deps.incidents.markIncidentVerified(incidentId);
        if (kind === 'final') return [];
        const met: Obligation[] = [];
        for (const obligation of obligationsMetByReport(kind, await deps.obligations.obligationsOf(incidentId))) {
          const now = await settleObligationWith(deps, incidentId, obligation.obligationId, document, deps.workflow);
          if (now) met.push(now);
        }
        return met;
      });
      const closed = kind === 'final' ? await closeWithFinalReport(deps, incident, document, pin) : undefined;
      return json(201, { report, incidentStatus: closed ? 'closed' : 'open', obligations: closed ?? settled, missingElements: describeElements(missing) }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/reports' } },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(), workflow: incidentWorkflowFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), pins: requestPinsFromEnvironment(), now: () => new Date(),
});
