import { useState } from 'preact/hooks';
import { getJson } from '../api';
import type { IncidentDocument, Report } from '../duty-types';
import { usePolling } from '../hooks';
import { formatTime, locale, t } from '../i18n';
import { hrefOf } from '../router';
import type { UnitSummary } from '../types';
import { ErrorNote } from './common';
import { AttachmentList, ReportAttachments } from './report-attachments';

/** The kinds the archive keeps as a 书面报告 (a first report is a phone call or a note: not printed). */
export const PRINTABLE_KINDS: readonly Report['kind'][] = ['written', 'follow-up', 'final'];

/**
 * R-ELEMENTS: a report's elements in the notice's order (functions/domain/elements.ts REPORT_ELEMENTS), the summary
 * first. Time, place and reporting unit are the incident's unless the report restates them — as the element check reads
 * them.
 */
export function reportElementRows(
  report: Report,
  incident: Pick<IncidentDocument, 'occurredAt' | 'location'>,
  unitName: (unitId: string) => string,
): { element: string; value: string | undefined }[] {
  const casualties = report.casualties
    ? t('duty.casualtiesText')
        .replace('{d}', String(report.casualties.deaths))
        .replace('{i}', String(report.casualties.injured))
        .replace('{m}', String(report.casualties.missing))
    : undefined;
  const losses = [casualties, report.losses].filter(Boolean).join(locale.value === 'zh-CN' ? '；' : '; ');
  return [
    { element: 'summary', value: report.summary },
    { element: 'time', value: formatTime(report.occurredAt ?? incident.occurredAt) },
    { element: 'place', value: report.location ?? incident.location },
    { element: 'reportingUnit', value: unitName(report.unitId) },
    { element: 'natureAndCause', value: report.cause },
    { element: 'casualtiesAndLosses', value: losses || undefined },
    { element: 'measuresTaken', value: report.measuresTaken },
    { element: 'trendAndNextSteps', value: report.trend },
    {
      element: 'reporterAndPhone',
      value: report.reporter ? `${report.reporter.name} ${report.reporter.phone}` : undefined,
    },
  ];
}

/** One report as the incident page shows it: every element, in order, and what it lacked when filed. */
export function ReportElements({
  report,
  incident,
  unitName,
}: {
  report: Report;
  incident: IncidentDocument;
  unitName: (unitId: string) => string;
}) {
  const missing = report.missingElements ?? [];
  return (
    <>
      <dl class="duty-elements" data-testid="report-elements">
        {reportElementRows(report, incident, unitName).map((row) => (
          <div key={row.element} data-element={row.element}>
            <dt>{t(`duty.element.${row.element}`)}</dt>
            <dd class={row.value ? '' : 'muted'}>{row.value ?? t('duty.notStated')}</dd>
          </div>
        ))}
        {report.lateReason && (
          <div data-element="lateReason">
            <dt>{t('duty.lateReason')}</dt>
            <dd>{report.lateReason}</dd>
          </div>
        )}
      </dl>
      {missing.length > 0 && (
        <p class="warn-note">
          {t('duty.missingElements')}: {missing.map((element) => t(`duty.element.${element}`)).join('、')}
        </p>
      )}
      <ReportAttachments incidentId={report.incidentId} attachmentIds={report.attachmentIds} />
    </>
  );
}

/**
 * The official 书面报告 of one written, follow-up or final report, for the archive (R-ELEMENTS, R-AUDIT): title,
 * reporting unit, 签发人 typed here before printing, time, the elements in order, attachments. Printed on A4 (the
 * `@media print` rules in style.css hide everything else).
 */
export function PrintReport({
  incidentId,
  reportId,
  units,
}: {
  incidentId: string;
  reportId: string;
  units: UnitSummary[];
}) {
  const incident = usePolling(() => getJson<IncidentDocument>(`/incidents/${encodeURIComponent(incidentId)}`), 0, [
    incidentId,
  ]);
  const [signer, setSigner] = useState('');
  const unitName = (unitId: string) => units.find((unit) => unit.unitId === unitId)?.name[locale.value] ?? unitId;
  const value = incident.value;
  const report = value?.reports.find((item) => item.reportId === reportId && PRINTABLE_KINDS.includes(item.kind));
  return (
    <div class="duty-print" data-testid="report-print">
      <p class="no-print">
        <a href={hrefOf({ name: 'incident', incidentId })}>← {t('duty.backToIncident')}</a>
      </p>
      <ErrorNote error={incident.error} />
      {!value && !incident.error && <p>{t('loading')}</p>}
      {value && !report && <p class="error">{t('duty.reportNotFound')}</p>}
      {value && report && (
        <>
          <form class="no-print duty-print-controls" onSubmit={(event) => event.preventDefault()}>
            <label>
              {t('duty.signerHint')}
              <input
                name="signer"
                value={signer}
                maxLength={50}
                onInput={(event) => setSigner(event.currentTarget.value)}
              />
            </label>
            <button type="button" data-testid="print-button" onClick={() => window.print()}>
              {t('duty.printButton')}
            </button>
          </form>
          <article class="duty-sheet" data-testid="print-sheet">
            <h1>
              {t('duty.printTitle')}
              <span class="duty-sheet-kind">
                {locale.value === 'zh-CN'
                  ? `（${t(`duty.report.${report.kind}`)}）`
                  : ` (${t(`duty.report.${report.kind}`).toLowerCase()})`}
              </span>
            </h1>
            <table class="duty-sheet-meta">
              <tbody>
                <tr>
                  <th scope="row">{t('duty.reportingUnit')}</th>
                  <td>{unitName(report.unitId)}</td>
                  <th scope="row">{t('duty.signer')}</th>
                  <td data-testid="print-signer">{signer}</td>
                </tr>
                <tr>
                  <th scope="row">{t('duty.reportTime')}</th>
                  <td>{formatTime(report.receivedAt)}</td>
                  <th scope="row">{t('duty.incidentNo')}</th>
                  <td>{value.incidentId}</td>
                </tr>
              </tbody>
            </table>
            <h2>{value.title}</h2>
            <dl class="duty-sheet-elements">
              {reportElementRows(report, value, unitName).map((row, index) => (
                <div key={row.element} data-element={row.element}>
                  <dt>
                    {index === 0 ? '' : `${index}. `}
                    {t(`duty.element.${row.element}`)}
                  </dt>
                  <dd>{row.value ?? t('duty.notStated')}</dd>
                </div>
              ))}
              {report.lateReason && (
                <div data-element="lateReason">
                  <dt>{t('duty.lateReason')}</dt>
                  <dd>{report.lateReason}</dd>
                </div>
              )}
            </dl>
            <div class="duty-sheet-attachments">
              {t('duty.attachments')}
              {locale.value === 'zh-CN' ? '：' : ': '}
              <AttachmentList incidentId={report.incidentId} attachmentIds={report.attachmentIds} />
            </div>
          </article>
        </>
      )}
    </div>
  );
}
