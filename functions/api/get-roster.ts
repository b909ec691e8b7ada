import { beijingMonthRange, isoToBeijing, rosterGaps, rosterOverlaps } from '../domain/roster';
import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rosterUnit } from './roster-access';
import { rolesFor } from './routes';
import { rosterQuerySchema } from './schemas';

export interface GetRosterDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
  now: () => Date;
}

/**
 * `GET /units/{unitId}/roster?from&to` — issue 15 item 3: the unit's shifts and overrides that start in the period
 * (default: this Beijing month), with its gaps (no one on shift) and its overlapping shifts, for the roster page.
 */
export function makeHandler(deps: GetRosterDependencies) {
  return httpEndpoint(
    rolesFor('GET /units/{unitId}/roster'),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const query = parseBody(rosterQuerySchema, event.queryStringParameters ?? {});
      const month = beijingMonthRange(isoToBeijing(deps.now()).date.slice(0, 7));
      const from = new Date(query.from ?? month.from).toISOString();
      const to = new Date(query.to ?? month.to).toISOString();
      const [shifts, overrides] = await Promise.all([
        deps.rosters.shiftsBetween(unit.unitId, from, to),
        deps.rosters.overridesBetween(unit.unitId, from, to),
      ]);
      return json(200, {
        unitId: unit.unitId,
        from,
        to,
        shifts,
        overrides,
        gaps: rosterGaps(shifts, from, to),
        overlaps: rosterOverlaps(shifts).map(([a, b]) => [a.shiftId, b.shiftId]),
      });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  now: () => new Date(),
});
