import { InvalidRequestError } from '../domain/errors';
import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { parseBody, pathParameter } from '../shared/http';
import { directoryChangeEndpoint, type DirectoryChangeDependencies } from './directory-change';
import { unitBodySchema } from './schemas';

/**
 * `PUT /units/{unitId}` — issue 15: the unit as it should be (names, kind, parent, its two standing contacts; its staff
 * when given, else kept). A deactivated unit stays deactivated.
 */
export function makeHandler(deps: DirectoryChangeDependencies) {
  return directoryChangeEndpoint(
    'PUT /units/{unitId}',
    deps,
    (event) => {
      const unitId = pathParameter(event, 'unitId');
      const unit = parseBody(unitBodySchema, event.body);
      if (unit.unitId !== unitId)
        throw new InvalidRequestError([{ field: 'unitId', message: `Must be the unit of the path (${unitId})` }]);
      return { kind: 'unit-updated', unit };
    },
    { jsonBody: true },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
