import { IncidentBusyError, IncidentClosedError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { Obligation } from '../domain/obligations';
import type { IncidentWorkflow } from './incident-workflow';
import type { Repositories } from './repositories';
import type { RequestPin } from './request-pins';
import { settleAtFinalReport, type FiledDocument } from './settlement';

export interface FinalReportDependencies extends Pick<Repositories, 'incidents' | 'obligations' | 'audit'> {
  workflow: IncidentWorkflow;
  now: () => Date;
}

// The final report waits this long for documents being filed at the same moment before it answers 409.
const CLOSE_WAIT_MS = 5_000;

/**
 * R-LIFECYCLE: closes the incident with the final report — once no other document is being
 * filed on it — then settles every obligation still owed and stops every watch. A replay of the
 * same request finds the incident closed by its own report and finishes what the first run began.
 */
export async function closeWithFinalReport(
  deps: FinalReportDependencies,
  incident: Incident,
  document: FiledDocument,
  pin: RequestPin,
): Promise<Obligation[]> {
  const { incidentId } = incident;
  // The incident closes when it closes: after every document being filed meanwhile is in, so no report's receipt is
  // later than the close.
  let closedAt: string;
  for (const giveUpAt = Date.now() + CLOSE_WAIT_MS; ;) {
    closedAt = deps.now().toISOString();
    const closing = await deps.incidents.closeIncident(incidentId, closedAt, document.documentId, deps.now());
    if (closing.outcome === 'filing-in-progress' && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (closing.outcome === 'filing-in-progress')
      throw new IncidentBusyError(incidentId, 'another document is being filed on it: retry in a few seconds');
    if (closing.outcome === 'already-closed' && closing.closedByReportId !== document.documentId)
      throw new IncidentClosedError(incidentId, closing.closedAt);
    // A replay finds the incident closed by this very report: it carries on from there.
    if (closing.outcome === 'already-closed') closedAt = closing.closedAt ?? closedAt;
    break;
  }
  const event = { incidentId, at: closedAt, actor: document.actor, unitId: incident.unitId };
  await deps.audit.appendEventOnce(
    { ...event, type: 'incident-closed', detail: { reportId: document.documentId } },
    pin.replay,
  );
  const settled = await settleAtFinalReport(deps, incidentId, document, deps.workflow);
  const stopped = await deps.workflow.stopIncident(
    incidentId,
    `Final report ${document.documentId} closed the incident`,
  );
  await deps.audit.appendEventOnce(
    {
      ...event,
      at: deps.now().toISOString(),
      type: 'execution-stopped',
      detail: { executionName: incidentId, stopped },
    },
    pin.replay,
  );
  return settled;
}
