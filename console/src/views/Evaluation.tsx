import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { download, getJson, openPage } from '../api';
import { usePolling } from '../hooks';
import { formatTime, locale, t } from '../i18n';
import type { EvaluatedItemKind, EvaluationResponse, UnitEvaluation } from '../types';
import { ErrorNote, FormError } from './common';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

const KINDS: EvaluatedItemKind[] = [
  'first-report',
  'written-report',
  'verification-phone',
  'verification-written',
  'instruction-feedback',
  'follow-up',
  'spot-check',
];

// Beijing calendar months, as the API counts them.
const beijingMonth = (offset: number): string => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return month.toISOString().slice(0, 7);
};

const sum = (unit: UnitEvaluation, outcome: 'onTime' | 'late' | 'missed') =>
  KINDS.reduce((total, kind) => total + (unit.tallies[kind]?.[outcome] ?? 0), 0);
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** R-EVAL: per-unit timeliness for any period, the monthly trend, the CSV export and the notice (通报). */
export function Evaluation() {
  const [period, setPeriod] = useState({ from: `${beijingMonth(0)}-01`, to: `${beijingMonth(1)}-01` });
  const [draft, setDraft] = useState(period);
  const [noticeMonth, setNoticeMonth] = useState(beijingMonth(0));
  const [actionError, setActionError] = useState<Error>();
  const query = `from=${period.from}&to=${period.to}`;
  const evaluation = usePolling(() => getJson<EvaluationResponse>(`/evaluations?${query}`), 0, [query]);
  const trend = usePolling(
    () => getJson<EvaluationResponse>(`/evaluations?from=${beijingMonth(-5)}-01&to=${beijingMonth(1)}-01`),
    0,
    [],
  );
  const name = (unit: UnitEvaluation) => unit.unitName[locale.value];
  return (
    <div class="evaluation">
      <form
        class="inline-form"
        data-testid="evaluation-form"
        onSubmit={(event) => {
          event.preventDefault();
          setPeriod(draft);
        }}
      >
        <label>
          {t('from')}{' '}
          <input
            type="date"
            value={draft.from}
            onInput={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
        </label>
        <label>
          {t('to')}{' '}
          <input
            type="date"
            value={draft.to}
            onInput={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
        </label>
        <button type="submit">{t('evaluate')}</button>
        <button
          type="button"
          data-testid="download-evaluation-csv"
          onClick={() =>
            download(
              `/evaluations?${query}&format=csv&lang=${locale.value}`,
              `evaluation-${period.from}-${period.to}.csv`,
            ).catch(setActionError)
          }
        >
          {t('downloadEvaluationCsv')}
        </button>
      </form>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          openPage(`/evaluations/notice?period=${noticeMonth}&lang=${locale.value}`).catch(setActionError);
        }}
      >
        <label>
          {t('notice')}{' '}
          <input type="month" value={noticeMonth} onInput={(event) => setNoticeMonth(event.currentTarget.value)} />
        </label>
        <button type="submit" data-testid="open-notice">
          {t('openNotice')}
        </button>
      </form>
      <FormError error={actionError} />
      <ErrorNote error={evaluation.error} />
      {evaluation.value && (
        <>
          <table data-testid="evaluation-table">
            <thead>
              <tr>
                <th>{t('unit')}</th>
                {KINDS.map((kind) => (
                  <th key={kind}>
                    {t(`kind.${kind}`)}
                    <div class="muted">
                      {t('onTime')}/{t('late')}/{t('missed')}
                    </div>
                  </th>
                ))}
                <th>{t('onTimeRate')}</th>
                <th>{t('medianDelay')}</th>
                <th>{t('worstDelay')}</th>
              </tr>
            </thead>
            <tbody>
              {evaluation.value.units.map((unit) => (
                <tr key={unit.unitId} data-testid="evaluation-row" data-unit={unit.unitId}>
                  <td data-label={t('unit')} class="card-title">
                    {name(unit)}
                  </td>
                  {KINDS.map((kind) => {
                    const tally = unit.tallies[kind];
                    return (
                      <td
                        key={kind}
                        class={tally.late + tally.missed > 0 ? 'warn' : ''}
                        data-label={`${t(`kind.${kind}`)} (${t('onTime')}/${t('late')}/${t('missed')})`}
                      >
                        {tally.onTime}/{tally.late}/{tally.missed}
                      </td>
                    );
                  })}
                  <td data-label={t('onTimeRate')} data-testid="on-time-rate">
                    {percent(unit.onTimeRate)}
                  </td>
                  <td data-label={`${t('medianDelay')} (${t('minutes')})`}>{unit.medianDelayMinutes ?? '—'}</td>
                  <td data-label={`${t('worstDelay')} (${t('minutes')})`}>{unit.worstDelayMinutes ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="charts">
            <figure>
              <figcaption>{t('byUnitChart')}</figcaption>
              <BarChart units={evaluation.value.units} />
            </figure>
            <figure>
              <figcaption>{t('trendChart')}</figcaption>
              {trend.value && <TrendChart evaluation={trend.value} />}
            </figure>
          </div>
          <h3>{t('lapses')}</h3>
          {evaluation.value.lapses.length === 0 ? (
            <p class="empty">{t('noLapses')}</p>
          ) : (
            <table data-testid="lapses">
              <thead>
                <tr>
                  <th>{t('unit')}</th>
                  <th>{t('obligation')}</th>
                  <th>{t('incident')}</th>
                  <th>{t('dueAt')}</th>
                  <th>{t('time')}</th>
                  <th>{t('minutes')}</th>
                </tr>
              </thead>
              <tbody>
                {evaluation.value.lapses.map((lapse, index) => (
                  <tr key={index}>
                    <td data-label={t('unit')} class="card-title">
                      {name(evaluation.value!.units.find((unit) => unit.unitId === lapse.unitId)!)}
                    </td>
                    <td data-label={t('obligation')}>
                      {t(`kind.${lapse.kind}`)} · {t(lapse.outcome)}
                    </td>
                    <td data-label={t('incident')}>
                      {lapse.incidentTitle ?? lapse.spotCheckId} <span class="muted">{lapse.incidentId}</span>
                    </td>
                    <td data-label={t('dueAt')}>{formatTime(lapse.dueAt)}</td>
                    <td data-label={t('time')}>{formatTime(lapse.doneAt)}</td>
                    <td data-label={t('minutes')}>{lapse.delayMinutes ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

function useChart(build: (canvas: HTMLCanvasElement) => Chart, dependencies: unknown[]) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = build(canvas.current);
    return () => chart.destroy();
  }, dependencies);
  return canvas;
}

function BarChart({ units }: { units: UnitEvaluation[] }) {
  const shown = units.filter((unit) => sum(unit, 'onTime') + sum(unit, 'late') + sum(unit, 'missed') > 0);
  const canvas = useChart(
    (element) =>
      new Chart(element, {
        type: 'bar',
        data: {
          labels: shown.map((unit) => unit.unitName[locale.value]),
          datasets: [
            { label: t('onTime'), data: shown.map((unit) => sum(unit, 'onTime')), backgroundColor: '#2e7d32' },
            { label: t('late'), data: shown.map((unit) => sum(unit, 'late')), backgroundColor: '#f9a825' },
            { label: t('missed'), data: shown.map((unit) => sum(unit, 'missed')), backgroundColor: '#c62828' },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        },
      }),
    [units, locale.value],
  );
  return <canvas ref={canvas} data-testid="chart-by-unit" />;
}

function TrendChart({ evaluation }: { evaluation: EvaluationResponse }) {
  const palette = ['#1565c0', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#4e342e', '#ad1457'];
  const canvas = useChart(
    (element) => {
      const unitIds = [
        ...new Set(
          evaluation.months.flatMap((month) =>
            month.units.filter((unit) => unit.onTimeRate !== null).map((unit) => unit.unitId),
          ),
        ),
      ];
      return new Chart(element, {
        type: 'line',
        data: {
          labels: evaluation.months.map((month) => month.month),
          datasets: unitIds.map((unitId, index) => ({
            label: evaluation.units.find((unit) => unit.unitId === unitId)?.unitName[locale.value] ?? unitId,
            data: evaluation.months.map((month) => {
              const rate = month.units.find((unit) => unit.unitId === unitId)?.onTimeRate;
              return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
            }),
            borderColor: palette[index % palette.length],
            spanGaps: true,
          })),
        },
        options: {
          animation: false,
          responsive: true,
          scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
        },
      });
    },
    [evaluation, locale.value],
  );
  return <canvas ref={canvas} data-testid="chart-trend" />;
}
