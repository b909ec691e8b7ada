import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { parseBody, pathParameter } from '../shared/http';
import { directoryChangeEndpoint, type DirectoryChangeDependencies } from './directory-change';
import { contactBodySchema } from './schemas';

/**
 * `PUT /units/{unitId}/contacts/{contactId}` — issue 15: a contact of the unit, saved: one of its two standing contacts
 * (changed in place, its role kept) or a member of its staff, whom a duty roster can name (added or changed).
 */
export function makeHandler(deps: DirectoryChangeDependencies) {
  return directoryChangeEndpoint(
    'PUT /units/{unitId}/contacts/{contactId}',
    deps,
    (event) => ({
      kind: 'contact-saved',
      unitId: pathParameter(event, 'unitId'),
      contactId: pathParameter(event, 'contactId'),
      contact: parseBody(contactBodySchema, event.body),
    }),
    { jsonBody: true },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
