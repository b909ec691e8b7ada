import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { parseBody } from '../shared/http';
import { directoryChangeEndpoint, type DirectoryChangeDependencies } from './directory-change';
import { unitBodySchema } from './schemas';

/** `POST /units` — issue 15: a new unit of the directory (201); the same unit posted again → 200, changing nothing. */
export function makeHandler(deps: DirectoryChangeDependencies) {
  return directoryChangeEndpoint(
    'POST /units',
    deps,
    (event) => ({ kind: 'unit-created', unit: parseBody(unitBodySchema, event.body) }),
    { jsonBody: true },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
