import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { NO_SNIFF, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { exportRosterCsv, exportRosterXlsx } from '../shared/roster-files';
import { httpEndpoint } from './endpoint';
import { rosterContacts, rosterUnit } from './roster-access';
import { rosterMonth, XLSX_CONTENT_TYPE } from './roster-file';
import { rolesFor } from './routes';
import { rosterExportQuerySchema } from './schemas';

export interface ExportRosterDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
}

/**
 * `GET /units/{unitId}/roster/months/{month}?format=csv|xlsx` — issue 15 item 3: the month's roster in the layout it
 * is imported in (日期, 班次, 值班员, 带班领导, 电话): CSV with a BOM, or `.xlsx`.
 */
export function makeHandler(deps: ExportRosterDependencies) {
  return httpEndpoint(
    rolesFor('GET /units/{unitId}/roster/months/{month}'),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const { month, from, to } = rosterMonth(pathParameter(event, 'month'));
      const { format } = parseBody(rosterExportQuerySchema, event.queryStringParameters ?? {});
      const shifts = await deps.rosters.shiftsBetween(unit.unitId, from, to);
      const filename = `${unit.unitId}-roster-${month}.${format}`;
      const disposition = { 'content-disposition': `attachment; filename="${filename}"`, ...NO_SNIFF };
      if (format === 'csv')
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition },
          body: exportRosterCsv(shifts, rosterContacts(unit)),
        };
      const bytes = await exportRosterXlsx(shifts, rosterContacts(unit));
      return {
        statusCode: 200,
        headers: { 'content-type': XLSX_CONTENT_TYPE, ...disposition },
        body: Buffer.from(bytes).toString('base64'),
        isBase64Encoded: true,
      };
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), directory: directoryFromEnvironment() });
