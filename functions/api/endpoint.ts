import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { problemDetails, rejectOversizedBody, type HttpEvent, type HttpResult } from '../shared/http';
import { logger } from '../shared/logger';

export type EndpointLogic = (event: HttpEvent) => Promise<HttpResult>;

/**
 * An API endpoint: the shared middleware stack, then the endpoint's own logic.
 * Problem details come first so they answer for every later middleware's errors.
 *
 * @example
 * ```ts
 * export const makeHandler = (deps: Deps) => httpEndpoint(async (event) => json(200, …), { jsonBody: true });
 * ```
 */
export function httpEndpoint(logic: EndpointLogic, options: { jsonBody: boolean }) {
  const endpoint = middy<HttpEvent, HttpResult>()
    .use(problemDetails())
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer())
    .use(rejectOversizedBody());
  if (options.jsonBody) endpoint.use(httpJsonBodyParser());
  return endpoint.handler(logic);
}
