import { canActFor } from '../domain/access';
import { DocumentNotFoundError } from '../domain/errors';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json, pathParameter } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

/** `GET /spot-checks/{spotCheckId}` — R-SPOTCHECK: the check and its result now (pending, passed, missed). */
export function makeHandler(deps: Pick<SpotCheckDependencies, 'spotChecks' | 'now'>) {
  return httpEndpoint(
    rolesFor('GET /spot-checks/{spotCheckId}'),
    async (event, principal) => {
      const spotCheckId = pathParameter(event, 'spotCheckId');
      const spotCheck = await deps.spotChecks.getSpotCheck(spotCheckId);
      // Another unit's check is answered like one that does not exist.
      if (!spotCheck || !canActFor(principal, spotCheck.unitId))
        throw new DocumentNotFoundError('Spot check', spotCheckId);
      return json(200, spotCheckView(spotCheck, deps.now()));
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), now: () => new Date() });
