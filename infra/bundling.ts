import { join } from 'node:path';
import { FUNCTIONS_DIR } from './project-paths';

/**
 * How every Lambda function is bundled (esbuild), shared by the stack, `npm run bench`'s
 * cold-start figures and the local runtime's `LOCAL_FUNCTIONS=bundled`, so each runs what deploys:
 * - CJS for Node 24, minified, with source maps;
 * - the pinned AWS SDK inside (not the runtime's), so Lambda runs what the tests ran;
 * - ES module entry points first (`module` before `main`), so unused SDK code and clients are
 *   dropped — the CJS builds cannot be tree-shaken;
 * - the SDK's default credential chain replaced by the environment provider (Lambda's only source).
 */
export const LAMBDA_BUNDLING = {
  format: 'cjs',
  target: 'node24',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  alias: { '@aws-sdk/credential-provider-node': join(FUNCTIONS_DIR, 'shared', 'lambda-credentials.ts') },
} as const;

/**
 * The source a function is bundled from: `handlerFile` is its path under `functions/` without `.ts`, e.g.
 * `api/create-incident`; it exports `handler`.
 */
export function functionEntry(handlerFile: string): string {
  return join(FUNCTIONS_DIR, `${handlerFile}.ts`);
}
