import { findCategory, defaultTaxonomy, type Taxonomy } from '../domain/categories';
import { defaultDirectory, requireUnit, type Directory } from '../domain/directory';
import { UnknownReferenceError } from '../domain/errors';
import { executionInputFor, newIncidentId, newReportId, type Incident, type Report } from '../domain/incident';
import { openWrittenReportObligation, type Obligation } from '../domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import { incidentStoreFromEnvironment, incidentWorkflowFromEnvironment } from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import { json, parseBody } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import type { IncidentWorkflow } from '../shared/incident-workflow';
import { httpEndpoint } from './endpoint';
import { firstReportSchema } from './schemas';

export interface CreateIncidentDependencies {
  store: IncidentStore;
  workflow: IncidentWorkflow;
  directory: Directory;
  taxonomy: Taxonomy;
  policy: ReportingPolicy;
  drillSpeed: number;
  now: () => Date;
}

/**
 * `POST /incidents` — R-INTAKE: a unit files a first report; a phone report opens the
 * written-report obligation (R-WRITTEN-30) and the incident's execution starts watching it.
 *
 * Writes are ordered so that a crash leaves nothing half-visible: the report, the obligation
 * and their events first, the incident item last (until it exists, GET answers 404), then the
 * execution, whose name is the incident ID.
 */
export function makeHandler(deps: CreateIncidentDependencies) {
  return httpEndpoint(
    async (event) => {
      const request = parseBody(firstReportSchema, event.body);
      const unit = requireUnit(deps.directory, request.unitId);
      const category = findCategory(deps.taxonomy, request.category);
      if (!category) {
        throw new UnknownReferenceError([{ field: 'category', message: `No category "${request.category}" (see GET /categories)` }]);
      }
      const receivedAt = deps.now();
      const incidentId = newIncidentId(receivedAt);
      const actor = `unit:${unit.unitId}`;
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
        verified: request.channel !== 'phone',
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
      // R-WRITTEN-30: only a phone first report owes a written one.
      const obligations: Obligation[] =
        request.channel === 'phone'
          ? [openWrittenReportObligation({ incidentId, unitId: unit.unitId, phoneReportAt: receivedAt, policy: deps.policy, drillSpeed: deps.drillSpeed })]
          : [];

      await deps.store.putReport(firstReport);
      for (const obligation of obligations) await deps.store.putObligation(obligation);
      await deps.store.appendEvent({
        incidentId, at: incident.receivedAt, type: 'incident-reported', actor, unitId: unit.unitId,
        detail: { reportId: firstReport.reportId, channel: request.channel, severity: request.severity, category: incident.category },
      });
      for (const obligation of obligations) {
        await deps.store.appendEvent({
          incidentId, at: incident.receivedAt, type: 'obligation-opened', actor: 'system:deadline-watch', unitId: unit.unitId,
          detail: { obligationId: obligation.obligationId, kind: obligation.kind, dueAt: obligation.dueAt, policyVersion: obligation.policyVersion },
        });
      }
      await deps.store.putIncident(incident);
      const executionArn = await deps.workflow.start(executionInputFor(incidentId, obligations));
      await deps.store.appendEvent({
        incidentId, at: deps.now().toISOString(), type: 'execution-started', actor: 'system:deadline-watch', unitId: unit.unitId,
        detail: { executionArn },
      });
      return json(201, { ...incident, obligations, executionArn }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true },
  );
}

export const handler = makeHandler({
  store: incidentStoreFromEnvironment(),
  workflow: incidentWorkflowFromEnvironment(),
  directory: defaultDirectory,
  taxonomy: defaultTaxonomy,
  policy: defaultPolicy,
  drillSpeed: drillSpeedFromEnvironment(),
  now: () => new Date(),
});
