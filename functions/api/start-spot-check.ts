import { actorOf } from '../domain/access';
import { defaultDirectory, requireUnit } from '../domain/directory';
import { defaultPolicy } from '../domain/policy';
import { startSpotCheck } from '../domain/spot-checks';
import { newAcknowledgementCode } from '../domain/acknowledgements';
import type { Unit } from '../domain/directory';
import { renderSpotCheckMessage, spotCheckSmsTemplate } from '../domain/messages';
import type { SpotCheck } from '../domain/spot-checks';
import { escalationNotifierFromEnvironment, idempotencyStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { EscalationNotifier } from '../shared/escalation-notifier';
import type { Repositories } from '../shared/repositories';
import { drillSpeedFromEnvironment } from '../shared/environment';
import { json, parseBody } from '../shared/http';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { spotCheckSchema } from './schemas';
import { spotCheckView, type SpotCheckDependencies } from './spot-check-view';

/**
 * `POST /spot-checks` — R-SPOTCHECK: the duty office starts a duty spot check (值班抽查) on a
 * unit, which must acknowledge within the configured minutes: its duty contact gets an SMS with a
 * code to reply (or acknowledges over the API). If SNS refuses the SMS, the check still stands,
 * the response says so (`notificationError`), and the duty office phones instead.
 */
export function makeHandler(deps: SpotCheckDependencies) {
  return httpEndpoint(
    rolesFor('POST /spot-checks'),
    async (event, principal) => {
      const body = parseBody(spotCheckSchema, event.body);
      const unit = requireUnit(deps.directory, body.unitId);
      const now = deps.now();
      const spotCheck = startSpotCheck({ unitId: unit.unitId, startedBy: body.startedBy ?? actorOf(principal), note: body.note, now, policy: deps.policy, drillSpeed: deps.drillSpeed });
      await deps.spotChecks.putSpotCheck(spotCheck);
      const notified = deps.notifier ? await notifyDutyPost(deps, deps.notifier, spotCheck, unit, now) : {};
      return json(201, spotCheckView({ ...spotCheck, ...notified }, now), { location: `/spot-checks/${spotCheck.spotCheckId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /spot-checks' } },
  );
}

/** Sends the spot-check SMS with its reply code and records how that went. */
async function notifyDutyPost(repos: Pick<Repositories, 'acknowledgements' | 'spotChecks'>, notifier: EscalationNotifier, spotCheck: SpotCheck, unit: Unit, now: Date): Promise<Partial<SpotCheck>> {
  const code = await repos.acknowledgements.reserveSpotCheckCode(spotCheck.spotCheckId, newAcknowledgementCode);
  const contact = unit.contacts.dutyContact;
  const text = renderSpotCheckMessage({ locale: contact.locale, unitShortName: unit.shortName[contact.locale], dueAt: new Date(spotCheck.dueAt), now, code, drill: false });
  let notification: { code: string; notifiedAt?: string; notificationError?: string };
  try {
    const template = spotCheckSmsTemplate({ unitShortName: unit.shortName[contact.locale], dueAt: new Date(spotCheck.dueAt), now, code, drill: false });
    await notifier.sendSms(contact, text, { kind: 'notification', incidentId: spotCheck.spotCheckId }, template);
    notification = { code, notifiedAt: new Date().toISOString() };
  } catch (error) {
    notification = { code, notificationError: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  await repos.spotChecks.recordSpotCheckNotification(spotCheck.spotCheckId, notification);
  return notification;
}

export const handler = makeHandler({
  notifier: escalationNotifierFromEnvironment(),
  ...repositoriesFromEnvironment(), idempotency: idempotencyStoreFromEnvironment(), directory: defaultDirectory, policy: defaultPolicy, drillSpeed: drillSpeedFromEnvironment(), now: () => new Date(),
});
