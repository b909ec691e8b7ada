import { latestStepReaching } from '../domain/acknowledgements';
import type { Principal } from '../domain/access';
import type { Obligation } from '../domain/obligations';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface ListObligationsDependencies extends Pick<
  Repositories,
  'obligations' | 'messages' | 'acknowledgements'
> {
  now: () => Date;
}

/**
 * `GET /obligations` — every deadline still waiting for its document (R-LIFECYCLE: pending or
 * overdue), overdue ones first, then by due time; with the server's time, so a countdown does
 * not depend on the browser's clock. A reporter sees its own unit's only, each overdue one with
 * the escalation step that last reached its contacts and whether it is acknowledged (issue 14, 确认催报).
 */
export function makeHandler(deps: ListObligationsDependencies) {
  return httpEndpoint(
    rolesFor('GET /obligations'),
    async (_event, principal) => {
      const now = deps.now();
      const open = await deps.obligations.openObligationsDueBy();
      const visible =
        principal.role === 'reporter' ? open.filter((obligation) => obligation.unitId === principal.unitId) : open;
      const isOverdue = (dueAt: string) => Date.parse(dueAt) <= now.getTime();
      // The index is ordered by due time, so the overdue ones (the earliest) already come first.
      return json(200, {
        now: now.toISOString(),
        obligations: await Promise.all(
          visible.map(async ({ escalationSchedule: _schedule, ...obligation }) => {
            const overdue = isOverdue(obligation.dueAt);
            const escalation = overdue ? await escalationOf(deps, principal, obligation) : undefined;
            return { ...obligation, overdue, ...(escalation ? { escalation } : {}) };
          }),
        ),
      });
    },
    { jsonBody: false },
  );
}

/** R-LADDER: for a reporter, the step that last reached its unit and its acknowledgement (two reads, own deadlines). */
async function escalationOf(
  deps: ListObligationsDependencies,
  principal: Principal,
  obligation: Pick<Obligation, 'incidentId' | 'obligationId' | 'unitId'>,
) {
  if (principal.role !== 'reporter') return undefined;
  const reached = latestStepReaching(
    await deps.messages.escalationMessagesOf(obligation.incidentId, obligation.obligationId),
    obligation.unitId,
  );
  if (!reached) return undefined;
  const acknowledgement = await deps.acknowledgements.getAcknowledgement(
    obligation.incidentId,
    obligation.obligationId,
    reached.escalationStep,
  );
  return {
    escalationStep: reached.escalationStep,
    firstSentAt: reached.firstSentAt,
    ...(acknowledgement ? { acknowledgement } : {}),
  };
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), now: () => new Date() });
