import { IncidentNotFoundError } from '../domain/errors';
import { newReportId, type Report } from '../domain/incident';
import { isOpen, settle, type Obligation } from '../domain/obligations';
import { incidentStoreFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import { httpEndpoint } from './endpoint';
import { writtenReportSchema } from './schemas';

export interface FileReportDependencies {
  store: IncidentStore;
  now: () => Date;
}

// A settle races the deadline check (pending → overdue) at most once; a third try means something else is wrong.
const SETTLE_ATTEMPTS = 3;

/**
 * R-LIFECYCLE / R-WRITTEN-30: settles the open written-report obligation with a report filed
 * at `filedAt`: met at or before the deadline, late after it. The conditional write decides
 * the race with the deadline check; on a lost race the obligation is read again and settled
 * from its new status. Returns the obligation as it now stands, or undefined when none is owed.
 */
async function settleWrittenReportObligation(store: IncidentStore, report: Report): Promise<Obligation | undefined> {
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const obligation = await store.getObligation(report.incidentId, 'written-report');
    if (!obligation || !isOpen(obligation.status)) return obligation;
    const status = settle(obligation, new Date(report.receivedAt));
    const settled = await store.settleObligation(report.incidentId, obligation.obligationId, obligation.status, {
      status, metAt: report.receivedAt, metByReportId: report.reportId,
    });
    if (settled) {
      await store.appendEvent({
        incidentId: report.incidentId, at: report.receivedAt, type: status === 'met' ? 'obligation-met' : 'obligation-late',
        actor: `unit:${report.unitId}`, unitId: report.unitId,
        detail: { obligationId: obligation.obligationId, dueAt: obligation.dueAt, metAt: report.receivedAt, reportId: report.reportId },
      });
      return { ...obligation, status, metAt: report.receivedAt, metByReportId: report.reportId };
    }
  }
  throw new Error(`Could not settle obligation written-report of ${report.incidentId} after ${SETTLE_ATTEMPTS} attempts`);
}

/** `POST /incidents/{incidentId}/reports` — files the written report (R-WRITTEN-30). */
export function makeHandler(deps: FileReportDependencies) {
  return httpEndpoint(
    async (event) => {
      const incidentId = pathParameter(event, 'incidentId');
      const request = parseBody(writtenReportSchema, event.body);
      const incident = await deps.store.getIncident(incidentId);
      if (!incident) throw new IncidentNotFoundError(incidentId);
      const report: Report = {
        incidentId,
        reportId: newReportId(),
        kind: request.kind,
        channel: 'written',
        unitId: incident.unitId,
        receivedAt: deps.now().toISOString(),
        summary: request.summary,
        location: request.location,
        casualties: request.casualties,
        measuresTaken: request.measuresTaken,
        reporter: request.reporter,
      };
      await deps.store.putReport(report);
      await deps.store.appendEvent({
        incidentId, at: report.receivedAt, type: 'report-filed', actor: `unit:${incident.unitId}`, unitId: incident.unitId,
        detail: { reportId: report.reportId, kind: report.kind },
      });
      const obligation = await settleWrittenReportObligation(deps.store, report);
      return json(201, { report, obligations: obligation ? [obligation] : [] }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), now: () => new Date() });
