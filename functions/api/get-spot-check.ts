import { DocumentNotFoundError } from '../domain/errors';
import { incidentStoreFromEnvironment } from '../shared/dependencies';
import { json, pathParameter } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

/** `GET /spot-checks/{spotCheckId}` — R-SPOTCHECK: the check and its result now (pending, passed, missed). */
export function makeHandler(deps: Pick<SpotCheckDependencies, 'store' | 'now'>) {
  return httpEndpoint(
    async (event) => {
      const spotCheckId = pathParameter(event, 'spotCheckId');
      const spotCheck = await deps.store.getSpotCheck(spotCheckId);
      if (!spotCheck) throw new DocumentNotFoundError('Spot check', spotCheckId);
      return json(200, spotCheckView(spotCheck, deps.now()));
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), now: () => new Date() });
