import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface ListObligationsDependencies extends Pick<Repositories, 'obligations'> {
  now: () => Date;
}

/**
 * `GET /obligations` — every deadline still waiting for its document (R-LIFECYCLE: pending or
 * overdue), overdue ones first, then by due time; with the server's time, so a countdown does
 * not depend on the browser's clock. A reporter sees its own unit's only.
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
        obligations: visible.map(({ escalationSchedule: _schedule, ...obligation }) => ({
          ...obligation,
          overdue: isOverdue(obligation.dueAt),
        })),
      });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), now: () => new Date() });
