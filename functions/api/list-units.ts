import { defaultDirectory, type Directory } from '../domain/directory';
import { json } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

/** `GET /units` — the directory of reporting units and their contacts. */
export function makeHandler(deps: { directory: Directory }) {
  return httpEndpoint(rolesFor('GET /units'), async () => json(200, { units: deps.directory.units }), {
    jsonBody: false,
  });
}

export const handler = makeHandler({ directory: defaultDirectory });
