import { findCategory, defaultTaxonomy, type Taxonomy } from '../domain/categories';
import { requireActiveUnit } from '../domain/directory';
import { actorOf, requireRole, requireUnitAccess } from '../domain/access';
import { UnknownReferenceError } from '../domain/errors';
import { incidentExecutionInput } from '../domain/incident';
import { firstReportIntake } from '../domain/intake';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, requireNotFuture } from '../shared/http';
import type { ObligationOpeningDependencies } from '../shared/obligation-watch';
import type { AuditEvent } from '../domain/audit-chain';
import { pinRequest } from '../shared/request-pins';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { firstReportSchema } from './schemas';
import { SERVICE_METRICS } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';

export interface CreateIncidentDependencies extends ObligationOpeningDependencies {
  taxonomy: Taxonomy;
}

/**
 * `POST /incidents` — R-INTAKE: a unit files a first report; the domain decides what it opens
 * (`firstReportIntake`: R-WRITTEN-30, R-MEDIA). The incident's execution starts (immediate
 * notifications, follow-ups) and each obligation gets its own.
 *
 * Four DynamoDB calls on the way (issue 6: `npm run bench` lists them): the events first (the
 * chain of a new incident needs no read), then the incident, its report, requests and
 * obligations in one batch — until it is in, GET answers 404 — then the watches, then the event
 * that records them. A request with an `Idempotency-Key` is pinned to its first run's clock and
 * ID seed: run again after a crash, it names the same incident, finds each event in its place,
 * writes only the items still missing and starts the same (already running) watches — one
 * incident, however often it is retried.
 */
export function makeHandler(deps: CreateIncidentDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents'),
    async (event, principal) => {
      const request = parseBody(firstReportSchema, event.body);
      requireNotFuture('occurredAt', request.occurredAt, deps.now());
      requireNotFuture('phonedAt', request.phonedAt, deps.now());
      const unit = requireActiveUnit(await deps.directory.current(), request.unitId);
      requireUnitAccess(principal, unit.unitId);
      // R-MEDIA: what the media and network monitoring find is logged by the duty office.
      if (request.source === 'media') requireRole(principal, ['duty-officer']);
      const category = findCategory(deps.taxonomy, request.category);
      if (!category)
        throw new UnknownReferenceError([
          { field: 'category', message: `No category "${request.category}" (see GET /categories)` },
        ]);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const intake = firstReportIntake({
        report: request,
        unit,
        category: { categoryId: category.category.id, incidentClassId: category.incidentClass.id },
        actor: actorOf(principal),
        receivedAt: pin.at,
        loggedByDutyOffice: principal.role === 'duty-officer',
        seed: pin.seed,
        policy: deps.policy,
        drillSpeed: deps.drillSpeed,
      });
      const { incident, obligations, verificationRequests } = intake;
      // R-AUDIT: the chain of a new incident starts here, so each append knows its place without reading.
      // Their head is written with the incident's items, one write for all of them.
      let tip: AuditEvent | undefined;
      for (const intakeEvent of intake.events)
        tip = await deps.audit.appendEvent(intakeEvent, tip ?? 'new-chain', { moveHead: false });
      const record = { ...intake, chainHead: tip! };
      if (pin.replay) await deps.incidents.putMissingIncidentItems(record);
      else await deps.incidents.putNewIncidentRecord(record);
      if (!pin.replay) countMetric(SERVICE_METRICS.names.incidentsOpened);
      const obligationExecutions: string[] = [];
      for (const obligation of obligations) obligationExecutions.push(await deps.workflow.watchObligation(obligation));
      const executionArn = await deps.workflow.startIncident(incidentExecutionInput(incident));
      // The incident's execution may already be appending its notifications: then this append reads the chain's end.
      await deps.audit.appendEventOnce(
        {
          incidentId: incident.incidentId,
          at: pin.at.toISOString(),
          type: 'execution-started',
          actor: 'system:deadline-watch',
          unitId: unit.unitId,
          detail: { executionArn, obligationExecutions },
        },
        pin.replay,
        tip,
      );
      return json(
        201,
        {
          ...incident,
          obligations,
          ...(verificationRequests.length > 0 ? { verificationRequests } : {}),
          executionArn,
        },
        { location: `/incidents/${incident.incidentId}` },
      );
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents' } },
  );
}

export const handler = makeHandler({ ...obligationOpeningDependenciesFromEnvironment(), taxonomy: defaultTaxonomy });
