import { findCategory, defaultTaxonomy, type Taxonomy } from '../domain/categories';
import { requireUnit } from '../domain/directory';
import { actorOf, requireRole, requireUnitAccess } from '../domain/access';
import { UnknownReferenceError } from '../domain/errors';
import { incidentExecutionInput, newDocumentId, newIncidentId, newReportId, type Incident, type Report, type VerificationRequest } from '../domain/incident';
import { deadlineFor, openObligation, type Obligation } from '../domain/obligations';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, requireNotFuture } from '../shared/http';
import { obligationOpenedEvent, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import type { ChainTip } from '../shared/incident-store';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { firstReportSchema } from './schemas';
import { SERVICE_METRICS } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';

export interface CreateIncidentDependencies extends ObligationOpeningDependencies {
  taxonomy: Taxonomy;
}

/**
 * `POST /incidents` — R-INTAKE: a unit files a first report. A phone report opens the
 * written-report obligation (R-WRITTEN-30); an item from the media opens a verification
 * obligation on the responsible unit at once (R-MEDIA). The incident's execution starts
 * (immediate notifications, follow-ups) and each obligation gets its own.
 *
 * Four DynamoDB calls (issue 6: `npm run bench` lists them): the events first (the chain of a
 * new incident needs no read), then the incident, its report, requests and obligations in one
 * batch — until it is in, GET answers 404, so a crash before it leaves nothing half-visible —
 * then each obligation's execution and the incident's, then the event that records them.
 */
export function makeHandler(deps: CreateIncidentDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents'),
    async (event, principal) => {
      const request = parseBody(firstReportSchema, event.body);
      requireNotFuture('occurredAt', request.occurredAt, deps.now());
      const unit = requireUnit(deps.directory, request.unitId);
      requireUnitAccess(principal, unit.unitId);
      // R-MEDIA: what the media and network monitoring find is logged by the duty office.
      if (request.source === 'media') requireRole(principal, ['duty-officer']);
      const category = findCategory(deps.taxonomy, request.category);
      if (!category) {
        throw new UnknownReferenceError([{ field: 'category', message: `No category "${request.category}" (see GET /categories)` }]);
      }
      const receivedAt = deps.now();
      const incidentId = newIncidentId(receivedAt);
      const fromMedia = request.source === 'media';
      const actor = actorOf(principal);
      const incident: Incident = {
        incidentId,
        unitId: unit.unitId,
        title: request.title,
        category: category.category.id,
        incidentClass: category.incidentClass.id,
        severity: request.severity,
        occurredAt: new Date(request.occurredAt).toISOString(),
        location: request.location,
        receivedAt: receivedAt.toISOString(),
        status: 'open',
        source: request.source,
        ...(request.mediaSource ? { mediaSource: request.mediaSource } : {}),
        verified: request.channel !== 'phone' && !fromMedia,
        firstReportChannel: request.channel,
        summary: request.summary,
        casualties: request.casualties,
        reporter: request.reporter,
      };
      const firstReport: Report = {
        incidentId,
        reportId: newReportId(),
        kind: 'first',
        channel: request.channel,
        unitId: unit.unitId,
        receivedAt: incident.receivedAt,
        summary: request.summary ?? request.title,
        location: request.location,
        casualties: request.casualties,
        reporter: request.reporter,
      };
      const obligationBasics = { incidentId, unit, openedAt: receivedAt, now: receivedAt, policy: deps.policy, drillSpeed: deps.drillSpeed };
      const obligations: Obligation[] = [];
      // R-WRITTEN-30: only a phone first report from the unit owes a written one.
      if (request.channel === 'phone' && !fromMedia) {
        obligations.push(openObligation({ ...obligationBasics, obligationId: 'written-report', kind: 'written-report', dueAt: deadlineFor('written-report', receivedAt, deps.policy, deps.drillSpeed) }));
      }
      let mediaVerification: VerificationRequest | undefined;
      if (fromMedia) {
        const kind = deps.policy.media.verificationObligation;
        mediaVerification = {
          incidentId, requestId: newDocumentId('VRQ'), question: `核实媒体/网络信息：${request.mediaSource}`, writtenAnswerRequired: false,
          requestedAt: incident.receivedAt, requestedBy: actor, origin: 'media',
        };
        obligations.push(openObligation({
          ...obligationBasics, obligationId: `${mediaVerification.requestId}-phone`, kind, dueAt: deadlineFor(kind, receivedAt, deps.policy, deps.drillSpeed),
          origin: { verificationRequestId: mediaVerification.requestId, source: 'media' },
        }));
      }

      // R-AUDIT: the chain of a new incident starts here, so each append knows its place without reading.
      let tip: ChainTip = await deps.store.appendEvent({
        incidentId, at: incident.receivedAt, type: 'incident-reported', actor, unitId: unit.unitId,
        detail: { reportId: firstReport.reportId, channel: request.channel, severity: request.severity, category: incident.category, source: request.source },
      }, 'new-chain');
      if (mediaVerification) {
        tip = await deps.store.appendEvent({
          incidentId, at: incident.receivedAt, type: 'verification-requested', actor, unitId: unit.unitId,
          detail: { requestId: mediaVerification.requestId, origin: 'media', mediaSource: request.mediaSource },
        }, tip);
      }
      for (const obligation of obligations) tip = await deps.store.appendEvent(obligationOpenedEvent(obligation, 'system:deadline-watch', receivedAt), tip);
      await deps.store.putNewIncidentRecord({ incident, report: firstReport, obligations, verificationRequests: mediaVerification ? [mediaVerification] : [] });
      countMetric(SERVICE_METRICS.names.incidentsOpened);
      const obligationExecutions: string[] = [];
      for (const obligation of obligations) obligationExecutions.push(await deps.workflow.watchObligation(obligation));
      const executionArn = await deps.workflow.startIncident(incidentExecutionInput(incident));
      // The incident's execution may already be appending its notifications: then this append reads the chain's end.
      await deps.store.appendEvent({
        incidentId, at: deps.now().toISOString(), type: 'execution-started', actor: 'system:deadline-watch', unitId: unit.unitId,
        detail: { executionArn, obligationExecutions },
      }, tip);
      return json(201, { ...incident, obligations, ...(mediaVerification ? { verificationRequests: [mediaVerification] } : {}), executionArn }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents' } },
  );
}

export const handler = makeHandler({ ...obligationOpeningDependenciesFromEnvironment(), taxonomy: defaultTaxonomy });
