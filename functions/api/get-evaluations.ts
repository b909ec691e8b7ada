import type { DirectorySource } from '../shared/directory-source';
import { type Locale } from '../domain/directory';
import { EVALUATED_ITEM_KINDS, evaluate, ITEM_KIND_NAMES, type Evaluation, type Tally } from '../domain/evaluation';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import { csv, wantsCsv } from '../shared/csv';
import { traceResponsibility } from '../shared/responsibility-trace';
import { repositoriesFromEnvironment, directoryFromEnvironment } from '../shared/dependencies';
import { evaluateByMonth, loadEvaluationData } from '../shared/evaluation-source';
import { json, parseBody } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { evaluationQuerySchema } from './schemas';

export interface GetEvaluationsDependencies extends Pick<
  Repositories,
  'incidents' | 'obligations' | 'spotChecks' | 'rosters'
> {
  directory: DirectorySource;
  policy: ReportingPolicy;
  now: () => Date;
}

const OUTCOME_NAMES: Record<Exclude<keyof Tally, 'pending'>, Record<Locale, string>> = {
  onTime: { 'zh-CN': '及时', en: 'on time' },
  late: { 'zh-CN': '迟报', en: 'late' },
  missed: { 'zh-CN': '漏报', en: 'missed' },
};
const OUTCOMES = ['onTime', 'late', 'missed'] as const;

/** R-EVAL: the evaluation as a table, one row per unit, for the year-end assessment in Excel. */
export function evaluationRows(evaluation: Evaluation, locale: Locale): unknown[][] {
  const zh = locale === 'zh-CN';
  const header = [
    zh ? '单位编号' : 'Unit ID',
    zh ? '单位' : 'Unit',
    ...EVALUATED_ITEM_KINDS.flatMap((kind) =>
      OUTCOMES.map((outcome) =>
        zh
          ? `${ITEM_KIND_NAMES[kind][locale]}${OUTCOME_NAMES[outcome][locale]}`
          : `${ITEM_KIND_NAMES[kind][locale]} ${OUTCOME_NAMES[outcome][locale]}`,
      ),
    ),
    zh ? '及时率' : 'On-time rate',
    zh ? '延误中位数（分钟）' : 'Median delay (min)',
    zh ? '最长延误（分钟）' : 'Worst delay (min)',
  ];
  const rows = evaluation.units.map((unit) => [
    unit.unitId,
    unit.unitName[locale],
    ...EVALUATED_ITEM_KINDS.flatMap((kind) => OUTCOMES.map((outcome) => unit.tallies[kind][outcome])),
    unit.onTimeRate ?? '',
    unit.medianDelayMinutes ?? '',
    unit.worstDelayMinutes ?? '',
  ]);
  return [header, ...rows];
}

/**
 * `GET /evaluations?from=…&to=…` — R-EVAL: per unit, first reports on time / late / missed,
 * written reports, verification answers (phone and written), instruction feedback and
 * follow-ups, spot checks passed (R-SPOTCHECK), on-time rate, median and worst delay; the late
 * and missed items; and month by month for the trend. With `Accept: text/csv` (or
 * `?format=csv`) the per-unit table as CSV, UTF-8 with BOM.
 */
export function makeHandler(deps: GetEvaluationsDependencies) {
  return httpEndpoint(
    rolesFor('GET /evaluations'),
    async (event) => {
      const query = parseBody(evaluationQuerySchema, event.queryStringParameters ?? {});
      const asOf = deps.now();
      const data = await loadEvaluationData(deps, query.from, query.to);
      const input = { from: query.from, to: query.to, asOf, policy: deps.policy };
      const directory = await deps.directory.current();
      // Issue 15 item 7 (责任溯查): each late or missed item names who was on duty when it fell due.
      const evaluation = await traceResponsibility(
        evaluate({ ...input, units: directory.units, ...data }),
        directory,
        deps.rosters,
      );
      if (wantsCsv(event)) {
        const day = (at: Date) => at.toISOString().slice(0, 10);
        return csv(`evaluation-${day(query.from)}-${day(query.to)}.csv`, evaluationRows(evaluation, query.lang));
      }
      const months = evaluateByMonth(data, { ...input, directory }).map(({ month, evaluation: monthly }) => ({
        month,
        units: monthly.units.map(({ unitId, onTimeRate }) => ({ unitId, onTimeRate })),
      }));
      return json(200, { ...evaluation, months });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  policy: defaultPolicy,
  now: () => new Date(),
});
