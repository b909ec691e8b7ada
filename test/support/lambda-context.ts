import type { Context } from 'aws-lambda';
import { localLambdaContext } from '../../infra/local/lambda-context';

/**
 * A Lambda context for handler tests. Each test invocation behaves like a fresh one: the
 * remaining time never runs out over a long test file (middy ends an invocation early, with a
 * 500, when it does), as each real invocation gets its own deadline.
 */
export const context: Context = { ...localLambdaContext('test'), getRemainingTimeInMillis: () => 30_000 };
