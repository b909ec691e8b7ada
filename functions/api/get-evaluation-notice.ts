import { evaluate, monthPeriod } from '../domain/evaluation';
import { defaultPolicy } from '../domain/policy';
import { repositoriesFromEnvironment, directoryFromEnvironment } from '../shared/dependencies';
import { loadEvaluationData } from '../shared/evaluation-source';
import { traceResponsibility } from '../shared/responsibility-trace';
import { parseBody } from '../shared/http';
import { httpEndpoint } from './endpoint';
import type { GetEvaluationsDependencies } from './get-evaluations';
import { STATIC_PAGE_HEADERS } from './html-page';
import { renderNotice } from './notice-page';
import { rolesFor } from './routes';
import { noticeQuerySchema } from './schemas';

/**
 * `GET /evaluations/notice?period=2026-11` — R-EVAL: the monthly notice (通报) as a printable
 * page, Chinese by default (`&lang=en` for English).
 */
export function makeHandler(deps: GetEvaluationsDependencies) {
  return httpEndpoint(
    rolesFor('GET /evaluations/notice'),
    async (event) => {
      const query = parseBody(noticeQuerySchema, event.queryStringParameters ?? {});
      const { from, to } = monthPeriod(query.period);
      const data = await loadEvaluationData(deps, from, to);
      const directory = await deps.directory.current();
      const evaluation = await traceResponsibility(
        evaluate({ from, to, asOf: deps.now(), policy: deps.policy, units: directory.units, ...data }),
        directory,
        deps.rosters,
      );
      return {
        statusCode: 200,
        // The page is static: no script may run in it, whatever a title says.
        headers: STATIC_PAGE_HEADERS,
        body: renderNotice(evaluation, query.period, query.lang),
      };
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
