import type { SNSEvent } from 'aws-lambda';
import { acknowledgementCodeIn } from '../domain/acknowledgements';
import { defaultDirectory, findContactByPhone, type Directory } from '../domain/directory';
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
  | { outcome: 'ignored'; reason: string };

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
