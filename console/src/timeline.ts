// R-AUDIT: an incident's timeline read as plain sentences, in Beijing time, in Chinese or English.
// Pure (no window, no signals, no i18n state at module load) so jest imports it in node: test/console/timeline.test.ts.
import type { AuditEventType } from '../../functions/domain/audit-chain';
import { REPORT_ELEMENT_NAMES, type ReportElement } from '../../functions/domain/elements';
import type { AuditEvent } from './types';

export type TimelineLocale = 'zh-CN' | 'en';

/** What a sentence may need beyond the event itself: the texts the events only point to by ID. */
export interface TimelineContext {
  unitName: (unitId: string) => string;
  obligations?: readonly { obligationId: string; kind: string }[];
  verificationRequests?: readonly { requestId: string; question: string }[];
  verificationAnswers?: readonly { answerId: string; answer: string }[];
  instructions?: readonly { instructionId: string; text: string }[];
  instructionFeedback?: readonly { feedbackId: string; text: string }[];
}

export interface TimelineSentence {
  /** Beijing calendar day, `2026-12-02`: the view shows it once where the day changes. */
  date: string;
  /** Beijing clock time, `02:20`. */
  time: string;
  /** Who did what, without the time: `县政府总值班室 发起核报：请核实伤亡人数`. */
  text: string;
}

const clock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time as Beijing day and clock, whatever the browser's (or the test machine's) zone. */
export function beijingClock(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(clock.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

type Phrase = Record<TimelineLocale, string>;

// Not imported from functions/domain/incident: that module needs node:crypto, which the console bundle must not pull.
const SEVERITY_NAMES: Record<string, Phrase> = {
  'especially-major': { 'zh-CN': '特别重大', en: 'especially major' },
  major: { 'zh-CN': '重大', en: 'major' },
  'relatively-major': { 'zh-CN': '较大', en: 'relatively major' },
  general: { 'zh-CN': '一般', en: 'general' },
};

const KIND_NAMES: Record<string, Phrase> = {
  'first-report': { 'zh-CN': '首报', en: 'first report' },
  'written-report': { 'zh-CN': '书面报告', en: 'written report' },
  'verification-phone': { 'zh-CN': '电话核报', en: 'phone verification' },
  'verification-written': { 'zh-CN': '书面核报', en: 'written verification' },
  'instruction-feedback': { 'zh-CN': '批示反馈', en: 'instruction feedback' },
  'follow-up': { 'zh-CN': '续报', en: 'follow-up report' },
  written: { 'zh-CN': '书面报告', en: 'written report' },
  final: { 'zh-CN': '终报', en: 'final report' },
  first: { 'zh-CN': '首报', en: 'first report' },
};

const CHANNEL_NAMES: Record<string, Phrase> = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  written: { 'zh-CN': '书面', en: 'in writing' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  email: { 'zh-CN': '邮件', en: 'e-mail' },
  link: { 'zh-CN': '邮件链接', en: 'e-mail link' },
  console: { 'zh-CN': '控制台', en: 'console' },
};

const phrase = (table: Record<string, Phrase>, key: unknown, locale: TimelineLocale): string =>
  typeof key === 'string' ? (table[key]?.[locale] ?? key) : '';

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** `duty-officer:…` is the county duty office, `reporter:<unit>:…` its unit, `system:…` the deadline watch. */
export function actorName(actor: string, context: TimelineContext, locale: TimelineLocale): string {
  const [role, first] = actor.split(':');
  switch (role) {
    case 'duty-officer':
      return locale === 'zh-CN' ? '县政府总值班室' : 'County duty office';
    case 'reporter':
      return first ? context.unitName(first) : actor;
    case 'system':
      return locale === 'zh-CN' ? '系统' : 'The system';
    case 'admin':
      return locale === 'zh-CN' ? '管理员' : 'Administrator';
    case 'contact':
      return locale === 'zh-CN' ? `联系人 ${first ?? ''}` : `Contact ${first ?? ''}`;
    case 'phone':
      return locale === 'zh-CN' ? `号码 ${first ?? ''}` : `Number ${first ?? ''}`;
    default:
      return actor;
  }
}

/** The obligation an event names, by its kind (`书面报告`), else its ID. */
function obligationName(detail: Record<string, unknown>, context: TimelineContext, locale: TimelineLocale): string {
  const kind =
    text(detail.kind) ||
    context.obligations?.find((obligation) => obligation.obligationId === detail.obligationId)?.kind ||
    '';
  return kind ? phrase(KIND_NAMES, kind, locale) : text(detail.obligationId);
}

const at = (iso: unknown): string => (typeof iso === 'string' ? beijingClock(iso).time : '');

const recipient = (detail: Record<string, unknown>, locale: TimelineLocale): string => {
  const who = text(detail.name) || text(detail.contactId);
  const via = [phrase(CHANNEL_NAMES, detail.channel, locale), text(detail.to)].filter(Boolean).join(' ');
  if (!via) return who;
  return locale === 'zh-CN' ? `${who}（${via}）` : `${who} (${via})`;
};

const step = (detail: Record<string, unknown>, locale: TimelineLocale): string => {
  const number = text(detail.escalationStep);
  const repeat = typeof detail.repeat === 'number' && detail.repeat > 0 ? detail.repeat : 0;
  if (locale === 'zh-CN') return `${number ? `第${number}级` : ''}${repeat ? `（第${repeat}次重发）` : ''}`;
  return `${number ? ` step ${number}` : ''}${repeat ? ` (repeat ${repeat})` : ''}`;
};

/** A file's size as people read it. */
const kilobytes = (size: unknown): string =>
  typeof size === 'number' ? `${Math.max(1, Math.round(size / 1024))} KB` : '';

type Renderer = (event: AuditEvent, context: TimelineContext, locale: TimelineLocale) => string;

const zh = (locale: TimelineLocale, chinese: string, english: string) => (locale === 'zh-CN' ? chinese : english);

/** One renderer per event type: what a person would write in the duty log. */
export const SENTENCES: Record<AuditEventType, Renderer> = {
  'incident-reported': ({ actor, detail }, context, locale) => {
    const who = actorName(actor, context, locale);
    const severity = phrase(SEVERITY_NAMES, detail.severity, locale);
    if (detail.source === 'media')
      return zh(
        locale,
        `${who} 登记媒体（网络）发现的信息（${severity}）`,
        `${who} logged an item found in the media or online (${severity})`,
      );
    const channel = phrase(CHANNEL_NAMES, detail.channel, locale);
    return zh(locale, `${who} ${channel}首报（${severity}）`, `${who} made a first report by ${channel} (${severity})`);
  },
  'obligation-opened': ({ detail }, context, locale) =>
    zh(
      locale,
      `${obligationName(detail, context, locale)}时限开始，须于 ${at(detail.dueAt)} 前完成`,
      `${capitalize(obligationName(detail, context, locale))} due by ${at(detail.dueAt)}`,
    ),
  'execution-started': (_event, _context, locale) => zh(locale, '时限监控启动', 'Deadline watch started'),
  'watch-started': (_event, _context, locale) =>
    zh(locale, '巡检补启时限监控', 'The sweep started a watch that had not run'),
  // R-INTAKE, R-AUDIT: a photo or video from the scene, checked by its content and kept with its SHA-256.
  'attachment-uploaded': ({ actor, detail }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 上传现场附件 ${text(detail.fileName)}（${kilobytes(detail.size)}）`,
      `${actorName(actor, context, locale)} uploaded ${text(detail.fileName)} from the scene (${kilobytes(detail.size)})`,
    ),
  'attachment-refused': ({ detail }, _context, locale) =>
    zh(
      locale,
      `附件 ${text(detail.attachmentId)} 内容与申报不符，已拒收`,
      `attachment ${text(detail.attachmentId)} refused: its content is not what was declared`,
    ),
  'report-filed': ({ actor, detail }, context, locale) => {
    const who = actorName(actor, context, locale);
    const kind = phrase(KIND_NAMES, detail.kind, locale);
    const missing = Array.isArray(detail.missingElements)
      ? (detail.missingElements as string[]).map(
          (element) => REPORT_ELEMENT_NAMES[element as ReportElement]?.[locale] ?? element,
        )
      : [];
    const lacks =
      missing.length > 0 ? zh(locale, `（缺少：${missing.join('、')}）`, ` (missing: ${missing.join(', ')})`) : '';
    return zh(locale, `${who} 报送${kind}${lacks}`, `${who} filed the ${kind}${lacks}`);
  },
  'obligation-met': ({ detail }, context, locale) =>
    zh(
      locale,
      `${obligationName(detail, context, locale)}按时完成`,
      `${capitalize(obligationName(detail, context, locale))} met in time`,
    ),
  'obligation-late': ({ detail }, context, locale) => {
    const reason = text(detail.lateReason);
    return zh(
      locale,
      `${obligationName(detail, context, locale)}逾期完成${reason ? `（迟报原因：${reason}）` : ''}`,
      `${capitalize(obligationName(detail, context, locale))} met late${reason ? ` (reason: ${reason})` : ''}`,
    );
  },
  'obligation-overdue': ({ detail }, context, locale) =>
    zh(
      locale,
      `${obligationName(detail, context, locale)}逾期未报（时限 ${at(detail.dueAt)}）`,
      `${capitalize(obligationName(detail, context, locale))} overdue (was due ${at(detail.dueAt)})`,
    ),
  'obligation-closed': ({ detail }, context, locale) =>
    zh(
      locale,
      `${obligationName(detail, context, locale)}随终报关闭`,
      `${capitalize(obligationName(detail, context, locale))} closed by the final report`,
    ),
  'escalation-sent': ({ detail }, _context, locale) =>
    zh(
      locale,
      `催报${step(detail, locale)}已发给 ${recipient(detail, locale)}`,
      `Escalation${step(detail, locale)} sent to ${recipient(detail, locale)}`,
    ),
  'escalation-failed': ({ detail }, _context, locale) => {
    const reason = text(detail.reason) || text(detail.error);
    return zh(
      locale,
      `催报${step(detail, locale)}发送失败${detail.name || detail.to ? `：${recipient(detail, locale)}` : ''}${reason ? `（${reason}）` : ''}`,
      `Escalation${step(detail, locale)} could not be sent${detail.name || detail.to ? ` to ${recipient(detail, locale)}` : ''}${reason ? ` (${reason})` : ''}`,
    );
  },
  'escalation-skipped': ({ detail }, _context, locale) =>
    zh(
      locale,
      `催报${step(detail, locale)}未发（已确认或已不需要）`,
      `Escalation${step(detail, locale)} skipped (acknowledged or no longer owed)`,
    ),
  'sms-queued': ({ detail }, _context, locale) =>
    zh(
      locale,
      `短信并入摘要待发：${recipient(detail, locale)}`,
      `SMS held for the digest: ${recipient(detail, locale)}`,
    ),
  'sms-delivery-failed': ({ detail }, _context, locale) =>
    zh(
      locale,
      `短信未送达 ${text(detail.to)}${detail.reason ? `（${text(detail.reason)}）` : ''}`,
      `SMS not delivered to ${text(detail.to)}${detail.reason ? ` (${text(detail.reason)})` : ''}`,
    ),
  'reminder-sent': ({ detail }, _context, locale) =>
    zh(locale, `提醒已发给 ${recipient(detail, locale)}`, `Reminder sent to ${recipient(detail, locale)}`),
  'notification-sent': ({ detail }, context, locale) => {
    const unit = typeof detail.unitId === 'string' ? context.unitName(detail.unitId) : '';
    return zh(
      locale,
      `通知已发给 ${unit ? `${unit} ` : ''}${recipient(detail, locale)}`,
      `Notification sent to ${unit ? `${unit}, ` : ''}${recipient(detail, locale)}`,
    );
  },
  'verification-requested': ({ actor, detail }, context, locale) => {
    if (detail.origin === 'media')
      return zh(
        locale,
        `媒体信息（来源：${text(detail.mediaSource)}）开启核报，请报送单位立即核实`,
        `The media item (source: ${text(detail.mediaSource)}) opened a verification: the unit verifies at once`,
      );
    const question =
      text(detail.question) ||
      context.verificationRequests?.find((request) => request.requestId === detail.requestId)?.question ||
      '';
    const written = detail.writtenAnswerRequired === true;
    return zh(
      locale,
      `${actorName(actor, context, locale)} 发起核报：${question}${written ? '（须书面回复）' : ''}`,
      `${actorName(actor, context, locale)} asked for verification: ${question}${written ? ' (written answer required)' : ''}`,
    );
  },
  'verification-answered': ({ actor, detail }, context, locale) => {
    const answer = context.verificationAnswers?.find((item) => item.answerId === detail.answerId)?.answer ?? '';
    const channel = phrase(CHANNEL_NAMES, detail.channel, locale);
    return zh(
      locale,
      `${actorName(actor, context, locale)} 核报回复（${channel}）${answer ? `：${answer}` : ''}`,
      `${actorName(actor, context, locale)} answered the verification (${channel})${answer ? `: ${answer}` : ''}`,
    );
  },
  'instruction-recorded': ({ actor, detail }, context, locale) => {
    const instruction = context.instructions?.find((item) => item.instructionId === detail.instructionId)?.text ?? '';
    return zh(
      locale,
      `${actorName(actor, context, locale)} 登记${text(detail.leader)}批示${instruction ? `：${instruction}` : ''}`,
      `${actorName(actor, context, locale)} recorded an instruction from ${text(detail.leader)}${instruction ? `: ${instruction}` : ''}`,
    );
  },
  'instruction-feedback-filed': ({ actor, detail }, context, locale) => {
    const feedback = context.instructionFeedback?.find((item) => item.feedbackId === detail.feedbackId)?.text ?? '';
    return zh(
      locale,
      `${actorName(actor, context, locale)} 反馈批示落实情况${feedback ? `：${feedback}` : ''}`,
      `${actorName(actor, context, locale)} reported back on the instruction${feedback ? `: ${feedback}` : ''}`,
    );
  },
  'escalation-acknowledged': ({ actor, detail }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 确认收到催报${step(detail, locale)}（${phrase(CHANNEL_NAMES, detail.via, locale)}${detail.contactId ? `，代联系人 ${text(detail.contactId)}` : ''}，确认码 ${text(detail.code)}）`,
      `${actorName(actor, context, locale)} acknowledged escalation${step(detail, locale)} (${phrase(CHANNEL_NAMES, detail.via, locale)}${detail.contactId ? `, for contact ${text(detail.contactId)}` : ''}, code ${text(detail.code)})`,
    ),
  'acknowledgement-refused': ({ actor, detail }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 的确认未受理（${text(detail.reason)}）`,
      `Acknowledgement from ${actorName(actor, context, locale)} refused (${text(detail.reason)})`,
    ),
  'follow-up-opened': ({ detail }, _context, locale) =>
    zh(
      locale,
      `续报时限开始${detail.dueAt ? `，须于 ${at(detail.dueAt)} 前报送` : ''}`,
      `Follow-up report due${detail.dueAt ? ` by ${at(detail.dueAt)}` : ''}`,
    ),
  'incident-closed': (_event, _context, locale) =>
    zh(locale, '终报报送，事件办结', 'The final report closed the incident'),
  'execution-stopped': (_event, _context, locale) => zh(locale, '时限监控停止', 'Deadline watch stopped'),
  // Issue 15: a unit's own chain, the directory's changes with before and after (in the raw event).
  'unit-seeded': ({ unitId }, context, locale) =>
    zh(locale, `单位名录初始化：${context.unitName(unitId)}`, `Directory seeded: ${context.unitName(unitId)}`),
  'unit-created': ({ actor, unitId }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 新增单位 ${context.unitName(unitId)}`,
      `${actorName(actor, context, locale)} added the unit ${context.unitName(unitId)}`,
    ),
  'unit-updated': ({ actor, unitId }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 修改单位 ${context.unitName(unitId)}`,
      `${actorName(actor, context, locale)} changed the unit ${context.unitName(unitId)}`,
    ),
  'unit-deactivated': ({ actor, unitId }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 停用单位 ${context.unitName(unitId)}`,
      `${actorName(actor, context, locale)} deactivated the unit ${context.unitName(unitId)}`,
    ),
  'contact-saved': ({ actor, unitId, detail }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 保存 ${context.unitName(unitId)} 的联系人 ${text(detail.contactId)}`,
      `${actorName(actor, context, locale)} saved the contact ${text(detail.contactId)} of ${context.unitName(unitId)}`,
    ),
  'contact-removed': ({ actor, unitId, detail }, context, locale) =>
    zh(
      locale,
      `${actorName(actor, context, locale)} 删除 ${context.unitName(unitId)} 的联系人 ${text(detail.contactId)}`,
      `${actorName(actor, context, locale)} removed the contact ${text(detail.contactId)} of ${context.unitName(unitId)}`,
    ),
};

function capitalize(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One event as a sentence; an event type this console does not know yet still reads (its type and actor). */
export function timelineSentence(
  event: AuditEvent,
  context: TimelineContext,
  locale: TimelineLocale,
): TimelineSentence {
  const renderer = (SENTENCES as Record<string, Renderer | undefined>)[event.type];
  const sentence = renderer
    ? renderer(event, context, locale)
    : `${actorName(event.actor, context, locale)} ${String(event.type)}`;
  return { ...beijingClock(event.at), text: sentence };
}
