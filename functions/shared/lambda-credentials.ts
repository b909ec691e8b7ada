import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (an esbuild
 * alias, see `infra/bundling.ts`). Lambda always hands a function its role's credentials in
 * the environment, so the default chain's INI, SSO, process, web-identity and IMDS providers
 * — and the STS and SSO clients they bring — are dead weight: about 90 KB of a bundle and its
 * load time at every cold start (issue 6). Same signature as the default provider.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
