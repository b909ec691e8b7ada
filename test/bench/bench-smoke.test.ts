import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The bench is not a test: this only keeps it from rotting. `npm run bench -- --quick` must run
// every scenario and produce every figure; how fast they are is for `npm run bench` to say.
describe('npm run bench -- --quick (smoke)', () => {
  it('runs every scenario and writes every figure, each with a value', () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'results.json');
    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    // Assess
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      mode: string;
      machine: { cpus: number };
      results: { scenario: string; figures: { name: string; value: unknown }[] }[];
    };
    expect(results.mode).toBe('quick');
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.results.map((result) => result.scenario)).toEqual([
      'intake',
      'dynamodb-calls',
      'deadline-precision',
      'scale',
      'cost',
      'cold-start',
      'aws-load',
    ]);
    const figures = results.results.flatMap((result) => result.figures);
    for (const name of [
      'intake throughput (POST /incidents, 16 clients)',
      'DynamoDB calls: phone first report',
      'deadline-precision: lag p99',
      'scale: memory per waiting execution',
      'cost: state transitions, on-time incident',
      'cold start: largest bundle (minified)',
    ]) {
      const figure = figures.find((candidate) => candidate.name === name);
      expect([name, typeof figure?.value === 'number' && Number.isFinite(figure.value)]).toEqual([name, true]);
    }
    // Never against AWS from a test.
    expect(figures.find((figure) => figure.name === 'AWS load test (deployed stack)')?.value).toBe(
      'skipped in --quick mode',
    );
    // The smoke run prints the same table `npm run bench` does.
    expect(run.stdout).toContain('baseline (same run)');
  }, 300_000);
});
