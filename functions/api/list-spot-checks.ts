import { drillSpeedFromEnvironment } from '../shared/environment';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import { json } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckView } from './spot-check-view';

export interface ListSpotChecksDependencies extends Pick<Repositories, 'spotChecks'> {
  drillSpeed: number;
  now: () => Date;
}

/**
 * How far back an unanswered spot check is still listed: a day. It is due in minutes (R-SPOTCHECK), but one answered
 * late is still recorded (and still a miss), so the duty post sees it until the next day.
 */
export const UNANSWERED_SPOT_CHECK_LOOKBACK_MS = 24 * 3_600_000;

/**
 * `GET /spot-checks` — R-SPOTCHECK: the spot checks still waiting for their acknowledgement (started in the last day),
 * oldest first, each with its result now; a reporter sees its own unit's only. A unit's duty post learns of a check by
 * SMS; this is how the console shows it (issue 14), with the drill speed so its countdown runs in policy time.
 */
export function makeHandler(deps: ListSpotChecksDependencies) {
  return httpEndpoint(
    rolesFor('GET /spot-checks'),
    async (_event, principal) => {
      const now = deps.now();
      const started = await deps.spotChecks.spotChecksStartedBetween(
        new Date(now.getTime() - UNANSWERED_SPOT_CHECK_LOOKBACK_MS),
        // The sort key is `<startedAt>#<id>`: a check started this very millisecond sorts after `now` itself.
        new Date(now.getTime() + 1000),
      );
      const visible = started.filter(
        (spotCheck) =>
          !spotCheck.acknowledgedAt && (principal.role !== 'reporter' || spotCheck.unitId === principal.unitId),
      );
      return json(200, {
        now: now.toISOString(),
        drillSpeed: deps.drillSpeed,
        spotChecks: visible.map((spotCheck) => spotCheckView(spotCheck, now)),
      });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  drillSpeed: drillSpeedFromEnvironment(),
  now: () => new Date(),
});
