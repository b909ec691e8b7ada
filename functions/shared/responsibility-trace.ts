import pLimit from 'p-limit';
import type { Directory } from '../domain/directory';
import type { DutyCoverage } from '../domain/duty-resolution';
import type { Evaluation } from '../domain/evaluation';
import { lapseMoments, withDutyAtDue } from '../domain/responsibility';
import type { RosterRepository } from './repositories/rosters';

// One Query per distinct (unit, due time); a month's notice lists tens of lapses, a bounded few at a time.
const CONCURRENT_QUERIES = 8;

/** Issue 15 item 7 (责任溯查): the evaluation with each lapse naming who was on duty when it fell due. */
export async function traceResponsibility(
  evaluation: Evaluation,
  directory: Directory,
  rosters: Pick<RosterRepository, 'coveringAt'>,
): Promise<Evaluation> {
  const limit = pLimit(CONCURRENT_QUERIES);
  const moments = lapseMoments(evaluation.lapses);
  const answers = await Promise.all(
    moments.map(({ unitId, dueAt }) =>
      limit(async (): Promise<[string, DutyCoverage]> => [
        `${unitId}#${dueAt}`,
        await rosters.coveringAt(unitId, dueAt),
      ]),
    ),
  );
  const coverage = new Map(answers);
  return {
    ...evaluation,
    lapses: withDutyAtDue(evaluation.lapses, directory, (unitId, dueAt) => coverage.get(`${unitId}#${dueAt}`)),
  };
}
