import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem, tmpdir, release } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_PREFIX, type ScenarioResult } from './lib/stats';

/**
 * `npm run bench` — every figure of issue 6, each beside its baseline measured in the same run,
 * against the local runtime (dynalite on disk, the real ASL in the local engine, the local SNS).
 * Each scenario runs in a fresh Node process. Prints a table and writes `bench/results.json`.
 * `npm run bench -- --quick` is the smoke run `npm test` makes: seconds, small counts, written
 * to a temporary file (or `--out <file>`) so the committed results stay as measured.
 */
const quick = process.argv.includes('--quick');
const outIndex = process.argv.indexOf('--out');
const outFile =
  outIndex >= 0
    ? process.argv[outIndex + 1]
    : quick
      ? join(tmpdir(), 'incident-bench-quick.json')
      : join('bench', 'results.json');
const only = process.argv
  .find((argument) => argument.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const scenarios: { name: string; file: string; args: string[]; nodeArgs?: string[] }[] = [
  { name: 'intake', file: 'intake.ts', args: [] },
  { name: 'dynamodb-calls', file: 'dynamodb-calls.ts', args: [] },
  { name: 'deadline-precision', file: 'deadlines.ts', args: quick ? ['--count', '20'] : ['--count', '1000'] },
  {
    name: 'scale',
    file: 'deadlines.ts',
    args: [
      '--scale',
      ...(quick ? ['--count', '50', '--spread-ms', '2000'] : ['--count', '10000', '--spread-ms', '60000']),
    ],
    nodeArgs: ['--expose-gc', '--max-old-space-size=4096'],
  },
  { name: 'cost', file: 'cost.ts', args: [] },
  { name: 'cold-start', file: 'cold-start.ts', args: [] },
  { name: 'aws-load', file: 'aws-load.ts', args: [] },
];

function runScenario(scenario: (typeof scenarios)[number]): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(scenario.nodeArgs ?? []),
        '--disable-warning=TimeoutNegativeWarning',
        '--import',
        'tsx',
        join('bench', 'scenarios', scenario.file),
        ...scenario.args,
        ...(quick ? ['--quick'] : []),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line)
        return reject(new Error(`bench scenario ${scenario.name} failed (exit ${code}):\n${stderr.slice(-2000)}`));
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ScenarioResult);
    });
  });
}

const started = Date.now();
const results: ScenarioResult[] = [];
for (const scenario of scenarios.filter((candidate) => !only || only.includes(candidate.name))) {
  process.stdout.write(`… ${scenario.name}\n`);
  results.push(await runScenario(scenario));
}

const gitCommit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  os: `${process.platform} ${release()}`,
};
const output = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  gitCommit,
  machine,
  durationSeconds: Math.round((Date.now() - started) / 1000),
  results,
};
writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);

const rows = results.flatMap((result) =>
  result.figures.map((figure) => [
    figure.name,
    `${figure.value}${figure.unit ? ` ${figure.unit}` : ''}`,
    figure.baseline === undefined
      ? ''
      : `${figure.baseline}${figure.unit && typeof figure.baseline === 'number' ? ` ${figure.unit}` : ''}`,
    figure.goal ?? '',
    figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED',
  ]),
);
const header = ['figure', 'value', 'baseline (same run)', 'goal', ''];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
process.stdout.write(
  `\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${rows.map(line).join('\n')}\n\n`,
);
process.stdout.write(
  `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; ${output.durationSeconds} s; written to ${outFile}\n`,
);
