/** The p-th percentile (0–100) of some numbers, nearest-rank; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** What a scenario reports: its figures, each with its goal and whether it met it. */
export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  /** The baseline measured in the same run, when the figure has one. */
  baseline?: number | string;
  goal?: string;
  met?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  figures: Figure[];
  /** Anything else worth keeping (call lists, per-function sizes…). */
  details?: unknown;
}

/** The line a scenario's child process prints last, for `bench/run.ts` to read. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export function report(result: ScenarioResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

export const isQuick = (): boolean => process.argv.includes('--quick');
