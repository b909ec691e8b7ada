import type { Locale } from '../domain/directory';
import { ITEM_KIND_NAMES, type Evaluation, type LapseItem } from '../domain/evaluation';
import { formatLocalTime } from '../domain/messages';
import { escapeHtml, MOBILE_VIEWPORT } from './html-page';

const TEXT = {
  'zh-CN': {
    title: (year: string, month: string) => `关于${year}年${Number(month)}月突发事件信息报送情况的通报`,
    intro: (from: string, to: string, minutes: number) =>
      `根据《关于切实加强突发事件信息报送工作的通知》（盘县政办发〔2015〕97号）第四条第五款，现将${from}至${to}（北京时间）各单位突发事件信息报送情况通报如下。首报以事发后${minutes}分钟内报告为及时。`,
    summary: '一、总体情况',
    lapses: '二、迟报、漏报情况',
    none: '本期无迟报、漏报。',
    columns: ['单位', '及时率', '迟报', '漏报', '延误中位数', '最长延误'],
    lapseColumns: ['事项', '事件', '应报时间', '实报时间', '延误', '迟报原因', '当班值班员 / 带班领导'],
    outcome: { late: '迟报', missed: '漏报' },
    notDone: '未报',
    minutes: (value: number) => `${value}分钟`,
    closing: '请迟报、漏报单位认真分析原因，切实落实首报、续报、终报和批示反馈要求。',
    issuer: '县政府应急管理办公室',
    asOf: (at: string) => `统计截至${at}`,
  },
  en: {
    title: (year: string, month: string) => `Notice on emergency-incident information reporting, ${year}-${month}`,
    intro: (from: string, to: string, minutes: number) =>
      `Under clause 4(5) of notice 盘县政办发〔2015〕97号, this notice reports each unit's incident reporting from ${from} to ${to} (Beijing time). A first report within ${minutes} minutes of the incident is on time.`,
    summary: '1. Overview',
    lapses: '2. Late and missed reports',
    none: 'No late or missed reports in this period.',
    columns: ['Unit', 'On-time rate', 'Late', 'Missed', 'Median delay', 'Worst delay'],
    lapseColumns: ['Item', 'Incident', 'Due', 'Filed', 'Delay', 'Reason given', 'On duty / shift leader'],
    outcome: { late: 'late', missed: 'missed' },
    notDone: 'not filed',
    minutes: (value: number) => `${value} min`,
    closing:
      'Units with late or missed reports are to analyse the causes and meet the first, follow-up, final report and instruction-feedback requirements.',
    issuer: 'County Emergency Management Office',
    asOf: (at: string) => `Figures as of ${at}`,
  },
} as const;

/**
 * R-EVAL: the monthly notice (通报) as a printable HTML page — an overview per unit and every
 * late and missed item by unit, times in Beijing time. Everything from the record is escaped.
 */
export function renderNotice(evaluation: Evaluation, period: string, locale: Locale): string {
  const text = TEXT[locale];
  const [year = '', month = ''] = period.split('-');
  const lapsesOf = (unitId: string): LapseItem[] => evaluation.lapses.filter((lapse) => lapse.unitId === unitId);
  const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  const minutes = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : text.minutes(value);
  const cells = (values: string[], tag = 'td') =>
    `<tr>${values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('')}</tr>`;
  const lastDay = new Date(Date.parse(evaluation.to) - 1);
  const overview = evaluation.units.map((unit) => {
    const own = lapsesOf(unit.unitId);
    return cells([
      unit.unitName[locale],
      percent(unit.onTimeRate),
      String(own.filter((lapse) => lapse.outcome === 'late').length),
      String(own.filter((lapse) => lapse.outcome === 'missed').length),
      minutes(unit.medianDelayMinutes),
      minutes(unit.worstDelayMinutes),
    ]);
  });
  const lapseSections = evaluation.units
    .filter((unit) => lapsesOf(unit.unitId).length > 0)
    .map((unit) => {
      const rows = lapsesOf(unit.unitId).map((lapse) =>
        cells([
          `${ITEM_KIND_NAMES[lapse.kind][locale]}（${text.outcome[lapse.outcome]}）`,
          lapse.incidentId ? `${lapse.incidentTitle ?? ''} ${lapse.incidentId}` : (lapse.spotCheckId ?? ''),
          formatLocalTime(new Date(lapse.dueAt)),
          lapse.doneAt ? formatLocalTime(new Date(lapse.doneAt)) : text.notDone,
          minutes(lapse.delayMinutes),
          lapse.lateReason ?? '',
          // Issue 15 item 7 (责任溯查): who was on duty when the item fell due, by the unit's roster.
          [lapse.onDutyAtDue?.dutyOfficer?.name, lapse.onDutyAtDue?.shiftLeader?.name].filter(Boolean).join(' / '),
        ]),
      );
      return `<h3>${escapeHtml(unit.unitName[locale])}</h3><table>${cells([...text.lapseColumns], 'th')}${rows.join('')}</table>`;
    });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
${MOBILE_VIEWPORT}
<title>${escapeHtml(text.title(year, month))}</title>
<style>
  body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; max-width: 60em; margin: 2em auto; line-height: 1.6; color: #000; }
  h1 { text-align: center; font-size: 1.5em; }
  table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
  th, td { border: 1px solid #000; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
  .issuer { text-align: right; margin-top: 3em; }
  /* Issue 14 item 5: on a phone (390 px) the page fits the screen; long IDs break rather than widen a table. */
  @media (max-width: 640px) {
    body { margin: 1em 0.6em; font-size: 0.95em; }
    h1 { font-size: 1.25em; }
    th, td { padding: 0.2em 0.3em; overflow-wrap: anywhere; font-size: 0.9em; }
  }
  @media print { body { margin: 0; max-width: none; } h3 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(text.title(year, month))}</h1>
<p>${escapeHtml(text.intro(formatLocalTime(new Date(evaluation.from)).slice(0, 10), formatLocalTime(lastDay).slice(0, 10), evaluation.firstReportOnTimeMinutes))}</p>
<h2>${escapeHtml(text.summary)}</h2>
<table>${cells([...text.columns], 'th')}${overview.join('')}</table>
<h2>${escapeHtml(text.lapses)}</h2>
${lapseSections.length > 0 ? lapseSections.join('\n') : `<p>${escapeHtml(text.none)}</p>`}
<p>${escapeHtml(text.closing)}</p>
<p class="issuer">${escapeHtml(text.issuer)}<br>${escapeHtml(text.asOf(formatLocalTime(new Date(evaluation.asOf))))}</p>
</body>
</html>
`;
}
