import type { Locale } from './directory';

/**
 * R-ELEMENTS (clause 四(四) "要素完整"): what a written, follow-up or final report must contain.
 */
export const REPORT_ELEMENTS = [
  'time',
  'place',
  'reportingUnit',
  'natureAndCause',
  'casualtiesAndLosses',
  'measuresTaken',
  'trendAndNextSteps',
  'reporterAndPhone',
] as const;
export type ReportElement = (typeof REPORT_ELEMENTS)[number];

export const REPORT_ELEMENT_NAMES: Record<ReportElement, Record<Locale, string>> = {
  time: { 'zh-CN': '时间', en: 'time' },
  place: { 'zh-CN': '地点', en: 'place' },
  reportingUnit: { 'zh-CN': '报告单位', en: 'reporting unit' },
  natureAndCause: { 'zh-CN': '事件性质和原因', en: 'nature and cause' },
  casualtiesAndLosses: { 'zh-CN': '人员伤亡和财产损失', en: 'casualties and losses' },
  measuresTaken: { 'zh-CN': '已采取的措施', en: 'measures taken' },
  trendAndNextSteps: { 'zh-CN': '发展趋势和下一步工作', en: 'trend and next steps' },
  reporterAndPhone: { 'zh-CN': '报告人及联系电话', en: 'reporter and contact phone' },
};

/** The request field that carries each element, so a rejected report names the fields to fill. */
export const REPORT_ELEMENT_FIELDS: Record<ReportElement, string> = {
  time: 'occurredAt',
  place: 'location',
  reportingUnit: 'unitId',
  natureAndCause: 'cause',
  casualtiesAndLosses: 'casualties',
  measuresTaken: 'measuresTaken',
  trendAndNextSteps: 'trend',
  reporterAndPhone: 'reporter',
};

/** The parts of a report the element check reads. */
export interface ReportContent {
  occurredAt?: string;
  location?: string;
  cause?: string;
  casualties?: unknown;
  losses?: string;
  measuresTaken?: string;
  trend?: string;
  reporter?: { name?: string; phone?: string };
}

const present = (text: string | undefined) => text !== undefined && text.trim().length > 0;

/**
 * R-ELEMENTS: the elements a report lacks, in the notice's order. Time, place and reporting
 * unit are the incident's unless the report restates them, so only a report about an incident
 * that has them is complete; casualties count as given when stated, even as zeros.
 *
 * @example
 * ```ts
 * missingElements({ cause: '阀门老化', measuresTaken: '已堵漏' }, { occurredAt: '…', location: '高升经济区', unitId:
 * 'gaosheng-zone' });
 * // ['casualtiesAndLosses', 'trendAndNextSteps', 'reporterAndPhone']
 * ```
 */
export function missingElements(
  report: ReportContent,
  incident: { occurredAt?: string; location?: string; unitId?: string },
): ReportElement[] {
  const has: Record<ReportElement, boolean> = {
    time: present(report.occurredAt ?? incident.occurredAt),
    place: present(report.location ?? incident.location),
    reportingUnit: present(incident.unitId),
    natureAndCause: present(report.cause),
    casualtiesAndLosses: report.casualties !== undefined || present(report.losses),
    measuresTaken: present(report.measuresTaken),
    trendAndNextSteps: present(report.trend),
    reporterAndPhone: present(report.reporter?.name) && present(report.reporter?.phone),
  };
  return REPORT_ELEMENTS.filter((element) => !has[element]);
}
