import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { NO_SNIFF, type HttpEvent, type HttpResult } from '../../functions/shared/http';
import { localizeProblem, preferredLanguage, type ProblemLanguage } from '../../functions/shared/problem-language';
import { localLambdaContext } from './lambda-context';

export type ApiHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** A route of the local HTTP API: an API Gateway route key and the handler behind it. */
export interface LocalRoute {
  routeKey: string;
  functionName: string;
  handler: ApiHandler;
  /** True for routes without the JWT authorizer (health, signed links). */
  public: boolean;
}

/** Verifies an `Authorization` header as API Gateway's JWT authorizer would; the claims, or undefined. */
export type BearerVerifier = (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;

/** Answers a request the runtime serves itself (the console, the local outbox, inbound SMS); undefined passes it on. */
export type LocalEndpoint = (method: string, url: URL, body: string) => Promise<HttpResult | undefined>;

// API Gateway's own payload limit for HTTP APIs; the handlers enforce the API's smaller one.
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  method: string;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(route: LocalRoute): CompiledRoute {
  const [method, path] = route.routeKey.split(' ');
  const parameterNames: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      parameterNames.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { ...route, method, pattern, parameterNames };
}

// The gateway's own answers (401, 404, 413, 503) say what they are, like the functions' (X-Content-Type-Options).
// In the caller's language, as the functions' are (Accept-Language).
function problem(
  status: number,
  title: string,
  detail: string,
  language: ProblemLanguage = 'en',
  errors?: { field: string; message: string }[],
): HttpResult {
  const localized = localizeProblem({ title, detail, ...(errors ? { errors } : {}) }, language);
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': language,
      vary: 'accept-language',
      ...NO_SNIFF,
    },
    body: JSON.stringify({
      type: 'about:blank',
      title: localized.title,
      status,
      detail: localized.detail,
      ...(localized.errors ? { errors: localized.errors } : {}),
    }),
  };
}

/** The API Gateway HTTP API (payload 2.0) event for a request, as Lambda would receive it. */
/** Bodies API Gateway hands a function base64-encoded: files, not text. */
const BINARY_CONTENT_TYPES =
  /^application\/(?:vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|octet-stream)\b/i;

function httpApiEvent(
  request: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  body: string,
  claims?: Record<string, unknown>,
): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: route.parameterNames.length > 0 ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      // As the HTTP API's JWT authorizer passes them.
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    body: body.length > 0 ? body : undefined,
    isBase64Encoded: false,
  };
}

/**
 * The local stand-in for API Gateway: matches a route, verifies the bearer token of every
 * route that is not public (401 otherwise, before any handler runs), turns the request into a
 * payload-2.0 event with the token's claims, calls the same handler the Lambda runs, and
 * writes its result back.
 */
export class LocalApiServer {
  private routes: CompiledRoute[] = [];
  private readonly localEndpoint: LocalEndpoint;
  private readonly verifyBearer: BearerVerifier;
  private server?: Server;

  public constructor(localEndpoint: LocalEndpoint, verifyBearer: BearerVerifier) {
    this.localEndpoint = localEndpoint;
    this.verifyBearer = verifyBearer;
  }

  /** Installs the routes (once the handlers are loaded; until then every route answers 503). */
  public setRoutes(routes: LocalRoute[]): void {
    this.routes = routes.map(compile);
  }

  public async listen(port: number): Promise<number> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const write = (result: HttpResult) => {
      response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      // As API Gateway does: a base64 body is binary.
      response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    };
    const language = preferredLanguage(request.headers['accept-language']);
    try {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > GATEWAY_MAX_BODY_BYTES)
          return write(
            problem(
              413,
              'Request body too large',
              `The gateway takes at most ${GATEWAY_MAX_BODY_BYTES} bytes`,
              language,
            ),
          );
        chunks.push(chunk as Buffer);
      }
      const method = request.method ?? 'GET';
      const raw = Buffer.concat(chunks);
      // A file (issue 15: a roster as .xlsx) reaches the handler base64-encoded, as API Gateway passes a binary body.
      const binary = BINARY_CONTENT_TYPES.test(request.headers['content-type'] ?? '');
      // Bytes that are not UTF-8 are refused, not turned into U+FFFD and stored as if they had been sent.
      let text: string;
      try {
        text = binary ? raw.toString('base64') : new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        return write(
          problem(400, 'Malformed body', 'The body is not valid UTF-8', language, [
            { field: '(body)', message: 'Must be UTF-8 text' },
          ]),
        );
      }
      const local = await this.localEndpoint(method, url, text);
      if (local) return write(local);
      if (this.routes.length === 0)
        return write(problem(503, 'Starting', 'The local runtime is still starting', language));
      for (const route of this.routes) {
        const match = route.method === method ? route.pattern.exec(url.pathname) : null;
        if (!match) continue;
        const pathParameters = Object.fromEntries(route.parameterNames.map((name, index) => [name, match[index + 1]]));
        const claims = route.public ? undefined : await this.verifyBearer(request.headers.authorization);
        if (!route.public && !claims) {
          const unauthenticated = problem(
            401,
            'Unauthenticated',
            'Send Authorization: Bearer <token> (locally: npm run token -- --role <role> [--unit <unitId>])',
            language,
          );
          return write({ ...unauthenticated, headers: { ...unauthenticated.headers, 'www-authenticate': 'Bearer' } });
        }
        const event = { ...httpApiEvent(request, url, route, pathParameters, text, claims), isBase64Encoded: binary };
        return write(await route.handler(event, localLambdaContext(route.functionName)));
      }
      write(problem(404, 'Not found', `No route for ${method} ${url.pathname}`, language));
    } catch (error) {
      write(problem(500, 'Internal error', (error as Error).message, language));
    }
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
