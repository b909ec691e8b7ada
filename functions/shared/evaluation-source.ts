import type { Directory } from '../domain/directory';
import { evaluate, type Evaluation } from '../domain/evaluation';
import type { Incident } from '../domain/incident';
import type { Obligation } from '../domain/obligations';
import type { ReportingPolicy } from '../domain/policy';
import type { SpotCheck } from '../domain/spot-checks';
import type { Repositories } from './repositories';
import { localMonth } from './table-design';

// Obligations are read one incident at a time; this many at once keeps a month's evaluation quick without a burst.
const CONCURRENT_READS = 8;

/** What an evaluation is computed from: a period's incidents with their obligations, and its spot checks. */
export interface EvaluationData {
  incidents: Array<{ incident: Incident; obligations: Obligation[] }>;
  spotChecks: SpotCheck[];
}

/** R-EVAL: reads the incidents received and the spot checks started in [from, to). */
export async function loadEvaluationData(
  repos: Pick<Repositories, 'incidents' | 'obligations' | 'spotChecks'>,
  from: Date,
  to: Date,
): Promise<EvaluationData> {
  const [incidents, spotChecks] = await Promise.all([
    repos.incidents.incidentsReceivedBetween(from, to),
    repos.spotChecks.spotChecksStartedBetween(from, to),
  ]);
  const withObligations: EvaluationData['incidents'] = [];
  for (let start = 0; start < incidents.length; start += CONCURRENT_READS) {
    const batch = incidents.slice(start, start + CONCURRENT_READS);
    const obligations = await Promise.all(
      batch.map((incident) => repos.obligations.obligationsOf(incident.incidentId)),
    );
    batch.forEach((incident, index) => withObligations.push({ incident, obligations: obligations[index] }));
  }
  return { incidents: withObligations, spotChecks };
}

/** One local month of a longer evaluation, for the trend chart. */
export interface MonthlyEvaluation {
  month: string;
  evaluation: Evaluation;
}

/** R-EVAL: the same data evaluated month by month (Asia/Shanghai months). */
export function evaluateByMonth(
  data: EvaluationData,
  input: { from: Date; to: Date; asOf: Date; policy: ReportingPolicy; directory: Directory },
): MonthlyEvaluation[] {
  const months = new Map<string, EvaluationData>();
  const monthOf = (month: string): EvaluationData => {
    if (!months.has(month)) months.set(month, { incidents: [], spotChecks: [] });
    return months.get(month)!;
  };
  for (const entry of data.incidents) monthOf(localMonth(new Date(entry.incident.receivedAt))).incidents.push(entry);
  for (const spotCheck of data.spotChecks)
    monthOf(localMonth(new Date(spotCheck.startedAt))).spotChecks.push(spotCheck);
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, monthData]) => ({
      month,
      evaluation: evaluate({ ...input, units: input.directory.units, ...monthData }),
    }));
}
