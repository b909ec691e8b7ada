import type { SNSEvent } from 'aws-lambda';
import { acknowledgementCodeIn, isSpotCheckCode, type SpotCheckCodeTarget } from '../domain/acknowledgements';
import { defaultDirectory, findContactByPhone, type Contact, type Directory, type Unit } from '../domain/directory';
import { acknowledgeStep } from '../shared/acknowledge';
import { incidentStoreFromEnvironment } from '../shared/dependencies';
import type { IncidentStore } from '../shared/incident-store';
import { logger } from '../shared/logger';

/** The two-way SMS message AWS End User Messaging publishes to the inbound topic. */
export interface InboundSms {
  originationNumber: string;
  destinationNumber?: string;
  messageBody: string;
  inboundMessageId?: string;
}

export interface SmsInboundDependencies {
  store: IncidentStore;
  directory: Directory;
  now: () => Date;
}

/** What became of one inbound SMS, for the log and the tests. */
export type InboundOutcome =
  | { outcome: 'acknowledged'; code: string; contactId: string; first: boolean }
  | { outcome: 'spot-check-acknowledged'; spotCheckId: string; contactId: string; first: boolean }
  | { outcome: 'ignored'; reason: string };

/** R-SPOTCHECK: the checked unit's duty post answers by SMS; nobody else can answer for it. */
async function acknowledgeSpotCheckBySms(deps: SmsInboundDependencies, target: SpotCheckCodeTarget, sender: { unit: Unit; contact: Contact }): Promise<InboundOutcome> {
  const spotCheck = await deps.store.getSpotCheck(target.spotCheckId);
  if (!spotCheck || spotCheck.unitId !== sender.unit.unitId) return { outcome: 'ignored', reason: `spot check ${target.spotCheckId} is not on ${sender.unit.unitId}` };
  const first = await deps.store.acknowledgeSpotCheck(spotCheck.spotCheckId, deps.now().toISOString(), sender.contact.name, `contact:${sender.contact.contactId}`);
  return { outcome: 'spot-check-acknowledged', spotCheckId: spotCheck.spotCheckId, contactId: sender.contact.contactId, first };
}

/**
 * R-LADDER: replies to escalation SMS, delivered by two-way SMS to an SNS topic this function
 * is subscribed to (locally: `POST /local/sms-inbound`). A reply carrying a step's code, from
 * a number in the directory, acknowledges the step as that contact. Anything else is logged
 * and ignored: a reply never meets an obligation, and an unknown sender acknowledges nothing.
 */
export function makeHandler(deps: SmsInboundDependencies) {
  return async (event: SNSEvent): Promise<InboundOutcome[]> => {
    const outcomes: InboundOutcome[] = [];
    for (const record of event.Records) {
      const sms = JSON.parse(record.Sns.Message) as InboundSms;
      const code = acknowledgementCodeIn(sms.messageBody ?? '');
      const sender = findContactByPhone(deps.directory, sms.originationNumber);
      const target = code ? await deps.store.findAcknowledgementCode(code) : undefined;
      let outcome: InboundOutcome;
      if (!sender) outcome = { outcome: 'ignored', reason: 'sender is not in the directory' };
      else if (!code) outcome = { outcome: 'ignored', reason: 'no acknowledgement code in the reply' };
      else if (!target) outcome = { outcome: 'ignored', reason: `unknown code ${code}` };
      else if (isSpotCheckCode(target)) outcome = await acknowledgeSpotCheckBySms(deps, target, sender);
      else {
        const { first } = await acknowledgeStep(deps.store, target, { contactId: sender.contact.contactId, unitId: sender.unit.unitId, via: 'sms', at: deps.now() });
        outcome = { outcome: 'acknowledged', code, contactId: sender.contact.contactId, first };
      }
      logger.info('Inbound SMS', { inboundMessageId: sms.inboundMessageId, ...outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  };
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), directory: defaultDirectory, now: () => new Date() });
