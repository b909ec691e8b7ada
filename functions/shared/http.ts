import type middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { principalFromClaims, requireRole, type Principal, type Role } from '../domain/access';
import type * as z from 'zod/mini';
import {
  AlreadyAnsweredError,
  DocumentNotFoundError,
  ForbiddenError,
  IncidentBusyError,
  IncidentClosedError,
  IncidentNotFoundError,
  InvalidRequestError,
  InvalidSignatureError,
  AttachmentContentMismatchError,
  AttachmentRefusedError,
  MissingElementsError,
  ObligationNotFoundError,
  EscalationStepNotReceivedError,
  DirectoryChangeRefusedError,
  DirectoryConflictError,
  ObligationTransitionError,
  RequestTooLargeError,
  RouteNotFoundError,
  UnauthenticatedError,
  UnknownReferenceError,
  type FieldProblem,
} from '../domain/errors';
import { logger } from './logger';
import { localizeProblem, requestLanguage } from './problem-language';
import { zodFieldProblems } from './zod-problems';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The largest request body the API takes; larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Every response says exactly what it is: a browser must never sniff stored text (say, a `<script>` in a title) into
 * HTML.
 */
export const NO_SNIFF = { 'x-content-type-options': 'nosniff' } as const;

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_SNIFF, ...headers },
    body: JSON.stringify(body),
  };
}

/** How deeply a request body may nest: the deepest request (a report's reporter) needs 2. */
export const MAX_JSON_DEPTH = 16;

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') deepest = Math.max(deepest, ++depth);
    else if (character === '}' || character === ']') depth -= 1;
  }
  return deepest;
}

/** Middleware: 400 for a body nested deeper than `maxDepth`, before anything parses it. */
export function rejectDeepJson(maxDepth = MAX_JSON_DEPTH): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      const body = request.event.body;
      if (typeof body === 'string' && !request.event.isBase64Encoded && jsonDepth(body) > maxDepth) {
        throw new InvalidRequestError([{ field: '(body)', message: `Nested more than ${maxDepth} levels deep` }]);
      }
    },
  };
}

/**
 * A client-supplied time must not lie in the future (a minute of clock skew allowed).
 * @throws {InvalidRequestError} naming the field.
 */
export function requireNotFuture(field: string, time: string | undefined, now: Date): void {
  if (time !== undefined && Date.parse(time) > now.getTime() + 60_000)
    throw new InvalidRequestError([{ field, message: 'Must not be in the future' }]);
}

interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: FieldProblem[];
}

/**
 * Validates a parsed body with a zod schema.
 * @throws {InvalidRequestError} naming every bad field by its path (`casualties.injured`).
 */
export function parseBody<Schema extends z.ZodMiniType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new InvalidRequestError(zodFieldProblems(schema, body ?? {}, result.error.issues));
}

/** The request body's size in bytes as it arrived. */
function bodyBytes(event: HttpEvent): number {
  if (!event.body) return 0;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').byteLength : Buffer.byteLength(event.body, 'utf8');
}

/** Middleware: 413 for a body over `maxBytes`, before anything parses it. */
export function rejectOversizedBody(maxBytes = MAX_BODY_BYTES): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      const size = bodyBytes(request.event);
      if (size > maxBytes) {
        throw new RequestTooLargeError(size, maxBytes);
      }
    },
  };
}

/** Maps what middy's own middlewares throw (http-errors) onto our problems. */
function problemFromMiddyError(error: {
  statusCode: number;
  message: string;
  cause?: { package?: string; message?: string };
}): Problem {
  if (error.cause?.package === '@middy/http-json-body-parser' && error.statusCode === 422) {
    return {
      status: 400,
      title: 'Malformed JSON',
      detail: error.cause.message ?? error.message,
      errors: [{ field: '(body)', message: 'The body is not valid JSON' }],
    };
  }
  if (error.statusCode === 415) {
    return {
      status: 415,
      title: 'Unsupported media type',
      detail: 'Send the body as JSON with Content-Type: application/json',
    };
  }
  return { status: error.statusCode, title: error.message, detail: error.message };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Which HTTP status and problem title each kind of domain error answers with: the domain says
 * what went wrong, the API decides how that reads over HTTP. First match wins (subclasses first);
 * anything not listed (a StoreError, an SDK failure, a ConfigurationError: a broken deployment) is
 * a 500 that is logged for the operators.
 */
const HTTP_PROBLEMS: readonly (readonly [ErrorClass, number, string | ((error: DocumentNotFoundError) => string)])[] = [
  [InvalidRequestError, 400, 'Invalid request'],
  [UnauthenticatedError, 401, 'Unauthenticated'],
  [InvalidSignatureError, 403, 'Invalid signature'],
  [ForbiddenError, 403, 'Forbidden'],
  [IncidentNotFoundError, 404, 'Incident not found'],
  [ObligationNotFoundError, 404, 'Obligation not found'],
  [DocumentNotFoundError, 404, (error) => `${error.what} not found`],
  [RouteNotFoundError, 404, 'Not found'],
  [IncidentClosedError, 409, 'Incident closed'],
  [IncidentBusyError, 409, 'Incident busy'],
  [AlreadyAnsweredError, 409, 'Already answered'],
  [ObligationTransitionError, 409, 'Obligation already settled'],
  [EscalationStepNotReceivedError, 409, 'Escalation step not received'],
  [DirectoryConflictError, 409, 'Directory conflict'],
  [DirectoryChangeRefusedError, 422, 'Directory change refused'],
  [RequestTooLargeError, 413, 'Request body too large'],
  [UnknownReferenceError, 422, 'Unknown reference'],
  [MissingElementsError, 422, 'Report elements missing'],
  [AttachmentRefusedError, 422, 'Attachment refused'],
  [AttachmentContentMismatchError, 422, 'Attachment does not match'],
];

/** The problem a domain error answers with, or undefined for one the API does not map (a fault: 500, logged). */
export function domainProblem(error: unknown): Problem | undefined {
  const known = HTTP_PROBLEMS.find(([kind]) => error instanceof kind);
  if (!known) return undefined;
  const [, status, title] = known;
  const fieldProblems = (error as { fieldProblems?: FieldProblem[] }).fieldProblems;
  return {
    status,
    title: typeof title === 'string' ? title : title(error as never),
    detail: (error as Error).message,
    ...(fieldProblems ? { errors: fieldProblems } : {}),
  };
}

function problemFrom(error: unknown): Problem {
  const name = (error as { name?: string })?.name;
  if (name === 'IdempotencyValidationError') {
    return {
      status: 422,
      title: 'Idempotency-Key reused',
      detail: 'This Idempotency-Key was used with a different body; use a new key for a new request',
      errors: [{ field: 'Idempotency-Key', message: 'Already used with a different body' }],
    };
  }
  if (name === 'IdempotencyAlreadyInProgressError') {
    return {
      status: 409,
      title: 'Request in progress',
      detail:
        'The first request with this Idempotency-Key is still being processed (or stopped half-way: it is taken up again once its run would have timed out); retry in a few seconds with the same key and body',
    };
  }
  const known = domainProblem(error);
  if (known) return known;
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return problemFromMiddyError(error as Parameters<typeof problemFromMiddyError>[0]);
  }
  logger.error('Request failed', error as Error);
  return {
    status: 500,
    title: 'Internal error',
    detail: 'The request could not be completed; nothing was lost that was already acknowledged. Try again.',
  };
}

/**
 * Middleware: every error becomes an RFC 9457 `application/problem+json` response that names
 * each bad field. Use it first, so its `onError` runs after every other middleware's.
 */
export function problemDetails(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      // Titles, details and field messages in the caller's language (Accept-Language; English by default).
      const english = problemFrom(request.error);
      const language = requestLanguage(request.event?.headers);
      const problem = localizeProblem(english, language);
      request.response = {
        statusCode: problem.status,
        headers: {
          'content-type': 'application/problem+json; charset=utf-8',
          'content-language': language,
          vary: 'accept-language',
          ...NO_SNIFF,
          ...(problem.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
          ...(english.title === 'Request in progress' ? { 'retry-after': '5' } : {}),
        },
        body: JSON.stringify({ type: 'about:blank', instance: request.event?.rawPath, ...problem }),
      };
    },
  };
}

/**
 * Middleware: the caller from the verified JWT's claims (API Gateway's JWT authorizer, or the
 * local runtime, checked the token), with one of the endpoint's roles. 401 without claims,
 * 403 for another role; the principal goes on the context for the endpoint's logic.
 */
export function authenticate(
  roles: readonly Role[],
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context & { principal?: Principal }> {
  return {
    before: (request) => {
      const claims = (request.event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext?.authorizer
        ?.jwt?.claims;
      const principal = principalFromClaims(claims);
      requireRole(principal, roles);
      request.context.principal = principal;
    },
  };
}

// Every ID this API issues is short and made of these characters; anything else names nothing.
const PATH_ID = /^[A-Za-z0-9._-]{1,128}$/;

const NOT_FOUND_LABELS: Record<string, string> = {
  incidentId: 'Incident',
  requestId: 'Verification request',
  instructionId: 'Instruction',
  spotCheckId: 'Spot check',
  code: 'Acknowledgement code',
  attachmentId: 'Attachment',
  unitId: 'Unit',
  contactId: 'Contact',
};

/**
 * A path parameter the route guarantees, percent-decoded. A malformed percent-encoding (`%`,
 * `%E4%B8`) is a 400 naming the parameter; a value no ID could have (too long, other characters)
 * is a 404 — nothing is looked up with it, so a 4 KB "ID" never reaches DynamoDB's key limits.
 */
export function pathParameter(event: HttpEvent, name: string): string {
  const raw = event.pathParameters?.[name];
  if (!raw) throw new InvalidRequestError([{ field: name, message: `Path parameter ${name} is required` }]);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch (error) {
    throw new InvalidRequestError([{ field: name, message: 'Malformed percent-encoding in the path' }], {
      cause: error,
    });
  }
  if (!PATH_ID.test(value)) {
    // Not echoed: it is not an ID, and may be anything.
    if (name === 'incidentId') throw new IncidentNotFoundError('(not an incident ID)');
    throw new DocumentNotFoundError(NOT_FOUND_LABELS[name] ?? 'Resource', '(not an ID)');
  }
  return value;
}
