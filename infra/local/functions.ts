import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, version } from 'esbuild';
import { functionEntry, LAMBDA_BUNDLING } from '../bundling';
import { FUNCTIONS_DIR, PROJECT_ROOT } from '../project-paths';

/**
 * `LOCAL_FUNCTIONS`: what the local runtime runs for each Lambda function.
 * - `sources` (default): the TypeScript handler modules, imported through tsx;
 * - `bundled`: each function bundled by esbuild exactly as the stack bundles it (infra/bundling.ts,
 *   same entry), written to `.local-bundles/` (kept while their inputs are unchanged), and its `handler` imported from
 * that bundle — what
 *   AWS runs, so anything the bundling changes (a dropped side-effect import, a renamed class,
 *   a module-level `import.meta`) shows up locally and in the bundled end-to-end run.
 */
export type FunctionsMode = 'sources' | 'bundled';

export function functionsModeFromEnvironment(value = process.env.LOCAL_FUNCTIONS): FunctionsMode {
  if (value === undefined || value === '' || value === 'sources') return 'sources';
  if (value === 'bundled') return 'bundled';
  throw new Error(`LOCAL_FUNCTIONS must be "sources" or "bundled", got "${value}"`);
}

/** The functions' handlers, by `handlerFile` (path under `functions/` without `.ts`, as the stack names them). */
export interface LocalFunctions {
  mode: FunctionsMode;
  /** One line for the startup banner. */
  description: string;
  /**
   * The module's `handler`: from the source, or from its bundle — imported now, before the
   * runtime serves (as Lambda initialises a function before its first invocation). Not at first
   * use: at drill speed a cold start of a few hundred ms is minutes late, and the thirty bundles,
   * each with its own SDK, take seconds of the event loop to parse.
   */
  handler<T>(handlerFile: string): Promise<T>;
}

/** Where the bundles go (gitignored). */
export const LOCAL_BUNDLES_DIR = join(PROJECT_ROOT, '.local-bundles');

/**
 * The seam between the local runtime and the functions: every handler the runtime invokes
 * (API routes, workflow tasks, scheduled tasks, event subscribers) is loaded through here, so in
 * `bundled` mode every request and task is handled by the bundle. Call it once the environment
 * is set: each handler module reads it when it is loaded, bundled or not.
 */
export async function loadLocalFunctions(
  mode: FunctionsMode,
  handlerFiles: readonly string[],
): Promise<LocalFunctions> {
  if (mode === 'sources') {
    return {
      mode,
      description: 'sources (TypeScript through tsx; LOCAL_FUNCTIONS=bundled runs the esbuild bundles as deployed)',
      // Loaded at the first invocation, as in bundled mode: a (re)start does not compile 50 modules first.
      handler: <T>(handlerFile: string) =>
        Promise.resolve(
          loadedOnFirstCall(async () => {
            const { handler } = (await import(`../../functions/${handlerFile}`)) as { handler: unknown };
            return handler as (...args: unknown[]) => unknown;
          }) as T,
        ),
    };
  }
  const startedAt = Date.now();
  const { outdir, reused } = await bundleFunctions(handlerFiles);
  const took = `${reused ? 'inputs unchanged, reused' : 'built'} in ${Date.now() - startedAt} ms`;
  return {
    mode,
    description: `bundled (esbuild, as deployed: ${handlerFiles.length} functions in ${relative(PROJECT_ROOT, outdir)}, ${took})`,
    handler: <T>(handlerFile: string) => {
      if (!handlerFiles.includes(handlerFile))
        return Promise.reject(new Error(`${handlerFile} was not bundled: add it to the runtime's list of functions`));
      // Each bundle is loaded at its first invocation, as a Lambda function starts cold: loading all of them (50, each
      // with its own SDK) took seconds at every start, and a restarted runtime then caught up on deadlines late.
      const load = async () => {
        const exports = (await import(pathToFileURL(join(outdir, handlerFile, 'index.js')).href)) as {
          handler?: unknown;
          default?: { handler?: unknown };
        };
        // Node finds the named exports of esbuild's CJS output; `default` is module.exports, as Lambda's require()
        // sees it.
        const handler = exports.handler ?? exports.default?.handler;
        if (typeof handler !== 'function') throw new Error(`The bundle of ${handlerFile} exports no handler function`);
        return handler as (...args: unknown[]) => unknown;
      };
      return Promise.resolve(loadedOnFirstCall(load) as T);
    },
  };
}

/** A function that loads its implementation at its first call (once, even when called many times at once). */
function loadedOnFirstCall(
  load: () => Promise<(...args: unknown[]) => unknown>,
): (...args: unknown[]) => Promise<unknown> {
  let loaded: Promise<(...args: unknown[]) => unknown> | undefined;
  return async (...args: unknown[]) => (await (loaded ??= load()))(...args);
}

/**
 * Bundles every function as ServiceFunction (infra/constructs/lambda-function.ts) has CDK run
 * esbuild: the same entry, LAMBDA_BUNDLING's options, bundled for the node platform, nothing
 * external, the project root as working folder. One build with many entry points and no code
 * splitting gives each function the same bytes a build of its own gives (faster than one build
 * per function). Each lands as Lambda sees its asset: `<handlerFile>/index.js` and its source
 * map, CommonJS (the folder's package.json says so, over the project's "type": "module").
 *
 * A build takes seconds and the tests start the runtime many times, so the bundles are kept in
 * `.local-bundles/<key>/`, the key hashing the options, the entries, what steers esbuild and every
 * file it read: a start whose inputs are all unchanged reuses them (the same bytes a build would
 * write); any change builds anew. Several runtimes may start at once: each builds in a folder of
 * its own and renames it into place.
 */
async function bundleFunctions(handlerFiles: readonly string[]): Promise<{ outdir: string; reused: boolean }> {
  mkdirSync(LOCAL_BUNDLES_DIR, { recursive: true });
  const entryPoints = Object.fromEntries(
    handlerFiles.map((handlerFile) => [join(handlerFile, 'index'), functionEntry(handlerFile)]),
  );
  // Besides the files it reads, what steers esbuild: the lockfile (every package's version), the
  // project's package.json ("sideEffects" decides which imports may be dropped), tsconfig.json,
  // and which files exist under functions/ (a new one can change what an import resolves to).
  const settings = JSON.stringify({
    esbuild: version,
    LAMBDA_BUNDLING,
    entryPoints,
    steering: ['package-lock.json', 'package.json', 'tsconfig.json'].map((file) => hashFile(join(PROJECT_ROOT, file))),
    functions: readdirSync(FUNCTIONS_DIR, { recursive: true }).map(String).sort(),
  });
  for (const candidate of readdirSync(LOCAL_BUNDLES_DIR).filter((name) => /^[0-9a-f]{64}$/.test(name))) {
    const outdir = join(LOCAL_BUNDLES_DIR, candidate);
    if (inputsKey(outdir, settings) !== candidate) continue;
    const now = new Date();
    utimesSync(outdir, now, now); // the newest few are kept
    return { outdir, reused: true };
  }
  const building = join(LOCAL_BUNDLES_DIR, `.building-${process.pid}-${Date.now()}`);
  try {
    const { metafile } = await build({
      ...LAMBDA_BUNDLING,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      entryPoints,
      outdir: building,
      bundle: true,
      platform: 'node',
      external: [],
      absWorkingDir: PROJECT_ROOT,
      metafile: true,
      logLevel: 'warning',
    });
    writeFileSync(join(building, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
    // Paths relative to the project root, as esbuild names them (namespaced inputs are not files).
    writeFileSync(
      join(building, INPUTS_FILE),
      `${JSON.stringify(
        Object.keys(metafile.inputs)
          .filter((input) => !input.includes(':'))
          .sort(),
      )}\n`,
    );
    const key = inputsKey(building, settings)!;
    const outdir = join(LOCAL_BUNDLES_DIR, key);
    try {
      renameSync(building, outdir);
    } catch (error) {
      // Another runtime built the same bundles first: theirs are these bytes.
      if (!existsSync(outdir)) throw error;
    }
    removeOlderBundles(outdir);
    return { outdir, reused: false };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

const INPUTS_FILE = 'inputs.json';

/**
 * The key of a bundles folder: the settings and the content of every file its build read now, or undefined when its
 * list of inputs is gone or one of them is.
 */
function inputsKey(outdir: string, settings: string): string | undefined {
  try {
    const inputs = JSON.parse(readFileSync(join(outdir, INPUTS_FILE), 'utf8')) as string[];
    const hash = createHash('sha256').update(settings);
    for (const input of inputs) hash.update(`\0${input}\0`).update(readFileSync(join(PROJECT_ROOT, input)));
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

const hashFile = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Keeps the newest few builds (another checkout state may come back) and drops the rest, and any build a killed runtime
 * left half-done.
 */
function removeOlderBundles(current: string): void {
  const builds = readdirSync(LOCAL_BUNDLES_DIR).map((name) => join(LOCAL_BUNDLES_DIR, name));
  const stale = builds.filter((dir) => /\.building-/.test(dir) && Date.now() - statSync(dir).mtimeMs > 10 * 60_000);
  const older = builds
    .filter((dir) => /[0-9a-f]{64}$/.test(dir) && dir !== current)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    .slice(KEPT_BUILDS - 1);
  for (const dir of [...stale, ...older]) rmSync(dir, { recursive: true, force: true });
}

const KEPT_BUILDS = 3;
