import { findUnit } from '../domain/directory';
import { DocumentNotFoundError } from '../domain/errors';
import { freshDirectoryFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, pathParameter } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

/** `GET /units/{unitId}` — issue 15: one unit of the directory with its contacts, as the table holds it now. */
export function makeHandler(deps: { directory: DirectorySource }) {
  return httpEndpoint(
    rolesFor('GET /units/{unitId}'),
    async (event) => {
      const unitId = pathParameter(event, 'unitId');
      const unit = findUnit(await deps.directory.current(), unitId);
      if (!unit) throw new DocumentNotFoundError('Unit', unitId);
      return json(200, unit);
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ directory: freshDirectoryFromEnvironment() });
