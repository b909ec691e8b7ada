import { contactsOf, findUnit } from '../domain/directory';
import { emailStatusOf } from '../domain/email-subscriptions';
import type { EmailSubscriptions } from '../shared/email-subscriptions';
import { DocumentNotFoundError } from '../domain/errors';
import { emailSubscriptionsFromEnvironment, freshDirectoryFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, pathParameter } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

/** `GET /units/{unitId}` — issue 15: one unit of the directory with its contacts, as the table holds it now. */
export function makeHandler(deps: { directory: DirectorySource; emailSubscriptions?: { store: EmailSubscriptions } }) {
  return httpEndpoint(
    rolesFor('GET /units/{unitId}'),
    async (event) => {
      const unitId = pathParameter(event, 'unitId');
      const unit = findUnit(await deps.directory.current(), unitId);
      if (!unit) throw new DocumentNotFoundError('Unit', unitId);
      // Issue 15 item 2: whether each address is confirmed by its owner, waiting for them, or not subscribed.
      const subscriptions = deps.emailSubscriptions ? await deps.emailSubscriptions.store.list() : undefined;
      const emailStatus = subscriptions
        ? Object.fromEntries(contactsOf(unit).map((c) => [c.contactId, emailStatusOf(c.email, subscriptions)]))
        : undefined;
      return json(200, { ...unit, ...(emailStatus ? { emailStatus } : {}) });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  directory: freshDirectoryFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
});
