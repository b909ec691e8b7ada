import { actorOf } from '../domain/access';
import { requireAttachableToReport, type Attachment } from '../domain/attachments';
import { AttachmentRefusedError, IncidentBusyError } from '../domain/errors';
import { defaultPolicy, type AttachmentPolicy } from '../domain/policy';
import { obligationsMetByReport, type Obligation } from '../domain/obligations';
import { describeElements, requireReportElements, writtenReport } from '../domain/reports';
import {
  idempotencyStoreFromEnvironment,
  repositoriesFromEnvironment,
  incidentWorkflowFromEnvironment,
  requestPinsFromEnvironment,
} from '../shared/dependencies';
import { whileIncidentOpen } from '../shared/filing';
import { json, parseBody, pathParameter, requireNotFuture } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { closeWithFinalReport } from '../shared/final-report';
import { pinRequest, type RequestPins } from '../shared/request-pins';
import { settleObligationWith, type FiledDocument } from '../shared/settlement';
import type { IdempotencyStore } from '../shared/idempotency';
import { httpEndpoint } from './endpoint';
import { requireOpenIncident } from './incident-guards';
import { rolesFor } from './routes';
import { reportSchema } from './schemas';

export interface FileReportDependencies extends Pick<
  Repositories,
  'incidents' | 'documents' | 'obligations' | 'audit' | 'attachments'
> {
  /** R-INTAKE: the per-document limits on photos and videos (default: the policy's). */
  attachmentPolicy?: AttachmentPolicy;
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Pins a keyed request's clock and IDs, so a retry after a crash converges on the same report. */
  pins?: RequestPins;
  workflow: IncidentWorkflow;
  now: () => Date;
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
      const missing = requireReportElements(request, incident);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const actor = actorOf(principal);
      const { kind, lateReason } = request;
      const report = writtenReport({ request, incident, missing, receivedAt: pin.at, seed: pin.seed });
      const document: FiledDocument = {
        documentId: report.reportId,
        filedAt: report.receivedAt,
        unitId: incident.unitId,
        actor,
        lateReason,
      };
      // R-INTAKE: every attachment named is a completed one of this incident and unit, on no other document, and
      // together within the per-document limits — checked before anything is written.
      const attachmentIds = request.attachmentIds ?? [];
      const attachments: Attachment[] =
        attachmentIds.length === 0
          ? []
          : requireAttachableToReport(
              deps.attachmentPolicy ?? defaultPolicy.attachments,
              incident,
              attachmentIds,
              new Map(
                (await deps.attachments.attachmentsOf(incidentId)).map((attachment) => [
                  attachment.attachmentId,
                  attachment,
                ]),
              ),
              report.reportId,
            );
      const settled = await whileIncidentOpen(deps, incidentId, report.reportId, deps.now, async () => {
        // Each attachment goes on one document for good: of two reports racing for one, the second is refused and
        // gives back what it had claimed.
        const claimed: Attachment[] = [];
        for (const [index, attachment] of attachments.entries()) {
          if (await deps.attachments.attachToReport(incidentId, attachment.attachmentId, report.reportId)) {
            claimed.push(attachment);
            continue;
          }
          for (const mine of claimed)
            await deps.attachments.releaseFromReport(incidentId, mine.attachmentId, report.reportId);
          throw new AttachmentRefusedError([
            { field: `attachmentIds.${index}`, message: 'Already attached to another report' },
          ]);
        }
        // R-LIFECYCLE: one final report: another being filed this moment refuses this one before anything of it is
        // stored.
        if (kind === 'final' && !(await deps.incidents.claimFinalReport(incidentId, report.reportId, deps.now()))) {
          throw new IncidentBusyError(incidentId, 'another final report is being filed on it');
        }
        if ((await deps.documents.putReport(report)) || pin.replay) {
          await deps.audit.appendEventOnce(
            {
              incidentId,
              at: report.receivedAt,
              type: 'report-filed',
              actor,
              unitId: incident.unitId,
              detail: {
                reportId: report.reportId,
                kind,
                missingElements: missing,
                // R-AUDIT: what was attached, each by its SHA-256 and size.
                ...(attachments.length > 0
                  ? {
                      attachments: attachments.map(({ attachmentId, contentType, size, sha256 }) => ({
                        attachmentId,
                        contentType,
                        size,
                        sha256,
                      })),
                    }
                  : {}),
              },
            },
            pin.replay,
          );
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
      return json(
        201,
        {
          report,
          incidentStatus: closed ? 'closed' : 'open',
          obligations: closed ?? settled,
          missingElements: describeElements(missing),
        },
        { location: `/incidents/${incidentId}` },
      );
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/reports' } },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  workflow: incidentWorkflowFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  pins: requestPinsFromEnvironment(),
  now: () => new Date(),
});
