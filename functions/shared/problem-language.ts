import { closest, distance } from 'fastest-levenshtein';
import type { FieldProblem } from '../domain/errors';

/**
 * The language of a problem+json answer: Chinese (zh-CN) when the caller prefers it, English
 * otherwise. Every message is written in English where it is raised; the Chinese is looked up here
 * when the answer is written, so no error class, handler or schema needs to know who is asking.
 */
export type ProblemLanguage = 'en' | 'zh-CN';

/**
 * The caller's language from `Accept-Language` (RFC 9110 §12.5.4): the highest-weighted tag that
 * is Chinese (`zh`, `zh-CN`, `zh-Hans`…) or English; anything else, or no header, is English.
 *
 * @example preferredLanguage('zh-CN,zh;q=0.9,en;q=0.8') // 'zh-CN'
 */
export function preferredLanguage(acceptLanguage: string | undefined): ProblemLanguage {
  if (!acceptLanguage) return 'en';
  const ranges = acceptLanguage
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters
        .map((parameter) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)?.[1])
        .find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-') || tag === '*') return 'en';
  }
  return 'en';
}

/** The language of a request, from its (normalized or raw) headers. */
export function requestLanguage(headers: Record<string, string | undefined> | undefined): ProblemLanguage {
  if (!headers) return 'en';
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'accept-language');
  return preferredLanguage(name ? headers[name] : undefined);
}

// A field problem made from a zod issue carries zod's own Chinese message (zod/v4/locales/zh-CN), kept beside it, not
// in it.
const CHINESE_MESSAGES = new WeakMap<FieldProblem, string>();

/** Remembers the Chinese message of a field problem (one made from a zod issue). */
export function withChineseMessage(problem: FieldProblem, chinese: string): FieldProblem {
  CHINESE_MESSAGES.set(problem, chinese);
  return problem;
}

type Translation = readonly [RegExp, (...groups: string[]) => string];

const DOCUMENT_NAMES: Record<string, string> = {
  'acknowledgement code': '确认码',
  attachment: '附件',
  unit: '单位',
  contact: '联系人',
  instruction: '批示',
  'spot check': '值班抽查',
  'verification request': '核报请求',
  resource: '资源',
};
const CHANNEL_NAMES: Record<string, string> = { phone: '电话', written: '书面' };

/** Problem titles (RFC 9457 `title`): stable, so looked up whole. */
const TITLES: Record<string, string> = {
  'Invalid request': '请求无效',
  'Unknown reference': '引用的对象不存在',
  'Incident not found': '事件不存在',
  'Obligation already settled': '报送义务已办结',
  'Escalation step not received': '本单位未收到该级催报',
  'Not found': '未找到',
  'Obligation not found': '报送义务不存在',
  'Incident closed': '事件已终结',
  'Incident busy': '事件正在处理',
  'Acknowledgement code not found': '确认码不存在',
  'Instruction not found': '批示不存在',
  'Spot check not found': '值班抽查不存在',
  'Verification request not found': '核报请求不存在',
  'Resource not found': '资源不存在',
  'Already answered': '已经答复',
  'Report elements missing': '报告要素缺失',
  'Invalid signature': '签名无效',
  Unauthenticated: '未认证',
  Forbidden: '无权操作',
  'Request body too large': '请求体过大',
  'Malformed JSON': 'JSON 格式错误',
  'Malformed body': '请求体格式错误',
  'Unsupported media type': '不支持的媒体类型',
  'Idempotency-Key reused': '幂等键（Idempotency-Key）已被使用',
  'Request in progress': '请求正在处理',
  'Internal error': '内部错误',
  Starting: '正在启动',
  'Attachment refused': '附件被拒绝',
  'Directory conflict': '与单位名录冲突',
  'Directory change refused': '单位名录变更被拒绝',
  'Unit not found': '单位不存在',
  'Contact not found': '联系人不存在',
  'Attachment does not match': '附件与声明不符',
};

/** Messages of single fields, ours and the ones `functions/api/schemas.ts` gives zod. */
const FIELD_MESSAGES: readonly Translation[] = [
  [/^Must not be in the future$/, () => '不得晚于当前时间'],
  // Issue 15: the directory's own checks.
  [/^A unit cannot be its own parent$/, () => '单位不能是自己的上级'],
  [/^No unit "(.*)" in the directory$/, (id) => `单位名录中没有“${id}”`],
  [/^Unit "(.*)" is deactivated$/, (id) => `单位“${id}”已停用`],
  [/^Would make a cycle in the unit tree: (.*)$/, (path) => `会使单位隶属关系成环：${path}`],
  [/^Contact ID "(.*)" is used twice in this unit$/, (id) => `联系人编号“${id}”在本单位重复`],
  [/^Contact ID "(.*)" belongs to unit "(.*)"$/, (id, unit) => `联系人编号“${id}”已属于单位“${unit}”`],
  [/^Must be the unit of the path \((.*)\)$/, (id) => `须与路径中的单位一致（${id}）`],
  [/^Lower-case letters, digits and hyphens$/, () => '只能包含小写字母、数字和连字符'],
  [/^Nested more than (\d+) levels deep$/, (depth) => `嵌套超过 ${depth} 层`],
  [/^Already used with a different body$/, () => '已用于另一个不同的请求体'],
  [/^Path parameter (\S+) is required$/, (name) => `缺少路径参数 ${name}`],
  [/^Malformed percent-encoding in the path$/, () => '路径中的百分号编码有误'],
  [
    /^Must be 8 to 128 printable ASCII characters, e\.g\. a UUID$/,
    () => '须为 8 至 128 个可打印 ASCII 字符，例如 UUID',
  ],
  [/^Missing element: (.+) \((.+)\)$/, (chinese) => `缺少要素：${chinese}`],
  [/^Must not be before the incident occurred \((.+)\)$/, (time) => `不得早于事件发生时间（${time}）`],
  [
    /^This verification request did not ask for a (\S+) answer$/,
    (channel) => `此核报请求未要求${CHANNEL_NAMES[channel] ?? channel}答复`,
  ],
  [/^Required: open the link exactly as the message gave it$/, () => '必填：请按消息中给出的原样打开链接'],
  [/^No category "(.*)" \(see GET \/categories\)$/, (id) => `没有类别“${id}”（见 GET /categories）`],
  [/^No unit "(.*)" in the directory \(see GET \/units\)$/, (id) => `单位名录中没有“${id}”（见 GET /units）`],
  [/^The body is not valid JSON$/, () => '请求体不是有效的 JSON'],
  [/^Must be UTF-8 text$/, () => '须为 UTF-8 文本'],
  [/^Unknown field; did you mean (.+)\?$/, (known) => `未知字段；是否应为 ${known}？`],
  [/^Unknown field$/, () => '未知字段'],
  // functions/api/schemas.ts
  [/^Must be an E\.164 phone number, e\.g\. (\S+)$/, (example) => `须为 E.164 格式的电话号码，例如 ${example}`],
  [/^Must be well-formed Unicode \(no lone surrogate\)$/, () => '须为格式正确的 Unicode 文本（不得含孤立代理项）'],
  [
    /^Must not contain control characters, line separators or bidirectional overrides$/,
    () => '不得包含控制字符、行分隔符或双向文本控制符',
  ],
  [/^Must not be empty$/, () => '不得为空'],
  [/^At most (\d+) characters$/, (count) => `最多 ${count} 个字符`],
  [/^Must be an ID: letters, digits, "\.", "_" or "-"$/, () => '须为 ID：字母、数字、“.”、“_”或“-”'],
  [/^Must not be before (\d{4}-\d{2}-\d{2})$/, (date) => `不得早于 ${date}`],
  [
    /^Must be an ISO 8601 time with offset, e\.g\. (\S+)$/,
    (example) => `须为带时区偏移的 ISO 8601 时间，例如 ${example}`,
  ],
  [
    /^Required when source is "media": the outlet, post or link the item came from$/,
    () => 'source 为 "media" 时必填：信息所出自的媒体、帖子或链接',
  ],
  [/^Only for a phone first report \(channel "phone"\)$/, () => '仅用于电话首报（channel 为 "phone"）'],
  [/^Must not be before occurredAt: the call reported the incident$/, () => '不得早于 occurredAt：来电报告的是该事件'],
  [/^Must be "written", "follow-up" or "final"$/, () => '须为 "written"、"follow-up" 或 "final"'],
  [
    /^Must be a date \(2026-11-01, Beijing time\) or an ISO 8601 time with offset$/,
    () => '须为日期（如 2026-11-01，北京时间）或带时区偏移的 ISO 8601 时间',
  ],
  [/^Must be after from$/, () => '须晚于 from'],
  [/^At most (\d+) days after from$/, (days) => `最多为 from 之后 ${days} 天`],
  [/^Must be a month, e\.g\. (\S+)$/, (example) => `须为月份，例如 ${example}`],
  // R-INTAKE: attachments (functions/domain/attachments.ts, the attachment handlers and schemas.ts)
  [/^Must be one of (.+)$/, (types) => `须为以下之一：${types}`],
  [/^At most (\d+) bytes for an image$/, (bytes) => `图片最多 ${bytes} 字节`],
  [/^At most (\d+) bytes for a video$/, (bytes) => `视频最多 ${bytes} 字节`],
  [/^At most (\d+) images? per document$/, (count) => `每份文件最多 ${count} 张图片`],
  [/^At most (\d+) videos? per document$/, (count) => `每份文件最多 ${count} 个视频`],
  [/^At most (\d+) attachments$/, (count) => `最多 ${count} 个附件`],
  [/^Must be at least 1 byte$/, () => '至少 1 字节'],
  [/^At most 5 GB$/, () => '最多 5 GB'],
  [/^Must be the SHA-256 of the file: 64 lowercase hex digits$/, () => '须为文件的 SHA-256：64 位小写十六进制数字'],
  [/^No completed attachment "(.*)" of this incident and unit$/, (id) => `本事件、本单位没有已完成上传的附件“${id}”`],
  [/^Already attached to report (\S+)$/, (id) => `已附于报告 ${id}`],
  [/^Already attached to another report$/, () => '已附于另一份报告'],
  [/^This upload was refused; declare the file again$/, () => '此次上传已被拒绝；请重新声明该文件'],
  [/^Not uploaded yet: PUT the file to uploadUrl first$/, () => '尚未上传：请先将文件 PUT 到 uploadUrl'],
  [
    /^The file's first bytes are not (\S+)(?: \(they look like (\S+)\))?$/,
    (type, looks) => `文件开头的字节不是 ${type}${looks ? `（看起来是 ${looks}）` : ''}`,
  ],
  [
    /^The stored object is (\d+) bytes, not (\d+)$/,
    (stored, declared) => `已存对象为 ${stored} 字节，而不是 ${declared}`,
  ],
  [/^The stored object's SHA-256 is not the one declared$/, () => '已存对象的 SHA-256 与声明的不符'],
];

/** Problem details (RFC 9457 `detail`). */
const DETAILS: readonly Translation[] = [
  [/^Invalid fields: (.*)$/, (fields) => `以下字段无效：${fields}`],
  [/^No incident "(.*)"$/, (id) => `没有事件“${id}”`],
  [/^No (unit|contact) "(.*)"$/, (what, id) => `没有${DOCUMENT_NAMES[what]}“${id}”`],
  [/^Unit "(.*)" already exists; change it with PUT (.*)$/, (id, path) => `单位“${id}”已存在；请用 PUT ${path} 修改`],
  [
    /^Unit "(.*)" has (\d+) open incident\(s\) \((.*)\): close them with a final report before deactivating it$/,
    (id, count, ids) => `单位“${id}”还有 ${count} 起未终结事件（${ids}）：终报后才能停用`,
  ],
  [
    /^Contact "(.*)" is a standing contact of unit "(.*)": change it, it cannot be removed$/,
    (id, unit) => `联系人“${id}”是单位“${unit}”的固定联系人：只能修改，不能删除`,
  ],
  [/^Could not save unit after (\d+) attempts: it kept changing$/, (n) => `单位保存 ${n} 次均未成功：它一直在被修改`],
  [/^Obligation (\S+) is already (\S+)$/, (id, status) => `报送义务 ${id} 已是 ${status} 状态`],
  [
    /^Escalation step (\d+) of obligation "(.*)" was not sent to any contact of unit "(.*)"$/,
    (step, obligation, unit) => `报送义务“${obligation}”的第${step}级催报未发给单位“${unit}”的任何联系人`,
  ],
  [/^No route for (\S+) (.*)$/, (method, path) => `没有 ${method} ${path} 这个接口`],
  [
    /^No obligation "(.*)" on incident "(.*)"$/,
    (obligation, incident) => `事件“${incident}”没有报送义务“${obligation}”`,
  ],
  [
    /^Incident "(.*)" was closed by its final report(?: at (\S+))?; nothing more can be filed on it$/,
    (id, at) => `事件“${id}”已由终报终结${at ? `（${at}）` : ''}，不能再报送任何内容`,
  ],
  [
    /^Incident "(.*)" cannot be closed yet: another document is being filed on it: retry in a few seconds$/,
    (id) => `事件“${id}”暂不能终结：另有文件正在报送，请几秒后重试`,
  ],
  [
    /^Incident "(.*)" cannot be closed yet: another final report is being filed on it$/,
    (id) => `事件“${id}”暂不能终结：另一份终报正在报送`,
  ],
  [
    /^No (acknowledgement code|attachment|instruction|spot check|verification request|resource) "(.*)"$/,
    (what, id) => `没有${DOCUMENT_NAMES[what]}“${id}”`,
  ],
  [
    /^Feedback on (\S+) was already filed; file further news as a follow-up report$/,
    (id) => `批示 ${id} 的反馈已经报送；后续情况请以续报报送`,
  ],
  [
    /^The (\S+) answer to (\S+) was already filed$/,
    (channel, id) => `核报请求 ${id} 的${CHANNEL_NAMES[channel] ?? channel}答复已经报送`,
  ],
  [/^A final report must have every element; missing: (.*)$/, (fields) => `终报必须包含全部要素，缺少：${fields}`],
  [/^Attachment refused: (.*)$/, (fields) => `附件被拒绝：${fields}`],
  [/^The uploaded file does not match what was declared: (.*)$/, (fields) => `上传的文件与声明不符：${fields}`],
  [/^This acknowledgement link is not valid for that contact$/, () => '此确认链接对该联系人无效'],
  [
    /^Send Authorization: Bearer <token>(.*)$/,
    (rest) => `请发送 Authorization: Bearer <token>${rest.replace(/^ \(locally: (.*)\)$/, '（本地：$1）')}`,
  ],
  [/^A reporter token must name its unit$/, () => '报送员的令牌必须指明其单位'],
  [/^The token has no subject$/, () => '令牌没有主体（sub）'],
  [/^The token names no known role \((.*)\)$/, (roles) => `令牌未指明已知的角色（${roles}）`],
  [/^Role (\S+) may not do this \(allowed: (.*)\)$/, (role, roles) => `角色 ${role} 无权执行此操作（允许：${roles}）`],
  [/^A reporter of (\S+) may not file for (\S+)$/, (own, other) => `${own} 的报送员不能代 ${other} 报送`],
  [/^Role (\S+) has no access to incidents$/, (role) => `角色 ${role} 无权查看事件`],
  [
    /^The body is (\d+) bytes; the limit is (\d+) bytes$/,
    (size, limit) => `请求体为 ${size} 字节，上限为 ${limit} 字节`,
  ],
  [/^The gateway takes at most (\d+) bytes$/, (limit) => `网关最多接收 ${limit} 字节`],
  [
    /^Send the body as JSON with Content-Type: application\/json$/,
    () => '请以 JSON 发送请求体，并带上 Content-Type: application/json',
  ],
  [
    /^This Idempotency-Key was used with a different body; use a new key for a new request$/,
    () => '此幂等键（Idempotency-Key）已用于不同的请求体；新的请求请使用新的键',
  ],
  [
    /^The first request with this Idempotency-Key is still being processed/,
    () =>
      '使用此幂等键（Idempotency-Key）的第一个请求仍在处理中（或中途停止：超时后会被重新处理）；请几秒后用相同的键和请求体重试',
  ],
  [
    /^The request could not be completed; nothing was lost that was already acknowledged\. Try again\.$/,
    () => '请求未能完成；已确认的内容均未丢失。请重试。',
  ],
  [/^The body is not valid UTF-8$/, () => '请求体不是有效的 UTF-8'],
  [/^The local runtime is still starting$/, () => '本地运行环境仍在启动'],
];

function translate(text: string, table: readonly Translation[]): string | undefined {
  for (const [pattern, render] of table) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1).map((group) => group ?? ''));
  }
  return undefined;
}

/** A field problem's message in the language; English where no Chinese is known. */
export function fieldMessage(problem: FieldProblem, language: ProblemLanguage): string {
  if (language === 'en') return problem.message;
  return CHINESE_MESSAGES.get(problem) ?? translate(problem.message, FIELD_MESSAGES) ?? problem.message;
}

/** A problem's `title` in the language. */
export function problemTitle(title: string, language: ProblemLanguage): string {
  return language === 'en'
    ? title
    : (TITLES[title] ??
        translate(title, [[/^(.+) not found$/, (what) => `${DOCUMENT_NAMES[what.toLowerCase()] ?? what}不存在`]]) ??
        title);
}

/** A problem's `detail` in the language. */
export function problemDetail(detail: string, title: string, language: ProblemLanguage): string {
  if (language === 'en') return detail;
  const whole = translate(detail, DETAILS);
  if (whole) return whole;
  // The JSON parser's own words: said to be JSON's, in Chinese, with the parser's text after them.
  if (title === 'Malformed JSON') return `请求体不是有效的 JSON：${detail}`;
  // An unknown reference lists its fields' messages.
  const parts = detail.split('; ').map((part) => translate(part, FIELD_MESSAGES));
  return parts.every((part) => part !== undefined) ? parts.join('；') : detail;
}

/**
 * R-INTAKE (bad input is named in the caller's language): a problem with its title, detail and
 * every field's message in the language.
 */
export function localizeProblem<P extends { title: string; detail: string; errors?: FieldProblem[] }>(
  problem: P,
  language: ProblemLanguage,
): P {
  if (language === 'en') return problem;
  return {
    ...problem,
    title: problemTitle(problem.title, language),
    detail: problemDetail(problem.detail, problem.title, language),
    ...(problem.errors
      ? { errors: problem.errors.map((error) => ({ field: error.field, message: fieldMessage(error, language) })) }
      : {}),
  };
}

/**
 * The known field nearest to an unknown one, when it is near enough to be a slip of the keyboard
 * (`mesuresTaken` → `measuresTaken`): at most a third of its letters apart, and at least 1.
 */
export function nearestKnownField(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lowered = known.map((field) => field.toLowerCase());
  const nearest = closest(unknown.toLowerCase(), lowered);
  const limit = Math.max(1, Math.floor(Math.max(unknown.length, nearest.length) / 3));
  return distance(unknown.toLowerCase(), nearest) <= limit ? known[lowered.indexOf(nearest)] : undefined;
}
