import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run synth (offline, esbuild bundling, no Docker)', () => {
  const outputDir = mkdtempSync(join(tmpdir(), 'incident-synth-'));
  afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

  it('synthesizes the template and bundles every function so that Lambda can load its handler', async () => {
    // Act: the same command as `npm run synth`, into a temporary folder
    const { stdout, stderr } = await run(
      process.execPath,
      [join('node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--quiet', '--no-notices', '-o', outputDir],
      {
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
        timeout: 300_000,
      },
    );
    // No esbuild warning: one ("Ignoring this import … marked as having no side effects") meant zod's messages were
    // missing from most bundles.
    expect(`${stdout}${stderr}`).not.toMatch(/\[WARNING\]|▲/);
    // Assess
    const template = JSON.parse(readFileSync(join(outputDir, 'IncidentReporting.template.json'), 'utf8'));
    // The service's own Node functions (they carry its Powertools service name). CDK's providers — the SMS attributes'
    // custom resource, the deploy-time trigger that seeds the directory (issue 15), whose bundle requires the SDK the
    // Lambda runtime provides — and the console's Python BucketDeployment are CDK's to test.
    type FunctionResource = {
      Type: string;
      Properties: {
        Runtime?: string;
        Code?: { S3Key?: string };
        Environment?: { Variables?: Record<string, unknown> };
      };
    };
    const ours = Object.values<FunctionResource>(template.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties.Runtime?.startsWith('nodejs') &&
        resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
    );
    const bundles = [
      ...new Set(ours.map((resource) => `asset.${resource.Properties.Code!.S3Key!.replace(/\.zip$/, '')}`)),
    ].filter((name) => existsSync(join(outputDir, name, 'index.js')));
    expect(bundles.length).toBeGreaterThan(0);
    expect(bundles).toHaveLength(new Set(ours.map((resource) => resource.Properties.Code!.S3Key)).size);
    for (const bundle of bundles) {
      // Outside this project (whose package.json says "type": "module"), as in Lambda.
      const lambdaRoot = mkdtempSync(join(tmpdir(), 'incident-bundle-'));
      cpSync(join(outputDir, bundle), lambdaRoot, { recursive: true });
      const { stdout } = await run(
        process.execPath,
        ['-e', "process.stdout.write(typeof require('./index.js').handler)"],
        {
          cwd: lambdaRoot,
          env: {
            ...process.env,
            TABLE_NAME: 't',
            INCIDENT_STATE_MACHINE_ARN: 's',
            OBLIGATION_STATE_MACHINE_ARN: 'o',
            ACK_SIGNING_KEY_SECRET_ARN: 'k',
            EMAIL_TOPIC_ARN: 'e',
            OPERATORS_TOPIC_ARN: 'a',
            PUBLIC_API_URL: 'http://127.0.0.1:9',
            CONSOLE_URL: 'http://127.0.0.1:9/console/',
            AWS_REGION: 'us-east-1',
          },
        },
      );
      rmSync(lambdaRoot, { recursive: true, force: true });
      expect([bundle, stdout]).toEqual([bundle, 'function']);
    }
    // A synth bundles ~25 functions: 30–80 s on a 2-core machine, more while it is busy.
  }, 360_000);
});
