import { ROLE_CLAIM, UNIT_CLAIM, type Role } from '../../functions/domain/access';
import type { HttpEvent } from '../../functions/shared/http';

/** Who calls, as the verified token's claims say; `null` for no token at all. */
export interface TestCaller {
  role: Role;
  unitId?: string;
  sub?: string;
}

/** The county duty office: may do everything with incidents. */
export const DUTY_OFFICER: TestCaller = { role: 'duty-officer', sub: 'test-duty-officer' };

/** A reporter of one unit. */
export const reporterOf = (unitId: string): TestCaller => ({
  role: 'reporter',
  unitId,
  sub: `test-reporter-${unitId}`,
});

/** An API Gateway HTTP API (payload 2.0) event, as the gateway would send it. */
export function httpEvent(options: {
  method: string;
  path: string;
  body?: string | object;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Default: the duty officer. */
  caller?: TestCaller | null;
}): HttpEvent {
  const caller = options.caller === undefined ? DUTY_OFFICER : options.caller;
  const claims = caller
    ? {
        sub: caller.sub ?? `test-${caller.role}`,
        [ROLE_CLAIM]: caller.role,
        ...(caller.unitId ? { [UNIT_CLAIM]: caller.unitId } : {}),
      }
    : undefined;
  const body =
    typeof options.body === 'string' || options.body === undefined ? options.body : JSON.stringify(options.body);
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    queryStringParameters: options.query,
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      requestId: 'test',
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'jest',
      },
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    body,
    isBase64Encoded: false,
  };
}

/** The phone first report of the example. */
export function phoneFirstReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    unitId: 'gaosheng-zone',
    title: '某化工企业储罐泄漏',
    category: 'hazardous-chemicals',
    severity: 'relatively-major',
    occurredAt: '2026-11-28T08:05:00+08:00',
    location: '高升经济区',
    channel: 'phone',
    summary: '储罐法兰泄漏，已疏散周边人员',
    casualties: { deaths: 0, injured: 2, missing: 0 },
    reporter: { name: '王某', phone: '+8613800000000' },
    ...overrides,
  };
}
