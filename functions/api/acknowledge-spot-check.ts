import { actorOf, canActFor } from '../domain/access';
import { DocumentNotFoundError } from '../domain/errors';
import { idempotencyStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckAcknowledgementSchema } from './schemas';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

/**
 * `POST /spot-checks/{spotCheckId}/acknowledgement` — R-SPOTCHECK: the unit's duty post answers.
 * The first acknowledgement counts; one after the deadline is recorded and counts as missed.
 */
export function makeHandler(deps: Pick<SpotCheckDependencies, 'spotChecks' | 'now' | 'idempotency'>) {
  return httpEndpoint(
    rolesFor('POST /spot-checks/{spotCheckId}/acknowledgement'),
    async (event, principal) => {
      const spotCheckId = pathParameter(event, 'spotCheckId');
      const body = parseBody(spotCheckAcknowledgementSchema, event.body);
      const existing = await deps.spotChecks.getSpotCheck(spotCheckId);
      // R-SPOTCHECK: only the checked unit's own duty post can answer for it; to anyone else it does not exist.
      if (!existing || !canActFor(principal, existing.unitId))
        throw new DocumentNotFoundError('Spot check', spotCheckId);
      const now = deps.now();
      const first = await deps.spotChecks.acknowledgeSpotCheck(
        spotCheckId,
        now.toISOString(),
        body.acknowledgedBy,
        actorOf(principal),
      );
      const spotCheck = (await deps.spotChecks.getSpotCheck(spotCheckId)) ?? existing;
      return json(first ? 201 : 200, spotCheckView(spotCheck, now));
    },
    {
      jsonBody: true,
      idempotency: { store: deps.idempotency, routeKey: 'POST /spot-checks/{spotCheckId}/acknowledgement' },
    },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  now: () => new Date(),
});
