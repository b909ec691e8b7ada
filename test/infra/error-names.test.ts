import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../infra/bundling';
import { FUNCTIONS_DIR } from '../../infra/project-paths';
import { STATE_MACHINE_NAMES } from '../../infra/state-machines';
import { readDefinitionTemplate } from '../../infra/local/state-machine-definition';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';

/**
 * Every error name a state's Retry or Catch matches that the service itself throws (not `States.*`, not `Lambda.*`).
 */
function customErrorEquals(): Map<string, Set<string>> {
  // error name → the substitutions (task functions) of the states that match it
  const names = new Map<string, Set<string>>();
  for (const machine of STATE_MACHINE_NAMES) {
    const definition = JSON.parse(readDefinitionTemplate(machine)) as {
      States: Record<
        string,
        {
          Resource?: string;
          Parameters?: { FunctionName?: string };
          Retry?: { ErrorEquals: string[] }[];
          Catch?: { ErrorEquals: string[] }[];
        }
      >;
    };
    for (const state of Object.values(definition.States)) {
      const task = /\$\{(\w+)\}/.exec(state.Parameters?.FunctionName ?? '')?.[1];
      for (const rule of [...(state.Retry ?? []), ...(state.Catch ?? [])]) {
        for (const name of rule.ErrorEquals.filter(
          (candidate) => !candidate.startsWith('States.') && !candidate.startsWith('Lambda.'),
        )) {
          names.set(name, new Set([...(names.get(name) ?? []), ...(task ? [task] : [])]));
        }
      }
    }
  }
  return names;
}

/** The entry bundled as the stack bundles it (infra/bundling.ts), not written anywhere. */
async function bundle(entry: string): Promise<string> {
  const { outputFiles } = await build({
    ...LAMBDA_BUNDLING,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    entryPoints: [entry],
    outfile: join(tmpdir(), 'bundle', 'index.js'),
    bundle: true,
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  return outputFiles.find((file) => file.path.endsWith('index.js'))!.text;
}

/**
 * What deploys is what is tested: Lambda reports a function's error as `errorType` = `error.name`,
 * and the state machines retry and catch by that name. The bundles are minified, which renames
 * classes — so every error class must carry its name as a literal, in the bundle as the stack builds it.
 */
describe("error names survive the stack's bundling", () => {
  it('R-LADDER: every domain error, bundled and minified as the stack bundles it, still reports its own name', async () => {
    // Prepare: the errors module as a bundle of its own, with the stack's esbuild settings
    const dir = mkdtempSync(join(tmpdir(), 'error-names-'));
    try {
      const code = await bundle(join(FUNCTIONS_DIR, 'domain', 'errors.ts'));
      writeFileSync(join(dir, 'index.js'), code);
      const errors = createRequire(join(dir, 'index.js'))('./index.js') as Record<
        string,
        new (...args: never[]) => Error
      >;
      // Act
      // Whatever each constructor takes: strings, or a list of field problems.
      const construct = (ErrorClass: new (...args: never[]) => Error): Error => {
        for (const args of [['x', 'x', 'x'], [[{ field: 'f', message: 'm' }]]]) {
          try {
            return new ErrorClass(...(args as never[]));
          } catch {
            continue;
          }
        }
        throw new Error(`cannot construct ${ErrorClass.name}`);
      };
      const names = Object.entries(errors).map(([exported, ErrorClass]) => [exported, construct(ErrorClass).name]);
      // Assess
      expect(names.length).toBeGreaterThan(10);
      for (const [exported, name] of names) expect(name).toBe(exported);
      for (const name of customErrorEquals().keys()) expect(names.map(([, produced]) => produced)).toContain(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("R-LADDER: each task function whose state retries a service error carries that error's name in its own bundle", async () => {
    for (const [name, substitutions] of customErrorEquals()) {
      for (const substitution of substitutions) {
        const task = WORKFLOW_TASKS.find((candidate) => candidate.substitution === substitution)!;
        const code = await bundle(join(FUNCTIONS_DIR, 'workflow', `${task.handlerFile}.ts`));
        expect([task.handlerFile, code.includes(`"${name}"`) || code.includes(`'${name}'`)]).toEqual([
          task.handlerFile,
          true,
        ]);
      }
    }
    // The source the bundles came from names it literally too (a minifier keeps string literals, never class names).
    expect(readFileSync(join(FUNCTIONS_DIR, 'domain', 'errors.ts'), 'utf8')).toContain(
      "name: string = 'EscalationDeliveryError'",
    );
  });
});
