import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { API_ROUTES } from '../../functions/api/routes';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { LAMBDA_BUNDLING } from '../../infra/bundling';
import { FUNCTIONS_DIR } from '../../infra/project-paths';
import { isQuick, percentile, report, round } from '../lib/stats';

/**
 * Cold start, by proxy: each function bundled as `npm run synth` bundles it
 * (`infra/bundling.ts`: CJS, node24, minified, the AWS SDK inside), its size, and the time a fresh `node` takes to load
 * the bundle and build its clients (module scope: what Lambda's init phase runs), beside an
 * empty handler bundled the same way. Median of several fresh processes each.
 */
const quick = isQuick();
const runs = quick ? 2 : 7;
const outDir = mkdtempSync(join(tmpdir(), 'incident-bundles-'));
const entries = [
  ...API_ROUTES.map((route) => `api/${route.handlerFile}`),
  ...WORKFLOW_TASKS.map((task) => `workflow/${task.handlerFile}`),
  'workflow/send-sms-digests',
  'events/sms-inbound',
  'events/sms-delivery-status',
];
const selected = quick
  ? entries.filter((entry) => ['api/create-incident', 'workflow/escalate-obligation'].includes(entry))
  : entries;

writeFileSync(join(outDir, 'empty.ts'), 'export const handler = async () => ({ statusCode: 200 });\n');
async function bundle(name: string, entry: string): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const file = join(outDir, `${name.replaceAll('/', '__')}.cjs`);
  const result = await build({
    ...LAMBDA_BUNDLING,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    metafile: true,
    logLevel: 'silent',
  });
  return { file, bytes: statSync(file).size, metafile: result.metafile };
}

// Environment the functions read at load, pointing nowhere: loading must not call out.
const environment = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  TABLE_NAME: 't',
  INCIDENT_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:i',
  OBLIGATION_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:o',
  ACK_SIGNING_KEY_SECRET_ARN: 's',
  OPERATORS_TOPIC_ARN: 'o',
  EMAIL_TOPIC_ARN: 'e',
  PUBLIC_API_URL: 'http://127.0.0.1:9',
  CONSOLE_URL: 'http://127.0.0.1:9/console/',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
function loadMs(file: string): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    // Outside the project (no "type": "module" above it), as in Lambda.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const t=performance.now();const m=require(${JSON.stringify(file)});if(typeof m.handler!=='function')process.exit(2);process.stdout.write(String(performance.now()-t))`,
      ],
      { env: environment, cwd: outDir, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`${file} did not load: ${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  return percentile(samples, 50);
}

const empty = await bundle('empty', join(outDir, 'empty.ts'));
const emptyMs = loadMs(empty.file);
const functions = [];
for (const name of selected) {
  const bundled = await bundle(name, join(FUNCTIONS_DIR, `${name}.ts`));
  const inputs = Object.entries(
    bundled.metafile.outputs[Object.keys(bundled.metafile.outputs).find((output) => output.endsWith('.cjs'))!].inputs,
  );
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const owner = match ? match[1] : '(project)';
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
  }
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([owner, bytes]) => `${owner} ${round(bytes / 1024)} KB`);
  const ms = loadMs(bundled.file);
  functions.push({
    name,
    kb: round(bundled.bytes / 1024),
    initMs: round(ms),
    overheadMs: round(ms - emptyMs),
    largest,
  });
}
rmSync(outDir, { recursive: true, force: true });
const worstOverhead = Math.max(...functions.map((entry) => entry.overheadMs));
const largestBundle = Math.max(...functions.map((entry) => entry.kb));
report({
  scenario: 'cold-start',
  figures: [
    {
      name: 'cold start: init overhead over an empty bundle, worst function',
      value: worstOverhead,
      unit: 'ms',
      baseline: `${round(emptyMs)} ms (empty handler)`,
      goal: '≤ 50 ms',
      met: worstOverhead <= 50,
    },
    {
      name: 'cold start: largest bundle (minified)',
      value: largestBundle,
      unit: 'KB',
      baseline: `${round(empty.bytes / 1024, 2)} KB`,
      goal: '≤ 300 KB',
      met: largestBundle <= 300,
    },
  ],
  details: { runsPerFunction: runs, emptyMs: round(emptyMs), functions },
});
process.exit(0);
