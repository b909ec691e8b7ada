import { freshDirectoryFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

/** `GET /units` — the directory of reporting units and their contacts, as the table holds it now (issue 15). */
export function makeHandler(deps: { directory: DirectorySource }) {
  return httpEndpoint(
    rolesFor('GET /units'),
    async () => json(200, { units: (await deps.directory.current()).units }),
    { jsonBody: false },
  );
}

export const handler = makeHandler({ directory: freshDirectoryFromEnvironment() });
