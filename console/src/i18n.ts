import { signal } from '@preact/signals';

export type Locale = 'zh-CN' | 'en';

const STORAGE_KEY = 'console.locale';

/** Chinese by default; the duty officer's choice is remembered in this browser. */
export const locale = signal<Locale>(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN');

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

const MESSAGES = {
  appTitle: { 'zh-CN': '突发事件信息报送 · 值班台', en: 'Incident reporting · Duty console' },
  switchLanguage: { 'zh-CN': 'English', en: '中文' },
  signIn: { 'zh-CN': '登录', en: 'Sign in' },
  signOut: { 'zh-CN': '退出', en: 'Sign out' },
  signedInAs: { 'zh-CN': '当前身份', en: 'Signed in as' },
  localSignInHint: {
    'zh-CN': '本地运行：选择身份登录（令牌由本机密钥签发）。',
    en: "Local runtime: pick a role (the token is signed by this machine's key).",
  },
  role: { 'zh-CN': '角色', en: 'Role' },
  unit: { 'zh-CN': '单位', en: 'Unit' },
  'role.duty-officer': { 'zh-CN': '县政府总值班室', en: 'County duty officer' },
  'role.admin': { 'zh-CN': '管理员', en: 'Administrator' },
  'role.reporter': { 'zh-CN': '报送单位', en: 'Reporting unit' },
  board: { 'zh-CN': '值班台', en: 'Duty board' },
  evaluation: { 'zh-CN': '考评通报', en: 'Evaluation' },
  pendingDeadlines: { 'zh-CN': '待办时限', en: 'Pending deadlines' },
  noPendingDeadlines: { 'zh-CN': '当前没有待办时限。', en: 'No pending deadlines.' },
  openIncidents: { 'zh-CN': '在办事件', en: 'Open incidents' },
  noOpenIncidents: { 'zh-CN': '当前没有在办事件。', en: 'No open incidents.' },
  incident: { 'zh-CN': '事件', en: 'Incident' },
  obligation: { 'zh-CN': '事项', en: 'Obligation' },
  dueAt: { 'zh-CN': '时限（北京时间）', en: 'Due (Beijing time)' },
  countdown: { 'zh-CN': '剩余 / 逾期', en: 'Time left / overdue' },
  overdueBy: { 'zh-CN': '已逾期', en: 'Overdue by' },
  status: { 'zh-CN': '状态', en: 'Status' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  title: { 'zh-CN': '标题', en: 'Title' },
  receivedAt: { 'zh-CN': '接报时间', en: 'Received' },
  occurredAt: { 'zh-CN': '发生时间', en: 'Occurred' },
  location: { 'zh-CN': '地点', en: 'Location' },
  open: { 'zh-CN': '查看', en: 'Open' },
  back: { 'zh-CN': '返回值班台', en: 'Back to the board' },
  startSpotCheck: { 'zh-CN': '发起值班抽查', en: 'Start a duty spot check' },
  note: { 'zh-CN': '备注', en: 'Note' },
  submit: { 'zh-CN': '提交', en: 'Submit' },
  spotCheckStarted: { 'zh-CN': '已发起抽查，确认码短信已发送：', en: 'Spot check started; the code went out by SMS: ' },
  requestVerification: { 'zh-CN': '发起核报', en: 'Request verification' },
  question: { 'zh-CN': '核报内容', en: 'Question' },
  writtenAnswerRequired: { 'zh-CN': '要求书面报告（40分钟）', en: 'Written answer required (40 min)' },
  recordInstruction: { 'zh-CN': '登记领导批示', en: "Record a leader's instruction" },
  leader: { 'zh-CN': '批示领导', en: 'Leader' },
  leaderLevel: { 'zh-CN': '层级', en: 'Level' },
  'level.province': { 'zh-CN': '省', en: 'Province' },
  'level.city': { 'zh-CN': '市', en: 'City' },
  'level.county': { 'zh-CN': '县', en: 'County' },
  instructionText: { 'zh-CN': '批示内容', en: 'Instruction' },
  saved: { 'zh-CN': '已保存。', en: 'Saved.' },
  obligations: { 'zh-CN': '时限事项', en: 'Deadlines' },
  escalations: { 'zh-CN': '催报与通知', en: 'Escalations and notifications' },
  noMessages: { 'zh-CN': '尚未发送任何催报或通知。', en: 'No escalations or notifications sent yet.' },
  sentAt: { 'zh-CN': '发送时间', en: 'Sent' },
  step: { 'zh-CN': '层级', en: 'Step' },
  recipient: { 'zh-CN': '接收人', en: 'Recipient' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  purpose: { 'zh-CN': '类型', en: 'Kind' },
  timeline: { 'zh-CN': '全程记录', en: 'Timeline' },
  actor: { 'zh-CN': '操作人', en: 'Actor' },
  detail: { 'zh-CN': '详情', en: 'Detail' },
  time: { 'zh-CN': '时间', en: 'Time' },
  chainValid: { 'zh-CN': '记录链校验通过：未被修改或删除。', en: 'Audit chain verified: nothing edited or deleted.' },
  chainBroken: { 'zh-CN': '记录链校验失败：', en: 'Audit chain broken: ' },
  downloadJson: { 'zh-CN': '下载记录（JSON）', en: 'Download timeline (JSON)' },
  downloadCsv: { 'zh-CN': '下载记录（CSV）', en: 'Download timeline (CSV)' },
  executions: { 'zh-CN': '工作流执行', en: 'Workflow executions' },
  openInAwsConsole: { 'zh-CN': '在 AWS 控制台查看', en: 'Open in the AWS console' },
  noExecutions: { 'zh-CN': '没有执行记录。', en: 'No executions.' },
  from: { 'zh-CN': '起', en: 'From' },
  to: { 'zh-CN': '止（不含）', en: 'To (exclusive)' },
  evaluate: { 'zh-CN': '统计', en: 'Evaluate' },
  downloadEvaluationCsv: { 'zh-CN': '导出 CSV（Excel）', en: 'Export CSV (Excel)' },
  notice: { 'zh-CN': '月度通报', en: 'Monthly notice' },
  openNotice: { 'zh-CN': '打开通报（可打印）', en: 'Open the notice (printable)' },
  onTimeRate: { 'zh-CN': '及时率', en: 'On-time rate' },
  medianDelay: { 'zh-CN': '延误中位数', en: 'Median delay' },
  worstDelay: { 'zh-CN': '最长延误', en: 'Worst delay' },
  onTime: { 'zh-CN': '及时', en: 'On time' },
  late: { 'zh-CN': '迟报', en: 'Late' },
  missed: { 'zh-CN': '漏报', en: 'Missed' },
  pending: { 'zh-CN': '未到期', en: 'Not yet due' },
  byUnitChart: { 'zh-CN': '各单位及时、迟报、漏报', en: 'On time, late and missed by unit' },
  trendChart: { 'zh-CN': '近六个月及时率走势', en: 'On-time rate, last six months' },
  lapses: { 'zh-CN': '迟报、漏报事项', en: 'Late and missed items' },
  noLapses: { 'zh-CN': '本期无迟报、漏报。', en: 'No late or missed items in this period.' },
  minutes: { 'zh-CN': '分钟', en: 'min' },
  loading: { 'zh-CN': '加载中…', en: 'Loading…' },
  error: { 'zh-CN': '出错了', en: 'Error' },
  'status.pending': { 'zh-CN': '待报', en: 'pending' },
  'status.overdue': { 'zh-CN': '已逾期', en: 'overdue' },
  'status.met': { 'zh-CN': '按时', en: 'met' },
  'status.late': { 'zh-CN': '迟报', en: 'late' },
  'status.open': { 'zh-CN': '在办', en: 'open' },
  'status.closed': { 'zh-CN': '已终报', en: 'closed' },
  'status.closed-while-overdue': { 'zh-CN': '终报时仍逾期未报', en: 'still overdue at the final report' },
  'status.closed-while-pending': { 'zh-CN': '终报时关闭（未到期）', en: 'closed by the final report (not yet due)' },
  'message.sent': { 'zh-CN': '已发送', en: 'sent' },
  'message.sending': { 'zh-CN': '发送中', en: 'sending' },
  'message.failed': { 'zh-CN': '发送失败', en: 'failed' },
  'message.queued': { 'zh-CN': '合并待发', en: 'queued for digest' },
  'message.undelivered': { 'zh-CN': '未送达', en: 'not delivered' },
  'message.refused': { 'zh-CN': '服务商拒发，请电话通知', en: 'refused by the provider: phone them' },
  'message.withdrawn': { 'zh-CN': '已撤回（发送前已报送或结案）', en: 'withdrawn (filed or closed before it went)' },
  'message.unconfirmed': { 'zh-CN': '发送结果未确认，请电话核实', en: 'not confirmed: phone them' },
  'purpose.escalation': { 'zh-CN': '催报', en: 'escalation' },
  'purpose.reminder': { 'zh-CN': '提醒', en: 'reminder' },
  'purpose.notification': { 'zh-CN': '通知', en: 'notification' },
  'kind.first-report': { 'zh-CN': '首报', en: 'First report' },
  'kind.written-report': { 'zh-CN': '书面报告', en: 'Written report' },
  'kind.verification-phone': { 'zh-CN': '电话核报', en: 'Verification (phone)' },
  'kind.verification-written': { 'zh-CN': '书面核报', en: 'Verification (written)' },
  'kind.instruction-feedback': { 'zh-CN': '批示反馈', en: 'Instruction feedback' },
  'kind.follow-up': { 'zh-CN': '续报', en: 'Follow-up report' },
  'kind.spot-check': { 'zh-CN': '值班抽查', en: 'Duty spot check' },
  'severity.especially-major': { 'zh-CN': '特别重大', en: 'Especially major' },
  'severity.major': { 'zh-CN': '重大', en: 'Major' },
  'severity.relatively-major': { 'zh-CN': '较大', en: 'Relatively major' },
  'severity.general': { 'zh-CN': '一般', en: 'General' },
  'event.incident-reported': { 'zh-CN': '首报登记', en: 'incident reported' },
  'event.obligation-opened': { 'zh-CN': '时限开始', en: 'deadline opened' },
  'event.execution-started': { 'zh-CN': '工作流启动', en: 'workflow started' },
  'event.report-filed': { 'zh-CN': '报告报送', en: 'report filed' },
  'event.obligation-met': { 'zh-CN': '按时完成', en: 'deadline met' },
  'event.obligation-late': { 'zh-CN': '逾期完成', en: 'met late' },
  'event.obligation-overdue': { 'zh-CN': '逾期未报', en: 'overdue' },
  'event.escalation-sent': { 'zh-CN': '催报已发', en: 'escalation sent' },
  'event.escalation-failed': { 'zh-CN': '发送失败', en: 'sending failed' },
  'event.escalation-skipped': { 'zh-CN': '催报跳过', en: 'escalation skipped' },
  'event.sms-queued': { 'zh-CN': '短信合并待发', en: 'SMS queued for digest' },
  'event.sms-delivery-failed': { 'zh-CN': '短信未送达', en: 'SMS not delivered' },
  'event.reminder-sent': { 'zh-CN': '提醒已发', en: 'reminder sent' },
  'event.notification-sent': { 'zh-CN': '通知已发', en: 'notification sent' },
  'event.verification-requested': { 'zh-CN': '发起核报', en: 'verification requested' },
  'event.verification-answered': { 'zh-CN': '核报回复', en: 'verification answered' },
  'event.instruction-recorded': { 'zh-CN': '登记批示', en: 'instruction recorded' },
  'event.instruction-feedback-filed': { 'zh-CN': '批示反馈', en: 'instruction feedback filed' },
  'event.escalation-acknowledged': { 'zh-CN': '催报已确认', en: 'escalation acknowledged' },
  'event.follow-up-opened': { 'zh-CN': '续报时限开始', en: 'follow-up due' },
  'event.incident-closed': { 'zh-CN': '终报结案', en: 'incident closed' },
  'event.execution-stopped': { 'zh-CN': '工作流停止', en: 'workflow stopped' },
  'event.obligation-closed': { 'zh-CN': '终报时关闭', en: 'closed by the final report' },
  'event.acknowledgement-refused': { 'zh-CN': '确认未受理', en: 'acknowledgement refused' },
  'event.watch-started': { 'zh-CN': '补启时限监控', en: 'watch started by the sweep' },
  timesNote: { 'zh-CN': '时间均为北京时间。', en: 'All times are Beijing time.' },
  // Issue 14 — attachments (R-INTAKE: photos and videos from the scene, views/attachments.tsx)
  'attachments.title': { 'zh-CN': '现场照片和视频', en: 'Photos and videos from the scene' },
  'attachments.limits': {
    'zh-CN': '每份报告最多 9 张图片（每张不超过 10 MB）和 1 段视频（不超过 100 MB）：JPEG、PNG、HEIC、WebP、MP4。',
    en: 'Per report at most 9 images (10 MB each) and 1 video (100 MB): JPEG, PNG, HEIC, WebP, MP4.',
  },
  'attachments.camera': { 'zh-CN': '拍照或录像', en: 'Take a photo or video' },
  'attachments.gallery': { 'zh-CN': '从相册选择', en: 'Choose from the gallery' },
  'attachments.remove': { 'zh-CN': '移除', en: 'Remove' },
  'attachments.state.hashing': { 'zh-CN': '正在计算校验值…', en: 'Computing checksum…' },
  'attachments.state.uploading': { 'zh-CN': '正在上传…', en: 'Uploading…' },
  'attachments.state.checking': { 'zh-CN': '正在核验…', en: 'Checking…' },
  'attachments.state.done': { 'zh-CN': '已上传', en: 'Uploaded' },
  'attachments.state.failed': { 'zh-CN': '未上传', en: 'Not uploaded' },
  'attachments.error.type': {
    'zh-CN': '不支持的文件类型（仅限 JPEG、PNG、HEIC、WebP、MP4）',
    en: 'Unsupported file type (JPEG, PNG, HEIC, WebP or MP4 only)',
  },
  'attachments.error.tooLarge': {
    'zh-CN': '文件过大（图片不超过 10 MB，视频不超过 100 MB）',
    en: 'File too large (images up to 10 MB, videos up to 100 MB)',
  },
  'attachments.error.tooMany': {
    'zh-CN': '本份报告的附件已达上限',
    en: 'This report already has as many attachments of this kind as it may',
  },
  'attachments.error.content': {
    'zh-CN': '文件内容与其类型不符（例如改了扩展名的文件），已被拒绝',
    en: 'The file is not what its type says (a renamed file?); it was refused',
  },
  'attachments.error.mismatch': {
    'zh-CN': '上传的文件与声明不符，已被拒绝，请重试',
    en: 'The upload did not match the file; it was refused, try again',
  },
  'attachments.error.upload': { 'zh-CN': '上传失败，请重试', en: 'The upload failed; try again' },
  'attachments.useLocation': { 'zh-CN': '使用我的位置', en: 'Use my location' },
  'attachments.location.denied': { 'zh-CN': '未获得定位权限', en: 'Location permission was not given' },
  'attachments.location.unavailable': { 'zh-CN': '无法获取位置', en: 'The location is not available' },
  'event.attachment-uploaded': { 'zh-CN': '上传附件', en: 'attachment uploaded' },
  'event.attachment-refused': { 'zh-CN': '附件被拒绝', en: 'attachment refused' },
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** The text of a key in the current language (falls back to the key itself, never to nothing). */
export function t(key: string): string {
  const entry = (MESSAGES as Record<string, Record<Locale, string>>)[key];
  return entry ? entry[locale.value] : key;
}

const timeFormats: Record<Locale, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }),
};

/** A time as the duty office reads it: always Beijing time, whatever the browser's zone. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  return timeFormats[locale.value].format(new Date(iso));
}

/** A duration as `1小时5分12秒` / `1 h 5 min 12 s`. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.floor(Math.abs(milliseconds) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (locale.value === 'zh-CN')
    return `${hours > 0 ? `${hours}小时` : ''}${hours > 0 || minutes > 0 ? `${minutes}分` : ''}${seconds}秒`;
  return [hours > 0 ? `${hours} h` : '', hours > 0 || minutes > 0 ? `${minutes} min` : '', `${seconds} s`]
    .filter(Boolean)
    .join(' ');
}
