import type { DirectorySource } from '../shared/directory-source';
import type { SNSEvent } from 'aws-lambda';
import {
  acknowledgementCodesIn,
  isSpotCheckCode,
  type CodeTarget,
  type SpotCheckCodeTarget,
} from '../domain/acknowledgements';
import { findContactByPhone, type Contact, type Unit } from '../domain/directory';
import { formatLocalTime } from '../domain/messages';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import { acknowledgeStep } from '../shared/acknowledge';
import {
  repositoriesFromEnvironment,
  operatorAlarmsFromEnvironment,
  replyGuardFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import type { Repositories } from '../shared/repositories';
import { logger } from '../shared/logger';
import type { OperatorAlarms } from '../shared/operator-alarms';
import type { ReplyGuard } from '../shared/reply-guard';

/** The two-way SMS message AWS End User Messaging publishes to the inbound topic. */
export interface InboundSms {
  originationNumber: string;
  destinationNumber?: string;
  messageBody: string;
  inboundMessageId?: string;
}

export interface SmsInboundDependencies extends Pick<
  Repositories,
  'obligations' | 'audit' | 'messages' | 'acknowledgements' | 'spotChecks'
> {
  directory: DirectorySource;
  /** Counts each number's unknown codes and ignores a number that guesses. */
  replies: ReplyGuard;
  alarms: OperatorAlarms;
  policy: ReportingPolicy;
  now: () => Date;
}

/** What became of one inbound SMS, for the log and the tests. */
export type InboundOutcome =
  | { outcome: 'acknowledged'; code: string; contactId: string; first: boolean }
  | { outcome: 'spot-check-acknowledged'; spotCheckId: string; contactId: string; first: boolean }
  | { outcome: 'refused'; code: string; reason: string }
  | { outcome: 'ignored'; reason: string };

/** R-SPOTCHECK: the checked unit's duty post answers by SMS; nobody else can answer for it. */
async function acknowledgeSpotCheckBySms(
  deps: SmsInboundDependencies,
  target: SpotCheckCodeTarget,
  sender: { unit: Unit; contact: Contact },
): Promise<InboundOutcome> {
  const spotCheck = await deps.spotChecks.getSpotCheck(target.spotCheckId);
  if (!spotCheck || spotCheck.unitId !== sender.unit.unitId)
    return { outcome: 'ignored', reason: `spot check ${target.spotCheckId} is not on ${sender.unit.unitId}` };
  const first = await deps.spotChecks.acknowledgeSpotCheck(
    spotCheck.spotCheckId,
    deps.now().toISOString(),
    sender.contact.name,
    `contact:${sender.contact.contactId}`,
  );
  return {
    outcome: 'spot-check-acknowledged',
    spotCheckId: spotCheck.spotCheckId,
    contactId: sender.contact.contactId,
    first,
  };
}

/** The first of the reply's candidate codes that the table knows. */
async function knownCode(
  repos: Pick<Repositories, 'acknowledgements'>,
  candidates: string[],
): Promise<{ code: string; target: CodeTarget } | undefined> {
  for (const code of candidates) {
    const target = await repos.acknowledgements.findAcknowledgementCode(code);
    if (target) return { code, target };
  }
  return undefined;
}

/** The operators are told, once, that a number has been guessing codes and is ignored for a while. */
async function alarmGuessing(deps: SmsInboundDependencies, phone: string, blockedUntil: string): Promise<void> {
  const { maxUnknownCodesPerWindow, windowMinutes } = deps.policy.acknowledgement;
  await deps.alarms.raise(
    `【系统告警】疑似猜测确认码 Acknowledgement codes guessed from ${phone}`,
    [
      `【系统告警】${formatLocalTime(deps.now())}（北京时间）号码 ${phone} 在${windowMinutes}分钟内回复的无效确认码超过${maxUnknownCodesPerWindow}个，${formatLocalTime(new Date(blockedUntil))} 前不再受理该号码的回复。`,
      `ALARM: ${phone} replied more than ${maxUnknownCodesPerWindow} unknown acknowledgement codes within ${windowMinutes} minutes; its replies are ignored until ${blockedUntil}.`,
    ].join('\n'),
  );
}

/**
 * R-LADDER: replies to escalation SMS, delivered by two-way SMS to an SNS topic this function
 * is subscribed to (locally: `POST /local/sms-inbound`). A reply carrying a step's code — anywhere
 * in it — from a contact the step was sent to, while the step's obligation is still owed,
 * acknowledges the step as that contact; a code from anyone else, or spent, is refused and the
 * refusal is in the incident's timeline. Every candidate code of a reply is a try, reserved per
 * number before it is looked up (a code found gives its try back): a number that guesses is
 * ignored for a while and the operators are told. A reply never meets an obligation.
 */
export function makeHandler(deps: SmsInboundDependencies) {
  return async (event: SNSEvent): Promise<InboundOutcome[]> => {
    const outcomes: InboundOutcome[] = [];
    for (const record of event.Records) {
      const sms = JSON.parse(record.Sns.Message) as InboundSms;
      const phone = String(sms.originationNumber ?? '');
      const candidates = acknowledgementCodesIn(typeof sms.messageBody === 'string' ? sms.messageBody : '');
      let outcome: InboundOutcome;
      const sender = findContactByPhone(await deps.directory.current(), phone);
      const { maxUnknownCodesPerWindow, windowMinutes, blockMinutes } = deps.policy.acknowledgement;
      // Every candidate is a try, reserved before it is looked up; a code that is found gives its try back.
      const reservation =
        candidates.length === 0
          ? undefined
          : await deps.replies.reserve(phone, candidates.length, deps.now(), {
              maxUnknownCodes: maxUnknownCodesPerWindow,
              windowMs: windowMinutes * 60_000,
              blockMs: blockMinutes * 60_000,
            });
      const found = reservation?.allowed ? await knownCode(deps, candidates) : undefined;
      if (found && sender) await deps.replies.giveBack(phone, 1);
      if (candidates.length === 0) outcome = { outcome: 'ignored', reason: 'no acknowledgement code in the reply' };
      else if (reservation && !reservation.allowed) {
        if (reservation.blocked) await alarmGuessing(deps, phone, reservation.blockedUntil);
        outcome = {
          outcome: 'ignored',
          reason: `replies from this number are ignored until ${reservation.blockedUntil}: too many unknown codes`,
        };
      } else if (!found) outcome = { outcome: 'ignored', reason: `unknown code ${candidates.join(', ')}` };
      else if (!sender) {
        // A known code from a number nobody in the directory has: forwarded or guessed. Recorded where the code belongs
        // (its try is not given back).
        if (!isSpotCheckCode(found.target)) {
          await deps.audit.appendEvent({
            incidentId: found.target.incidentId,
            at: deps.now().toISOString(),
            type: 'acknowledgement-refused',
            actor: `phone:${phone}`,
            unitId: 'unknown',
            detail: {
              obligationId: found.target.obligationId,
              escalationStep: found.target.escalationStep,
              code: found.code,
              via: 'sms',
              reason: 'unknown-sender',
              from: phone,
            },
          });
        }
        outcome = { outcome: 'ignored', reason: 'sender is not in the directory' };
      } else if (isSpotCheckCode(found.target)) outcome = await acknowledgeSpotCheckBySms(deps, found.target, sender);
      else {
        const result = await acknowledgeStep(deps, found.target, {
          contactId: sender.contact.contactId,
          unitId: sender.unit.unitId,
          via: 'sms',
          at: deps.now(),
          from: phone,
        });
        outcome = result.accepted
          ? { outcome: 'acknowledged', code: found.code, contactId: sender.contact.contactId, first: result.first }
          : { outcome: 'refused', code: found.code, reason: result.refusal };
      }
      logger.info('Inbound SMS', { inboundMessageId: sms.inboundMessageId, ...outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  };
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  replies: replyGuardFromEnvironment(),
  alarms: operatorAlarmsFromEnvironment(),
  policy: defaultPolicy,
  now: () => new Date(),
});
