import type { Locale } from './directory';
import { SEVERITY_NAMES, type Severity } from './incident';
import type { Obligation, ObligationKind } from './obligations';
import type { RoutingReason } from './routing';
import { cutText, fitVariable, SIGNATURE_BUDGET, type TemplateSmsContent } from './sms-templates';

// An incident title in a template SMS: enough to recognise it; the e-mail has it whole.
const MAX_TEMPLATE_TITLE = 12;

// SNS takes subjects of up to 100 characters.
const MAX_SUBJECT = 100;

/**
 * An e-mail subject around an incident's title: the title is shortened to fit, never the incident ID or what is owed.
 */
function subjectWithTitle(frame: (title: string) => string, title: string): string {
  const whole = frame(title);
  if (whole.length <= MAX_SUBJECT) return whole;
  return cutText(frame(`${cutText(title, Math.max(0, MAX_SUBJECT - frame('').length - 1))}…`), MAX_SUBJECT);
}

/** Every time shown to a person is in Beijing time, whatever the server's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** The length an SMS should keep to: one 70-character segment of Chinese text. */
export const SMS_MAX_CHARACTERS = 70;

function localParts(instant: Date): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: DISPLAY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
}

/**
 * A time as a duty officer reads it: `2026-11-28 08:35` in Asia/Shanghai.
 *
 * @example
 * ```ts
 * formatLocalTime(new Date('2026-11-28T00:35:00Z')); // '2026-11-28 08:35'
 * ```
 */
export function formatLocalTime(instant: Date): string {
  const parts = localParts(instant);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A short time for an SMS: `08:35` on the same local day as `now`, else `11-29 08:35`; seconds in drills. */
export function formatShortLocalTime(instant: Date, now: Date, withSeconds = false): string {
  const parts = localParts(instant);
  const today = localParts(now);
  const time = `${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ''}`;
  return parts.year === today.year && parts.month === today.month && parts.day === today.day
    ? time
    : `${parts.month}-${parts.day} ${time}`;
}

/**
 * A duration as words: `1小时5分钟`, `45秒` / `1 h 5 min`, `45 s`. Seconds only show under a
 * minute, which happens in drills.
 */
export function formatDuration(milliseconds: number, locale: Locale): string {
  const totalSeconds = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const zh = locale === 'zh-CN';
  if (hours === 0 && minutes === 0) return zh ? `${seconds}秒` : `${seconds} s`;
  const hourPart = hours > 0 ? (zh ? `${hours}小时` : `${hours} h `) : '';
  const minutePart = minutes > 0 || hours === 0 ? (zh ? `${minutes}分钟` : `${minutes} min`) : '';
  return `${hourPart}${minutePart}`.trim();
}

const OBLIGATION_NAMES: Record<ObligationKind, Record<Locale, string>> = {
  'written-report': { 'zh-CN': '书面报告', en: 'written report' },
  'follow-up': { 'zh-CN': '续报', en: 'follow-up report' },
  'verification-phone': { 'zh-CN': '核报电话反馈', en: 'phone answer to the verification request' },
  'verification-written': { 'zh-CN': '核报书面报告', en: 'written answer to the verification request' },
  'instruction-feedback': { 'zh-CN': '批示办理反馈', en: "feedback on the leader's instruction" },
};

/** The obligation kind as words. */
export function obligationName(kind: ObligationKind, locale: Locale): string {
  return OBLIGATION_NAMES[kind][locale];
}

const ROUTING_REASON_NAMES: Record<RoutingReason, Record<Locale, string>> = {
  'R-DIRECT-CITY': { 'zh-CN': '直报市政府', en: 'direct report to the city government' },
  'R-DUAL': { 'zh-CN': '县委县政府同报', en: 'reported to the county party committee and government together' },
  'R-ENTERPRISE': { 'zh-CN': '企业同步报告', en: 'enterprise report, copied at once' },
  'R-HORIZONTAL': { 'zh-CN': '部门互通', en: 'for the responsible department' },
};

/**
 * Issue 14 item 6: where a unit files what an obligation asks for — the obligation's page in the console
 * (`<consoleUrl>#/incidents/<incidentId>/obligations/<obligationId>`, the console's router parses it), never a raw API
 * call to copy (the old `POST …/feedback {}` was a body the API itself refuses).
 *
 * @example
 * ```ts
 * obligationConsoleUrl('https://d1.cloudfront.net/console/', { incidentId: 'INC-20261128-7K3Q9P', obligationId:
 * 'written-report' });
 * // 'https://d1.cloudfront.net/console/#/incidents/INC-20261128-7K3Q9P/obligations/written-report'
 * ```
 */
export function obligationConsoleUrl(
  consoleUrl: string,
  obligation: Pick<Obligation, 'incidentId' | 'obligationId'>,
): string {
  return `${incidentConsoleUrl(consoleUrl, obligation.incidentId)}/obligations/${encodeURIComponent(obligation.obligationId)}`;
}

/** Issue 14 item 6: an incident's page in the console (`<consoleUrl>#/incidents/<incidentId>`). */
export function incidentConsoleUrl(consoleUrl: string, incidentId: string): string {
  // The console is a directory (`…/console/`): without its slash the page's relative files would not load.
  const base = consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`;
  return `${base}#/incidents/${encodeURIComponent(incidentId)}`;
}

export interface Message {
  /** E-mail subject (SNS allows up to 100 characters). */
  subject: string;
  /** The SMS: short (≤ 70 characters in Chinese where possible), enough to act on without a link. */
  sms: string;
  /** The e-mail body: the SMS, then every detail line by line. */
  email: string;
  /** The SMS in a few words, for a merged SMS when the recipient was just sent one. */
  digestLine: string;
  /**
   * The SMS as a provider template and its variables (the `gateway` SMS mode, issue 7); none for an e-mail-only
   * message.
   */
  smsTemplate?: TemplateSmsContent;
}

/** What every message about an obligation names. */
export interface ObligationMessageInput {
  locale: Locale;
  incidentId: string;
  incidentTitle: string;
  unitName: string;
  unitShortName: string;
  obligationKind: ObligationKind;
  dueAt: Date;
  now: Date;
  /** The obligation's page in the console (`obligationConsoleUrl`), for the "how to file" line. */
  filingUrl: string;
  /** Drills show seconds: their deadlines are seconds apart. */
  drill: boolean;
}

function howToFile(input: ObligationMessageInput): string {
  return input.locale === 'en' ? `in the console, ${input.filingUrl}` : `登录值班台报送 ${input.filingUrl}`;
}

/**
 * R-LADDER (before the ladder): the one reminder to the unit that owes a document, sent when
 * most of its window has passed.
 *
 * @example
 * ```ts
 * renderReminderMessage({ locale: 'zh-CN', incidentId: 'INC-20261128-7K3Q9P', unitShortName: '高升经济区', obligationKind:
 * 'written-report', dueAt, now, … }).sms;
 * // '【应急提醒】高升经济区：INC-20261128-7K3Q9P书面报告将于08:35到期，请按时报送。'
 * ```
 */
export function renderReminderMessage(input: ObligationMessageInput): Message {
  const what = obligationName(input.obligationKind, input.locale);
  const due = formatShortLocalTime(input.dueAt, input.now, input.drill);
  const dueFull = formatLocalTime(input.dueAt);
  const smsTemplate: TemplateSmsContent = {
    templateId: 'reminder',
    variables: { unit: input.unitShortName, incident: input.incidentId, item: fitVariable(what), due },
  };
  if (input.locale === 'en') {
    const sms = `[Reminder] ${input.unitShortName}: the ${what} for ${input.incidentId} is due at ${due} Beijing time. Please file it on time.`;
    return {
      subject: cutText(`Reminder: ${what} due ${dueFull} (${input.incidentId})`, MAX_SUBJECT),
      sms,
      smsTemplate,
      digestLine: `${what} for ${input.incidentId} due ${due}`,
      email: [
        sms,
        '',
        `Incident: ${input.incidentTitle} (${input.incidentId})`,
        `Unit: ${input.unitName}`,
        `Due: ${dueFull} Beijing time`,
        `How to file: ${howToFile(input)}`,
      ].join('\n'),
    };
  }
  const sms = `【应急提醒】${input.unitShortName}：${input.incidentId}${what}将于${due}到期，请按时报送。`;
  return {
    subject: subjectWithTitle((title) => `【到期提醒】${what}：${title}（${input.incidentId}）`, input.incidentTitle),
    sms,
    smsTemplate,
    digestLine: `${input.incidentId}${what}${due}到期`,
    email: [
      sms,
      '',
      `事件：${input.incidentTitle}（${input.incidentId}）`,
      `责任单位：${input.unitName}`,
      `报送时限：${dueFull}（北京时间）`,
      `报送方式：${howToFile(input)}`,
    ].join('\n'),
  };
}

export interface EscalationMessageInput extends ObligationMessageInput {
  /** How late, in the policy's time (a drill multiplies the real lateness by its speed). */
  overdueByMilliseconds: number;
  escalationStep: number;
  repeat: number;
  /** True when the message goes to the unit that owes the document; false for its leaders and the county. */
  addressedToResponsibleUnit: boolean;
  /** Reply with it by SMS, or open `acknowledgementUrl`, to acknowledge (R-LADDER). */
  acknowledgementCode: string;
  acknowledgementUrl: string;
}

/**
 * R-LADDER: an escalation round's message. To the responsible unit it says "file now"; to its
 * leader and the county it says "see that it is filed". Every one names the incident, the unit,
 * the document, how late it is and the code that acknowledges it.
 *
 * @example
 * ```ts
 * renderEscalationMessage({ locale: 'zh-CN', incidentId: 'INC-20261128-7K3Q9P', unitShortName: '高升经济区', obligationKind:
 * 'written-report',
 *   overdueByMilliseconds: 300_000, escalationStep: 1, repeat: 0, addressedToResponsibleUnit: true,
 * acknowledgementCode: 'K7Q3PA', … }).sms;
 * // '【应急催报】高升经济区：INC-20261128-7K3Q9P书面报告已逾期5分钟，请立即报送。回复K7Q3PA确认'
 * ```
 */
export function renderEscalationMessage(input: EscalationMessageInput): Message {
  const what = obligationName(input.obligationKind, input.locale);
  // At the first step the message goes out at the deadline itself: "0 s overdue" reads oddly.
  const justDue = input.overdueByMilliseconds < 60_000;
  const overdue = formatDuration(input.overdueByMilliseconds, input.locale);
  const dueFull = formatLocalTime(input.dueAt);
  const code = input.acknowledgementCode;
  // Templates say how late in fewer characters: "逾期23时59分", so the whole SMS and the signature fit one segment.
  const hours = Math.floor(input.overdueByMilliseconds / 3_600_000);
  const minutes = Math.floor((input.overdueByMilliseconds % 3_600_000) / 60_000);
  const compactLateness =
    input.locale === 'en'
      ? justDue
        ? 'is due now, not filed'
        : `is ${hours > 0 ? `${hours} h ` : ''}${minutes} min overdue`
      : justDue
        ? '已到期未报'
        : hours > 0
          ? `逾期${hours}时${minutes}分`
          : `逾期${minutes}分钟`;
  const templateFor = (): TemplateSmsContent => {
    const variables = {
      unit: input.unitShortName,
      incident: input.incidentId,
      item: fitVariable(what),
      lateness: compactLateness,
      code,
    };
    return input.addressedToResponsibleUnit
      ? { templateId: 'escalation-to-unit', variables }
      : { templateId: 'escalation-to-supervisors', variables: { ...variables, step: String(input.escalationStep) } };
  };
  if (input.locale === 'en') {
    const lateness = justDue ? 'is due now and not filed' : `is ${overdue} overdue`;
    const sms = input.addressedToResponsibleUnit
      ? `[Overdue] ${input.unitShortName}: the ${what} for ${input.incidentId} ${lateness}. File it now. Reply ${code} to acknowledge.`
      : `[Overdue, step ${input.escalationStep}] ${input.unitShortName}: the ${what} for ${input.incidentId} ${lateness}. Please see that it is filed. Reply ${code} to acknowledge.`;
    return {
      subject: subjectWithTitle((title) => `OVERDUE ${what}: ${title} (${input.incidentId})`, input.incidentTitle),
      sms,
      smsTemplate: templateFor(),
      digestLine: `${input.unitShortName}: ${what} for ${input.incidentId} ${lateness} (reply ${code})`,
      email: [
        sms,
        '',
        `Incident: ${input.incidentTitle} (${input.incidentId})`,
        `Responsible unit: ${input.unitName}`,
        `Overdue: ${what}, due ${dueFull} Beijing time${justDue ? '' : `, ${overdue} overdue`}`,
        `How to file: ${howToFile(input)}`,
        `Escalation step ${input.escalationStep}${input.repeat > 0 ? `, repeat ${input.repeat}` : ''}.`,
        `Acknowledge: reply ${code} by SMS, or open ${input.acknowledgementUrl}`,
        'Acknowledging stops repeats of this step; only filing the document stops the escalation.',
      ].join('\n'),
    };
  }
  const lateness = justDue ? '已到时限未报' : `已逾期${overdue}`;
  const sms = input.addressedToResponsibleUnit
    ? `【应急催报】${input.unitShortName}：${input.incidentId}${what}${lateness}，请立即报送。回复${code}确认`
    : `【应急催报${input.escalationStep}级】${input.unitShortName}${input.incidentId}${what}${lateness}，请督促报送。回复${code}确认`;
  return {
    subject: subjectWithTitle(
      (title) => `【逾期未报·${input.escalationStep}级】${what}：${title}（${input.incidentId}）`,
      input.incidentTitle,
    ),
    sms,
    smsTemplate: templateFor(),
    digestLine: `${input.unitShortName}${input.incidentId}${what}${lateness}（回复${code}）`,
    email: [
      sms,
      '',
      `事件：${input.incidentTitle}（${input.incidentId}）`,
      `责任单位：${input.unitName}`,
      `逾期事项：${what}，应于${dueFull}（北京时间）前报送，${justDue ? '已到时限仍未报送' : `已逾期${overdue}`}`,
      `报送方式：${howToFile(input)}`,
      `催报级别：第${input.escalationStep}级${input.repeat > 0 ? `（第${input.repeat}次重复）` : ''}。`,
      `确认收到：短信回复${code}，或打开 ${input.acknowledgementUrl}`,
      '确认收到只停止本级重复催报；报送材料后催报才会停止。',
    ].join('\n'),
  };
}

export interface ImmediateNotificationMessageInput {
  locale: Locale;
  incidentId: string;
  incidentTitle: string;
  severity: Severity;
  unitName: string;
  unitShortName: string;
  reasons: RoutingReason[];
  occurredAt: Date;
  location: string;
  /** The incident's page in the console (`incidentConsoleUrl`), for the "details" line. */
  detailUrl: string;
}

/**
 * R-DIRECT-CITY, R-DUAL, R-ENTERPRISE, R-HORIZONTAL: the message that tells a unit about an
 * incident the moment it is reported. The title is shortened to keep the SMS in one segment.
 *
 * @example
 * ```ts
 * renderImmediateNotification({ locale: 'zh-CN', reasons: ['R-DIRECT-CITY'], unitShortName: '高升经济区', severity:
 * 'especially-major', … }).sms;
 * // '【应急信息】直报市政府：高升经济区报告特别重大事件「某化工企业储罐爆炸」（INC-20261128-7K3Q9P），请关注。'
 * ```
 */
export function renderImmediateNotification(input: ImmediateNotificationMessageInput): Message {
  const reasons = input.reasons.map((reason) => ROUTING_REASON_NAMES[reason][input.locale]);
  const severity = SEVERITY_NAMES[input.severity][input.locale];
  const detailUrl = input.detailUrl;
  // The template's title is cut to what leaves the whole SMS within one segment, the provider's signature included.
  const templateTitle = (room: number) =>
    fitVariable(input.incidentTitle, Math.max(4, Math.min(room, MAX_TEMPLATE_TITLE)));
  const smsTemplate = (room: number): TemplateSmsContent => ({
    templateId: 'immediate-notice',
    variables: {
      reason: fitVariable(reasons[0] ?? ''),
      unit: input.unitShortName,
      severity,
      title: templateTitle(room),
      incident: input.incidentId,
    },
  });
  if (input.locale === 'en') {
    const sms = `[Incident] ${reasons.join('; ')}: ${input.unitShortName} reports a ${severity} incident "${input.incidentTitle}" (${input.incidentId}).`;
    return {
      subject: subjectWithTitle((title) => `${severity} incident: ${title} (${input.incidentId})`, input.incidentTitle),
      sms,
      smsTemplate: smsTemplate(MAX_TEMPLATE_TITLE),
      digestLine: `${input.unitShortName} reports a ${severity} incident ${input.incidentId}`,
      email: [
        sms,
        '',
        `Incident: ${input.incidentTitle} (${input.incidentId})`,
        `Reported by: ${input.unitName}`,
        `Occurred: ${formatLocalTime(input.occurredAt)} Beijing time, ${input.location}`,
        `Why you: ${reasons.join('; ')}`,
        `Details: ${detailUrl}`,
      ].join('\n'),
    };
  }
  const frame = (title: string) =>
    `【应急信息】${reasons[0]}：${input.unitShortName}报告${severity}事件「${title}」（${input.incidentId}），请关注。`;
  const room = SMS_MAX_CHARACTERS - frame('').length;
  const title =
    input.incidentTitle.length <= room
      ? input.incidentTitle
      : `${cutText(input.incidentTitle, Math.max(1, room - 1))}…`;
  const sms = frame(title);
  // The template frame is 5 characters shorter than the SNS one (速报：, no 【】 or 「」), but the provider adds its
  // signature.
  return {
    subject: subjectWithTitle((title) => `【${severity}】${title}（${input.incidentId}）`, input.incidentTitle),
    sms,
    smsTemplate: smsTemplate(room + 5 - SIGNATURE_BUDGET),
    digestLine: `${input.unitShortName}报告${severity}事件${input.incidentId}`,
    email: [
      sms,
      '',
      `事件：${input.incidentTitle}（${input.incidentId}）`,
      `报告单位：${input.unitName}`,
      `发生时间：${formatLocalTime(input.occurredAt)}（北京时间），地点：${input.location}`,
      `通知原因：${reasons.join('；')}`,
      `详情：${detailUrl}`,
    ].join('\n'),
  };
}

// GSM 03.38: the basic set, and the extension characters that take two places.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€';

/**
 * How many characters of one SMS segment a text takes, and the segment's size: GSM 7-bit text
 * (English) has 160, anything else (Chinese) is sent as UCS-2 and has 70 (R-LADDER: one SMS,
 * one segment, nothing split or dropped on the way).
 */
export function smsSegmentUse(text: string): { length: number; limit: number } {
  let gsmLength = 0;
  for (const character of text) {
    if (GSM_BASIC.includes(character)) gsmLength += 1;
    else if (GSM_EXTENSION.includes(character)) gsmLength += 2;
    else return { length: text.length, limit: SMS_MAX_CHARACTERS };
  }
  return { length: gsmLength, limit: 160 };
}

/** True when the text goes out as one SMS segment. */
export function fitsOneSmsSegment(text: string): boolean {
  const { length, limit } = smsSegmentUse(text);
  return length <= limit;
}

/**
 * One SMS for the messages a recipient could not be sent one by one (no phone gets a flood when
 * many deadlines pass together): each in a few words while they fit one segment, then how many
 * there are in all ("…等N条"); the detail of every one is in the e-mail and the console.
 *
 * @example
 * ```ts
 * renderSmsDigest('zh-CN', ['高升经济区INC-20261128-7K3Q9P书面报告已逾期30分钟（回复K7Q3PA）',
 * '示例镇甲INC-20261128-Q2W3E4续报已逾期15分钟（回复HMTJY7）']);
 * // '【应急信息汇总】高升经济区INC-20261128-7K3Q9P书面报告已逾期30分钟（回复K7Q3PA）…等2条，详见邮件。'
 * ```
 */
export function renderSmsDigest(locale: Locale, lines: string[]): string {
  const zh = locale !== 'en';
  const separator = zh ? '；' : '; ';
  const whole = zh
    ? `【应急信息汇总】${lines.length}条：${lines.join(separator)}。详见邮件。`
    : `[Incident reporting, ${lines.length} items] ${lines.join(separator)}. Details by e-mail.`;
  if (fitsOneSmsSegment(whole)) return whole;
  const frame = (shown: string) =>
    zh
      ? `【应急信息汇总】${shown}…等${lines.length}条，详见邮件。`
      : `[Incident reporting] ${shown}... ${lines.length} items in all, details by e-mail.`;
  let shown = '';
  for (const line of lines) {
    const longer = shown ? `${shown}${separator}${line}` : line;
    if (!fitsOneSmsSegment(frame(longer))) break;
    shown = longer;
  }
  // Not even the first fits whole: without its reply code (a code cut in half is worse than none; each one is in its
  // own e-mail), then as much as fits.
  if (!shown) {
    const first = (lines[0] ?? '').replace(/\s*[（(](回复|reply)\s*[0-9A-Z]+[）)]$/, '');
    const characters = Array.from(first);
    let cut = characters.length;
    while (cut > 0 && !fitsOneSmsSegment(frame(characters.slice(0, cut).join('')))) cut -= 1;
    shown = characters.slice(0, cut).join('');
  }
  return frame(shown);
}

/** The merged SMS as a provider template: how many, and the first in a few words. */
export function digestSmsTemplate(lines: string[]): TemplateSmsContent {
  return { templateId: 'digest', variables: { count: String(lines.length), first: fitVariable(lines[0] ?? '') } };
}

/**
 * R-SPOTCHECK: the spot-check SMS to a unit's duty post — who asks, by when, and the code to reply.
 *
 * @example
 * ```ts
 * renderSpotCheckMessage({ locale: 'zh-CN', unitShortName: '示例镇甲', dueAt, now, code: 'K7Q3PA', drill: false });
 * // '【值班抽查】示例镇甲：县政府总值班室值班抽查，请于08:45前回复K7Q3PA确认在岗。'
 * ```
 */
/** R-SPOTCHECK: the spot-check SMS as a provider template. */
export function spotCheckSmsTemplate(input: {
  unitShortName: string;
  dueAt: Date;
  now: Date;
  code: string;
  drill: boolean;
}): TemplateSmsContent {
  return {
    templateId: 'spot-check',
    variables: {
      unit: input.unitShortName,
      due: formatShortLocalTime(input.dueAt, input.now, input.drill),
      code: input.code,
    },
  };
}

export function renderSpotCheckMessage(input: {
  locale: Locale;
  unitShortName: string;
  dueAt: Date;
  now: Date;
  code: string;
  drill: boolean;
}): string {
  const due = formatShortLocalTime(input.dueAt, input.now, input.drill);
  return input.locale === 'en'
    ? `[Duty spot check] ${input.unitShortName}: the county duty office is checking the duty post. Reply ${input.code} by ${due} Beijing time.`
    : `【值班抽查】${input.unitShortName}：县政府总值班室值班抽查，请于${due}前回复${input.code}确认在岗。`;
}
