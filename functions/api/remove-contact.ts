import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { pathParameter } from '../shared/http';
import { directoryChangeEndpoint, type DirectoryChangeDependencies } from './directory-change';

/**
 * `DELETE /units/{unitId}/contacts/{contactId}` — issue 15: removes a member of the unit's staff (the audit chain keeps
 * who it was). A standing contact (duty contact, principal leader) is changed, never removed → 409.
 */
export function makeHandler(deps: DirectoryChangeDependencies) {
  return directoryChangeEndpoint(
    'DELETE /units/{unitId}/contacts/{contactId}',
    deps,
    (event) => ({
      kind: 'contact-removed',
      unitId: pathParameter(event, 'unitId'),
      contactId: pathParameter(event, 'contactId'),
    }),
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
