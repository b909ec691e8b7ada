import type { Locale } from './directory';
import type { ObligationKind } from './obligations';

/** Every time shown to a person is in Beijing time, whatever the server's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/**
 * A time as a duty officer reads it: `2026-11-28 08:35` in Asia/Shanghai.
 *
 * @example
 * ```ts
 * formatLocalTime(new Date('2026-11-28T00:35:00Z')); // '2026-11-28 08:35'
 * ```
 */
export function formatLocalTime(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
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
};

/** The obligation kind as words. */
export function obligationName(kind: ObligationKind, locale: Locale): string {
  return OBLIGATION_NAMES[kind][locale];
}

export interface EscalationMessageInput {
  locale: Locale;
  incidentId: string;
  incidentTitle: string;
  unitName: string;
  obligationKind: ObligationKind;
  dueAt: Date;
  overdueByMilliseconds: number;
  /** Where the unit files the document, e.g. `https://…/incidents/INC-…/reports`. */
  filingUrl: string;
  escalationStep: number;
}

export interface EscalationMessage {
  /** E-mail subject (SNS allows up to 100 characters, ASCII and Chinese alike). */
  subject: string;
  /** The SMS text: everything needed to act, with no link-following required. */
  sms: string;
  /** The e-mail body: the SMS facts plus how to file, line by line. */
  email: string;
}

/**
 * R-LADDER / R-WRITTEN-30: the escalation message to the unit's duty contact when an
 * obligation is overdue — names the incident, what is overdue and by how much, and how to file.
 *
 * @example
 * ```ts
 * renderEscalationMessage({ locale: 'zh-CN', incidentId: 'INC-20261128-7K3Q9P', incidentTitle: '某化工企业储罐泄漏',
 *   unitName: '盘锦高升经济区管委会', obligationKind: 'written-report', dueAt: new Date('2026-11-28T00:35:00Z'),
 *   overdueByMilliseconds: 300_000, filingUrl: 'https://api.example.org/incidents/INC-20261128-7K3Q9P/reports', escalationStep: 1 }).sms;
 * // '【应急信息报告】逾期未报：盘锦高升经济区管委会，事件「某化工企业储罐泄漏」（INC-20261128-7K3Q9P）的书面报告应于2026-11-28 08:35（北京时间）前报送，已逾期5分钟。…'
 * ```
 */
export function renderEscalationMessage(input: EscalationMessageInput): EscalationMessage {
  const due = formatLocalTime(input.dueAt);
  // At ladder step 1 the message goes out at the deadline itself: "0 s overdue" reads oddly.
  const justDue = input.overdueByMilliseconds < 60_000;
  const overdue = formatDuration(input.overdueByMilliseconds, input.locale);
  const what = obligationName(input.obligationKind, input.locale);
  if (input.locale === 'en') {
    const sms =
      `[Incident reporting] OVERDUE: ${input.unitName}, the ${what} for incident "${input.incidentTitle}" (${input.incidentId}) ` +
      `was due by ${due} (Beijing time) and ${justDue ? 'has not been filed' : `is ${overdue} overdue`}. File it now: POST ${input.filingUrl}`;
    return {
      subject: `OVERDUE ${what}: ${input.incidentTitle} (${input.incidentId})`.slice(0, 100),
      sms,
      email: [
        sms,
        '',
        `Incident: ${input.incidentTitle} (${input.incidentId})`,
        `Overdue: ${what}, due ${due} Beijing time${justDue ? '' : `, ${overdue} overdue`}`,
        `How to file: POST ${input.filingUrl} with {"kind":"written", …}`,
        `Escalation step: ${input.escalationStep}.`,
      ].join('\n'),
    };
  }
  const sms =
    `【应急信息报告】逾期未报：${input.unitName}，事件「${input.incidentTitle}」（${input.incidentId}）的${what}` +
    `应于${due}（北京时间）前报送，${justDue ? '已到时限仍未报送' : `已逾期${overdue}`}。请立即报送：POST ${input.filingUrl}`;
  return {
    subject: `【逾期未报】${what}：${input.incidentTitle}（${input.incidentId}）`.slice(0, 100),
    sms,
    email: [
      sms,
      '',
      `事件：${input.incidentTitle}（${input.incidentId}）`,
      `逾期事项：${what}，应于${due}（北京时间）前报送，${justDue ? '已到时限仍未报送' : `已逾期${overdue}`}`,
      `报送方式：POST ${input.filingUrl}，正文 {"kind":"written", …}`,
      `催报级别：第${input.escalationStep}级。`,
    ].join('\n'),
  };
}
