import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_KEY } from '@aws-lambda-powertools/commons';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Principal } from '../domain/access';
import { InvalidRequestError } from '../domain/errors';
import type { HttpEvent, HttpResult } from './http';

/** The request header a client sets so that a retried POST changes nothing the second time. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** How long a key is remembered: a day covers every retry of a duty shift. */
const REMEMBER_SECONDS = 24 * 3600;

/** Where idempotency records live: the incident table, under their own partition key. */
export type IdempotencyStore = BasePersistenceLayer;

/**
 * Powertools idempotency's DynamoDB persistence on the incident table (`pk` = `IDEMPOTENCY`,
 * `sk` = the hashed key), so there is no second table to provision or point the local runtime at.
 */
export function dynamoDbIdempotencyStore(client: DynamoDBClient, tableName: string): IdempotencyStore {
  return new DynamoDBPersistenceLayer({
    tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'IDEMPOTENCY',
    expiryAttr: 'idempotencyExpiresAt',
    awsSdkV3Client: client,
  });
}

/**
 * Middleware: scopes a request's `Idempotency-Key` to its route and caller — two units, or two
 * routes, using the same key never share a result — and rejects a malformed key (400).
 */
function scopeIdempotencyKey(
  routeKey: string,
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context & { principal?: Principal }> {
  return {
    before: (request) => {
      const key = request.event.headers?.[IDEMPOTENCY_KEY_HEADER];
      if (key === undefined) return;
      if (!/^[\x21-\x7E]{8,128}$/.test(key)) {
        throw new InvalidRequestError([
          { field: 'Idempotency-Key', message: 'Must be 8 to 128 printable ASCII characters, e.g. a UUID' },
        ]);
      }
      request.event.headers[IDEMPOTENCY_KEY_HEADER] =
        `${routeKey}|${request.context.principal?.subject ?? 'anonymous'}|${key}`;
    },
  };
}

/**
 * The middlewares that make a POST idempotent (Powertools idempotency): the same key with the
 * same body returns the first response — same IDs, nothing written again, no second execution,
 * no second message; the same key with another body → 422; a request without the header is
 * processed normally. Failed requests are not remembered, so a corrected retry may reuse its key.
 * Without a store only the scoping runs (tests, and handlers that pin their IDs to the key).
 */
export function idempotentRequests(
  store: IdempotencyStore | undefined,
  routeKey: string,
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context & { principal?: Principal }>[] {
  // The key is scoped even without a store: the handler pins its IDs and clock to it (request-pins.ts).
  if (!store) return [scopeIdempotencyKey(routeKey)];
  const config = new IdempotencyConfig({
    eventKeyJmesPath: `headers."${IDEMPOTENCY_KEY_HEADER}"`,
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: REMEMBER_SECONDS,
    throwOnNoIdempotencyKey: false,
  });
  return [
    scopeIdempotencyKey(routeKey),
    keepRecordWhenRefused(makeHandlerIdempotent({ persistenceStore: store, config }) as IdempotencyMiddleware),
  ];
}

type IdempotencyMiddleware = Required<
  Pick<
    middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context & { principal?: Principal }>,
    'before' | 'after' | 'onError'
  >
>;

/**
 * Powertools' middy middleware deletes the idempotency record whenever the request fails —
 * including when it refused the request because of that very record (a different body, or the
 * first request still in progress), which would let the next retry run the request a second
 * time. This wrapper marks such refusals to be skipped by its `onError`, so the record stays.
 */
function keepRecordWhenRefused(middleware: IdempotencyMiddleware): IdempotencyMiddleware {
  return {
    before: async (request) => {
      try {
        return (await middleware.before(request)) as HttpResult | void;
      } catch (error) {
        const name = (error as { name?: string })?.name;
        if (name === 'IdempotencyValidationError' || name === 'IdempotencyAlreadyInProgressError')
          (request.internal as Record<string, unknown>)[`${IDEMPOTENCY_KEY}.skip`] = true;
        throw error;
      }
    },
    after: middleware.after,
    onError: middleware.onError,
  };
}
