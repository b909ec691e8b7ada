import { StoreError } from '../domain/errors';
import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { parseRosterCsv, parseRosterXlsx } from '../shared/roster-files';
import { httpEndpoint } from './endpoint';
import { rosterContacts, rosterRefused, rosterUnit } from './roster-access';
import { rosterMonth, uploadedRoster } from './roster-file';
import { rolesFor } from './routes';

export interface ImportRosterDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
}

/**
 * `PUT /units/{unitId}/roster/months/{month}` — issue 15 item 3: the month's roster as duty offices keep it in Excel
 * (日期, 班次, 值班员, 带班领导, 电话), as `.xlsx` or CSV, replaces the month's shifts. All or nothing: a bad row is named
 * with its line and reason (`line 5: 值班员`), and nothing is imported.
 */
export function makeHandler(deps: ImportRosterDependencies) {
  return httpEndpoint(
    rolesFor('PUT /units/{unitId}/roster/months/{month}'),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const { month, from, to } = rosterMonth(pathParameter(event, 'month'));
      const file = uploadedRoster(event);
      const options = { unitId: unit.unitId, contacts: rosterContacts(unit), month };
      const parsed =
        file.kind === 'xlsx' ? await parseRosterXlsx(file.bytes, options) : parseRosterCsv(file.bytes, options);
      if (!parsed.ok) throw rosterRefused(parsed.problems, 'file');
      for (let attempt = 0; attempt < 5; attempt += 1)
        if (await deps.rosters.replacePeriod(unit.unitId, from, to, parsed.shifts))
          return json(200, { unitId: unit.unitId, month, from, to, shifts: parsed.shifts });
      throw new StoreError(`The roster of ${unit.unitId} kept changing while it was imported`);
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), directory: directoryFromEnvironment() });
