import type { CoverageByUnit, DutyCoverage } from '../domain/duty-resolution';
import type { RosterRepository } from './repositories/rosters';

/**
 * Issue 15, R-LADDER: who is on duty at `at` in each of these units — one Query per unit (`coveringAt`), in parallel —
 * for the domain to resolve each message's recipient at the moment of sending.
 */
export async function coverageOf(
  rosters: Pick<RosterRepository, 'coveringAt'>,
  unitIds: readonly string[],
  at: Date,
): Promise<CoverageByUnit> {
  const answers = await Promise.all(
    unitIds.map(async (unitId): Promise<[string, DutyCoverage]> => [unitId, await rosters.coveringAt(unitId, at)]),
  );
  return new Map(answers);
}
