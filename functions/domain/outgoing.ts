import { acknowledgementUrl } from './acknowledgements';
import { findContact, requireUnit, type Contact, type Directory, type Unit } from './directory';
import { resolveRole, type CoverageByUnit, type DutyBasis } from './duty-resolution';
import type { Incident } from './incident';
import {
  incidentConsoleUrl,
  obligationConsoleUrl,
  renderEscalationMessage,
  renderImmediateNotification,
  renderReminderMessage,
  renderSpotCheckMessage,
  spotCheckSmsTemplate,
  type Message,
  type ObligationMessageInput,
} from './messages';
import type { EscalationRound, Obligation } from './obligations';
import type { ReportingPolicy } from './policy';
import type { EscalationChannel, MessageRecord } from './records';
import { immediateNotifications, ladderRecipients, type ImmediateNotification, type Recipient } from './routing';
import type { SpotCheck } from './spot-checks';

/**
 * Who gets which message: each decision goes recipient (a unit and a role) → that role's contact
 * in the directory → the message in the contact's language. The one delivery path
 * (`deliverMessages`) then claims and sends each of them, whatever their kind.
 */

/** One message to one contact of one unit. */
export interface OutgoingMessage {
  unitId: string;
  contact: Contact;
  message: Message;
  /** Default: SMS, and e-mail where the contact has an address. */
  channels?: EscalationChannel[];
  /** Issue 15: the roster entry that made this contact the recipient (kept on the message's record). */
  onDuty?: DutyBasis;
  /** Issue 15: the unit keeps a roster and none covered the moment: the standing contact got it instead. */
  rosterGap?: boolean;
}

/** Each recipient's contact in the directory, with the message `render` writes for it. */
export function messagesTo<R extends Recipient>(
  recipients: R[],
  directory: Directory,
  render: (to: { recipient: R; unit: Unit; contact: Contact }) => Message,
  coverage: CoverageByUnit = new Map(),
): OutgoingMessage[] {
  const sent = new Set<string>();
  return recipients.flatMap((recipient) => {
    const unit = requireUnit(directory, recipient.unitId);
    // Issue 15, R-LADDER: the role's holder on the roster now (one message per person, whatever roles they hold).
    return resolveRole(unit, recipient.role, coverage.get(unit.unitId))
      .filter(({ contact }) => !sent.has(contact.contactId) && sent.add(contact.contactId))
      .map(({ contact, onDuty, rosterGap }) => ({
        unitId: unit.unitId,
        contact,
        message: render({ recipient, unit, contact }),
        ...(onDuty ? { onDuty } : {}),
        ...(rosterGap ? { rosterGap } : {}),
      }));
  });
}

/** Issue 15: the units whose rosters a sending to these recipients must read (each once). */
export function unitsToCover(recipients: readonly Recipient[]): string[] {
  return [...new Set(recipients.map((recipient) => recipient.unitId))];
}

/** What every message about an obligation says, for one contact. */
export function obligationMessageInput(
  obligation: Obligation,
  incident: Incident | undefined,
  unit: Unit,
  contact: Contact,
  consoleUrl: string,
  now: Date,
): ObligationMessageInput {
  return {
    locale: contact.locale,
    incidentId: obligation.incidentId,
    incidentTitle: incident?.title ?? obligation.incidentId,
    unitName: unit.name[contact.locale],
    unitShortName: unit.shortName[contact.locale],
    obligationKind: obligation.kind,
    dueAt: new Date(obligation.dueAt),
    now,
    filingUrl: obligationConsoleUrl(consoleUrl, obligation),
    drill: obligation.drillSpeed > 1,
  };
}

/** R-LADDER (before the ladder): the one reminder, to the duty contact of the unit that owes the document. */
export function reminderMessages(input: {
  obligation: Obligation;
  incident: Incident | undefined;
  directory: Directory;
  /** The console's URL, for the link to the obligation's page (issue 14 item 6). */
  consoleUrl: string;
  now: Date;
  /** Issue 15: who is on duty now in the unit. */
  coverage?: CoverageByUnit;
}): OutgoingMessage[] {
  const { obligation, incident, directory, consoleUrl, now } = input;
  const unit = requireUnit(directory, obligation.unitId);
  return messagesTo(
    [{ unitId: unit.unitId, role: 'dutyContact' }],
    directory,
    ({ contact }) =>
      renderReminderMessage(obligationMessageInput(obligation, incident, unit, contact, consoleUrl, now)),
    input.coverage,
  );
}

export interface EscalationMessagesInput {
  obligation: Obligation;
  incident: Incident | undefined;
  round: EscalationRound;
  directory: Directory;
  policy: ReportingPolicy;
  /** How late, in the policy's time. */
  overdueByMilliseconds: number;
  /** The step's acknowledgement code: the same for every recipient and repeat. */
  code: string;
  /** Signs each contact's acknowledgement link. */
  signingKey: string;
  /** The API's URL, for the signed acknowledgement link. */
  apiUrl: string;
  /** The console's URL, for the link to the obligation's page (issue 14 item 6). */
  consoleUrl: string;
  now: Date;
  /** Issue 15: who is on duty now in each unit of the round's audience (`escalationUnits`). */
  coverage?: CoverageByUnit;
}

/** Issue 15: the units whose rosters an escalation round reads. */
export function escalationUnits(input: Pick<EscalationMessagesInput, 'obligation' | 'round' | 'directory' | 'policy'>) {
  const unit = requireUnit(input.directory, input.obligation.unitId);
  return unitsToCover(ladderRecipients(input.round.audience, unit, input.policy));
}

/**
 * R-LADDER: an escalation round's messages. Its audience (`ladderRecipients`: the unit's duty
 * contact, its principal leader, its local government, or the county duty offices and leadership,
 * always both offices: R-DUAL), each told "file now" when it owes the document and "see that it is
 * filed" otherwise, with the step's code and the contact's own signed link.
 */
export function escalationMessages(input: EscalationMessagesInput): OutgoingMessage[] {
  const { obligation, incident, round, directory, code, apiUrl, consoleUrl, now } = input;
  const unit = requireUnit(directory, obligation.unitId);
  return messagesTo(
    ladderRecipients(round.audience, unit, input.policy),
    directory,
    ({ recipient, contact }) =>
      renderEscalationMessage({
        ...obligationMessageInput(obligation, incident, unit, contact, consoleUrl, now),
        overdueByMilliseconds: input.overdueByMilliseconds,
        escalationStep: round.escalationStep,
        repeat: round.repeat,
        addressedToResponsibleUnit: recipient.unitId === unit.unitId && recipient.role === 'dutyContact',
        acknowledgementCode: code,
        acknowledgementUrl: acknowledgementUrl(apiUrl, input.signingKey, code, contact.contactId),
      }),
    input.coverage,
  );
}

/**
 * R-DIRECT-CITY, R-ENTERPRISE, R-HORIZONTAL, R-DUAL: who must know of an incident at once
 * (`immediateNotifications`), and the notice each of their contacts gets.
 */
export function immediateNotificationMessages(input: {
  incident: Incident;
  policy: ReportingPolicy;
  directory: Directory;
  /** The console's URL, for the link to the incident's page (issue 14 item 6). */
  consoleUrl: string;
  /** Issue 15: who is on duty now in each unit told (`notificationUnits`). */
  coverage?: CoverageByUnit;
}): { routed: ImmediateNotification[]; outgoing: OutgoingMessage[] } {
  const { incident, directory } = input;
  const reportingUnit = requireUnit(directory, incident.unitId);
  const routed = immediateNotifications(incident, input.policy, directory);
  const outgoing = messagesTo(
    routed,
    directory,
    ({ recipient, contact }) =>
      renderImmediateNotification({
        locale: contact.locale,
        incidentId: incident.incidentId,
        incidentTitle: incident.title,
        severity: incident.severity,
        unitName: reportingUnit.name[contact.locale],
        unitShortName: reportingUnit.shortName[contact.locale],
        reasons: recipient.reasons,
        occurredAt: new Date(incident.occurredAt),
        location: incident.location,
        detailUrl: incidentConsoleUrl(input.consoleUrl, incident.incidentId),
      }),
    input.coverage,
  );
  return { routed, outgoing };
}

/** Issue 15: the units whose rosters the immediate notifications of an incident read. */
export function notificationUnits(incident: Incident, policy: ReportingPolicy, directory: Directory): string[] {
  return unitsToCover(immediateNotifications(incident, policy, directory));
}

/** R-SPOTCHECK: the sending of a spot check's SMS (under the check's ID, as it has no incident). */
export const SPOT_CHECK_MESSAGE_KEY = 'spot-check';

/**
 * R-SPOTCHECK: the spot-check SMS to the unit's duty contact, with the code to reply. SMS only:
 * the check measures whether the duty post answers its phone.
 */
export function spotCheckMessages(input: {
  spotCheck: SpotCheck;
  code: string;
  directory: Directory;
  now: Date;
}): OutgoingMessage[] {
  const { spotCheck, code, now } = input;
  const dueAt = new Date(spotCheck.dueAt);
  return messagesTo([{ unitId: spotCheck.unitId, role: 'dutyContact' }], input.directory, ({ unit, contact }) => {
    const sms = renderSpotCheckMessage({
      locale: contact.locale,
      unitShortName: unit.shortName[contact.locale],
      dueAt,
      now,
      code,
      drill: false,
    });
    return {
      sms,
      subject: sms,
      email: sms,
      digestLine: sms,
      smsTemplate: spotCheckSmsTemplate({
        unitShortName: unit.shortName[contact.locale],
        dueAt,
        now,
        code,
        drill: false,
      }),
    };
  }).map((outgoing) => ({ ...outgoing, channels: ['sms'] }));
}

/**
 * R-LADDER: an SMS that still failed after every retry goes to its contact by e-mail, marked as
 * such — or, for a contact without an address, nowhere (undefined): the operators phone them.
 */
export function smsFallbackMessage(
  failed: Pick<MessageRecord, 'unitId' | 'contactId' | 'text'>,
  incidentId: string,
  directory: Directory,
): OutgoingMessage | undefined {
  const found = findContact(directory, failed.contactId);
  if (!found?.contact.email) return undefined;
  const zh = found.contact.locale === 'zh-CN';
  const subject = zh ? `【短信未送达，改发邮件】${incidentId}` : `[SMS not delivered, sent by e-mail] ${incidentId}`;
  const body = zh
    ? `发给您的短信多次发送失败，内容如下：\n\n${failed.text ?? ''}`
    : `The SMS to you could not be sent after several attempts. It said:\n\n${failed.text ?? ''}`;
  return {
    unitId: failed.unitId,
    contact: found.contact,
    channels: ['email'],
    message: { subject, sms: '', email: body, digestLine: '' },
  };
}
