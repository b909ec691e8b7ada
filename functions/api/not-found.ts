import { RouteNotFoundError } from '../domain/errors';
import { publicHttpEndpoint } from './endpoint';

/**
 * The HTTP API's `$default` route: a request no route matches gets the API's own 404 —
 * problem+json with `X-Content-Type-Options: nosniff`, like every other answer — instead of API
 * Gateway's bare `{"message":"Not Found"}`. It reads nothing and names nothing.
 */
export function makeHandler() {
  return publicHttpEndpoint(
    async (event) => {
      throw new RouteNotFoundError(event.requestContext?.http?.method ?? 'GET', event.rawPath ?? '/');
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler();
