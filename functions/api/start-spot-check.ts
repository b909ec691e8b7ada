import { actorOf } from '../domain/access';
import { newAcknowledgementCode } from '../domain/acknowledgements';
import { requireActiveUnit } from '../domain/directory';
import { SPOT_CHECK_MESSAGE_KEY, spotCheckMessages } from '../domain/outgoing';
import { defaultPolicy } from '../domain/policy';
import { startSpotCheck, type SpotCheck } from '../domain/spot-checks';
import {
  escalationNotifierFromEnvironment,
  idempotencyStoreFromEnvironment,
  repositoriesFromEnvironment,
  requestPinsFromEnvironment,
  smsRateLimitFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import { json, parseBody } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { pinRequest, type RequestPins } from '../shared/request-pins';
import { deliverMessages, type DeliveryDependencies } from '../workflow/deliver-messages';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckSchema } from './schemas';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

export interface StartSpotCheckDependencies
  extends SpotCheckDependencies, Pick<Repositories, 'messages' | 'audit'>, Pick<DeliveryDependencies, 'smsRateLimit'> {
  /** Pins a keyed request's clock and IDs, so a retry names the same check and its SMS is claimed once. */
  pins?: RequestPins;
}

/**
 * `POST /spot-checks` — R-SPOTCHECK: the duty office starts a duty spot check (值班抽查) on a
 * unit, which must acknowledge within the configured minutes: its duty contact gets an SMS with a
 * code to reply (or acknowledges over the API). If SNS refuses the SMS, the check still stands,
 * the response says so (`notificationError`), and the duty office phones instead.
 */
export function makeHandler(deps: StartSpotCheckDependencies) {
  return httpEndpoint(
    rolesFor('POST /spot-checks'),
    async (event, principal) => {
      const body = parseBody(spotCheckSchema, event.body);
      const unit = requireActiveUnit(await deps.directory.current(), body.unitId);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const started = startSpotCheck({
        unitId: unit.unitId,
        startedBy: body.startedBy ?? actorOf(principal),
        note: body.note,
        now: pin.at,
        policy: deps.policy,
        drillSpeed: deps.drillSpeed,
        seed: pin.seed,
      });
      // A request run again finds the check its first run stored.
      const spotCheck = (await deps.spotChecks.putSpotCheck(started))
        ? started
        : ((await deps.spotChecks.getSpotCheck(started.spotCheckId)) ?? started);
      const notified = deps.notifier
        ? await notifyDutyPost({ ...deps, notifier: deps.notifier }, spotCheck, pin.at)
        : {};
      return json(201, spotCheckView({ ...spotCheck, ...notified }, pin.at), {
        location: `/spot-checks/${spotCheck.spotCheckId}`,
      });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /spot-checks' } },
  );
}

/**
 * Sends the spot-check SMS with its reply code through the one delivery path (claimed before it
 * is sent, within the SMS rate limit), and records how that went. The code is recorded first, so
 * a request run again sends (or skips) the same SMS.
 */
async function notifyDutyPost(
  deps: StartSpotCheckDependencies & DeliveryDependencies,
  spotCheck: SpotCheck,
  now: Date,
): Promise<Partial<SpotCheck>> {
  const code =
    spotCheck.code ?? (await deps.acknowledgements.reserveSpotCheckCode(spotCheck.spotCheckId, newAcknowledgementCode));
  if (!spotCheck.code) await deps.spotChecks.recordSpotCheckNotification(spotCheck.spotCheckId, { code });
  const { notified, failures } = await deliverMessages(
    deps,
    {
      incidentId: spotCheck.spotCheckId,
      messageKey: SPOT_CHECK_MESSAGE_KEY,
      purpose: 'notification',
      eventUnitId: spotCheck.unitId,
    },
    spotCheckMessages({ spotCheck, code, directory: await deps.directory.current(), now }),
  );
  const outcome = notified[0]?.outcome;
  const notification =
    outcome === 'sent' || outcome === 'already-sent'
      ? { code, notifiedAt: spotCheck.notifiedAt ?? deps.now().toISOString() }
      : {
          code,
          ...(outcome === 'queued' ? {} : { notificationError: failures.join('; ') || `SMS ${outcome ?? 'not sent'}` }),
        };
  await deps.spotChecks.recordSpotCheckNotification(spotCheck.spotCheckId, notification);
  return notification;
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  notifier: escalationNotifierFromEnvironment(),
  smsRateLimit: smsRateLimitFromEnvironment(),
  pins: requestPinsFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  directory: directoryFromEnvironment(),
  policy: defaultPolicy,
  drillSpeed: drillSpeedFromEnvironment(),
  now: () => new Date(),
});
