import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { pathParameter } from '../shared/http';
import { directoryChangeEndpoint, type DirectoryChangeDependencies } from './directory-change';

/**
 * `DELETE /units/{unitId}` — issue 15: deactivates the unit (nothing new is filed for it; its history, incidents and
 * evaluation stay). A unit with open incidents → 409. Deactivating it again changes nothing.
 */
export function makeHandler(deps: DirectoryChangeDependencies) {
  return directoryChangeEndpoint(
    'DELETE /units/{unitId}',
    deps,
    (event, at) => ({ kind: 'unit-deactivated', unitId: pathParameter(event, 'unitId'), at }),
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
