import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Context } from 'aws-lambda';
import type { Principal, Role } from '../domain/access';
import {
  authenticate,
  problemDetails,
  rejectDeepJson,
  rejectOversizedBody,
  type HttpEvent,
  type HttpResult,
} from '../shared/http';
import { idempotentRequests, type IdempotencyStore } from '../shared/idempotency';
import { logger } from '../shared/logger';
import { publishMetrics } from '../shared/metrics';

/** The logic of an endpoint open to anyone (health, signed links). */
export type PublicEndpointLogic = (event: HttpEvent) => Promise<HttpResult>;
/** The logic of an endpoint that needs a token: it gets the authenticated principal. */
export type ProtectedEndpointLogic = (event: HttpEvent, principal: Principal) => Promise<HttpResult>;

export interface EndpointOptions {
  jsonBody: boolean;
  /** For POSTs: remember results by `Idempotency-Key` in this store, under this route. */
  idempotency?: { store: IdempotencyStore | undefined; routeKey: string };
}

function endpointStack(options: EndpointOptions, roles?: readonly Role[]) {
  const endpoint = middy<HttpEvent, HttpResult, Error, Context & { principal?: Principal }>()
    .use(problemDetails())
    .use(publishMetrics())
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer());
  // Authentication before anything reads the body: no token → 401, whatever the body.
  if (roles) endpoint.use(authenticate(roles));
  endpoint.use(rejectOversizedBody());
  if (options.jsonBody) endpoint.use(rejectDeepJson()).use(httpJsonBodyParser());
  // Last, so the body it compares is the parsed one and a rejected request is not remembered.
  if (options.idempotency) endpoint.use(idempotentRequests(options.idempotency.store, options.idempotency.routeKey));
  return endpoint;
}

/**
 * An API endpoint for the given roles: the shared middleware stack, then the endpoint's own
 * logic with the caller. Problem details come first so they answer for every later
 * middleware's errors; authentication comes before the body is read.
 *
 * @example
 * ```ts
 * export const makeHandler = (deps: Deps) =>
 *   httpEndpoint(['duty-officer'], async (event, principal) => json(200, …), { jsonBody: true });
 * ```
 */
export function httpEndpoint(roles: readonly Role[], logic: ProtectedEndpointLogic, options: EndpointOptions) {
  return endpointStack(options, roles).handler((event, context) => logic(event, context.principal!));
}

/**
 * An endpoint that needs no token: `GET /health`, and the signed acknowledgement link (its signature is the
 * credential).
 */
export function publicHttpEndpoint(logic: PublicEndpointLogic, options: EndpointOptions) {
  return endpointStack(options).handler((event) => logic(event));
}
