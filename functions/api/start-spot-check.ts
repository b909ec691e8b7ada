import { actorOf } from '../domain/access';
import { defaultDirectory, requireUnit } from '../domain/directory';
import { defaultPolicy } from '../domain/policy';
import { startSpotCheck } from '../domain/spot-checks';
import { idempotencyStoreFromEnvironment, incidentStoreFromEnvironment } from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import { json, parseBody } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckSchema } from './schemas';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

/**
 * `POST /spot-checks` — R-SPOTCHECK: the duty office starts a duty spot check (值班抽查) on a
 * unit, which must acknowledge within the configured minutes.
 */
export function makeHandler(deps: SpotCheckDependencies) {
  return httpEndpoint(
    rolesFor('POST /spot-checks'),
    async (event, principal) => {
      const body = parseBody(spotCheckSchema, event.body);
      const unit = requireUnit(deps.directory, body.unitId);
      const now = deps.now();
      const spotCheck = startSpotCheck({ unitId: unit.unitId, startedBy: body.startedBy ?? actorOf(principal), note: body.note, now, policy: deps.policy, drillSpeed: deps.drillSpeed });
      await deps.store.putSpotCheck(spotCheck);
      return json(201, spotCheckView(spotCheck, now), { location: `/spot-checks/${spotCheck.spotCheckId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /spot-checks' } },
  );
}

export const handler = makeHandler({
  store: incidentStoreFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), directory: defaultDirectory, policy: defaultPolicy, drillSpeed: drillSpeedFromEnvironment(), now: () => new Date(),
});
