import { contactsOf } from '../domain/directory';
import { StoreError } from '../domain/errors';
import { makeShift, validateShifts } from '../domain/roster';
import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rosterRefused, rosterUnit } from './roster-access';
import { rolesFor } from './routes';
import { rosterPeriodSchema } from './schemas';

export interface PutRosterDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
}

/**
 * `PUT /units/{unitId}/roster` — issue 15 item 3: the shifts of a period (`from`–`to`) become exactly these. Each
 * names a duty officer and a shift leader among the unit's contacts; a bad shift is named with its row and field,
 * and nothing is written. The same roster put twice stores it once (shift IDs derive from the unit and the start).
 */
export function makeHandler(deps: PutRosterDependencies) {
  return httpEndpoint(
    rolesFor('PUT /units/{unitId}/roster'),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const body = parseBody(rosterPeriodSchema, event.body);
      const shifts = body.shifts.map((shift) => makeShift({ ...shift, unitId: unit.unitId }));
      const from = new Date(body.from).toISOString();
      const to = new Date(body.to).toISOString();
      const problems = validateShifts(shifts, {
        unitId: unit.unitId,
        knownContactIds: contactsOf(unit).map((contact) => contact.contactId),
        period: { from, to },
      });
      if (problems.length > 0) throw rosterRefused(problems, 'shifts');
      // Two replacements of one period at once: the loser reads again and replaces again (it converges).
      for (let attempt = 0; attempt < 5; attempt += 1)
        if (await deps.rosters.replacePeriod(unit.unitId, from, to, shifts))
          return json(200, { unitId: unit.unitId, from, to, shifts });
      throw new StoreError(`The roster of ${unit.unitId} kept changing while it was replaced`);
    },
    { jsonBody: true },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), directory: directoryFromEnvironment() });
