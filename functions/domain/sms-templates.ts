import type { Locale } from './directory';
import { ConfigurationError } from './errors';

/**
 * SMS as template + variables, for the `gateway` SMS mode of the China regions (issue 7):
 * domestic providers send only pre-approved templates (模板) under a registered signature
 * (签名), with `${variable}` slots. Every message kind has one; `docs/sms-templates.md` lists
 * them ready to submit for approval (a test keeps the two the same).
 *
 * Provider rules the texts keep: no 【】 (the provider puts the signature there, and adds it to
 * the length), each variable at most 35 characters, the whole SMS one 70-character segment.
 */
export const SMS_TEMPLATE_IDS = [
  'reminder',
  'escalation-to-unit',
  'escalation-to-supervisors',
  'immediate-notice',
  'spot-check',
  'digest',
] as const;
export type SmsTemplateId = (typeof SMS_TEMPLATE_IDS)[number];

export interface SmsTemplate {
  /** The text to submit, per language, with `${variable}` slots. */
  text: Record<Locale, string>;
  /** What it is sent for, and the requirement it serves. */
  usedFor: string;
}

export const SMS_TEMPLATES: Record<SmsTemplateId, SmsTemplate> = {
  reminder: {
    text: {
      'zh-CN': '提醒：${unit}${incident}${item}将于${due}到期，请按时报送。',
      en: 'Reminder: ${unit} ${incident} ${item} is due at ${due} Beijing time. Please file it on time.',
    },
    usedFor:
      'R-LADDER: the reminder before a deadline — written report (R-WRITTEN-30), follow-up (R-FOLLOWUP), verification due (R-VERIFY-20-40), instruction feedback due (R-INSTRUCTION-12H)',
  },
  'escalation-to-unit': {
    text: {
      'zh-CN': '催报：${unit}${incident}${item}${lateness}，请即报送。回复${code}确认',
      en: 'Overdue: ${unit} ${incident} ${item} ${lateness}. File it now. Reply ${code} to acknowledge.',
    },
    usedFor:
      'R-LADDER step 1 (and its repeats), to the responsible unit’s duty contact: any overdue document, verification answers and instruction feedback included',
  },
  'escalation-to-supervisors': {
    text: {
      'zh-CN': '催报${step}级：${unit}${incident}${item}${lateness}，请督办。回复${code}确认',
      en: 'Overdue, step ${step}: ${unit} ${incident} ${item} ${lateness}. See that it is filed. Reply ${code} to acknowledge.',
    },
    usedFor:
      'R-LADDER steps 2 and up: the unit’s principal leader, the local government of an enterprise, the county duty offices and leadership (R-DUAL)',
  },
  'immediate-notice': {
    text: {
      'zh-CN': '速报：${reason}，${unit}报告${severity}事件${title}（${incident}），请关注。',
      en: 'Incident: ${reason}. ${unit} reports a ${severity} incident ${title} (${incident}).',
    },
    usedFor: 'R-DIRECT-CITY (direct to the city), R-DUAL, R-ENTERPRISE, R-HORIZONTAL: told at once',
  },
  'spot-check': {
    text: {
      'zh-CN': '值班抽查：${unit}，县政府总值班室值班抽查，请于${due}前回复${code}确认在岗。',
      en: 'Duty spot check: ${unit}, the county duty office is checking the duty post. Reply ${code} by ${due} Beijing time.',
    },
    usedFor: 'R-SPOTCHECK: the duty post must answer with the code',
  },
  digest: {
    text: {
      'zh-CN': '应急汇总${count}条：${first}等，详见邮件。',
      en: 'Incident reporting, ${count} items: ${first} and more. Details by e-mail.',
    },
    usedFor: 'R-LADDER: the merged SMS of a phone that was just sent one (at most one SMS per recipient per 2 minutes)',
  },
};

/** The length a provider's signature adds (【 + name + 】): names up to 7 characters fit (e.g. 【盘县应急管理局】). */
export const SIGNATURE_BUDGET = 9;
/** Alibaba Cloud's limit on one variable's value. */
export const MAX_VARIABLE_LENGTH = 35;

/** A message as template and variables. */
export interface TemplateSmsContent {
  templateId: SmsTemplateId;
  variables: Record<string, string>;
}

/** The variables a template's text names, in order. */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
}

/**
 * The text a template gives with these variables, as the provider renders it (without its signature).
 * @throws when a variable the template names is missing: the provider would refuse the SMS.
 *
 * @example
 * ```ts
 * renderSmsTemplate({ templateId: 'spot-check', variables: { unit: '示例镇甲', due: '08:45', code: 'K7Q3PA' } }, 'zh-CN');
 * // '值班抽查：示例镇甲，县政府总值班室值班抽查，请于08:45前回复K7Q3PA确认在岗。'
 * ```
 */
export function renderSmsTemplate(content: TemplateSmsContent, locale: Locale): string {
  return SMS_TEMPLATES[content.templateId].text[locale].replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = content.variables[name];
    if (value === undefined)
      throw new ConfigurationError(`SMS template ${content.templateId} needs the variable ${name}`);
    return value;
  });
}

/** A variable's value cut to the provider's limit (with an ellipsis when it was longer). */
export function fitVariable(value: string, maxLength = MAX_VARIABLE_LENGTH): string {
  return value.length <= maxLength ? value : `${cutText(value, maxLength - 1)}…`;
}

/**
 * At most `maxLength` UTF-16 code units of a text, cut between characters: a surrogate pair
 * (an emoji, a rare CJK character) is kept whole or dropped, never split into a lone surrogate
 * that no SMS, e-mail or SNS publish can carry.
 */
export function cutText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const end = /[\uD800-\uDBFF]/.test(text[maxLength - 1] ?? '') ? maxLength - 1 : maxLength;
  return text.slice(0, Math.max(0, end));
}
