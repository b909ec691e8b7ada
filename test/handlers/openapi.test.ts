import { Spectral } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { makeHandler } from '../../functions/api/get-openapi';
import { openApiDocument, ROUTE_CONTRACTS } from '../../functions/api/openapi';
import { API_ROUTES } from '../../functions/api/routes';
import { httpEvent } from '../support/http-events';
import { context } from '../support/lambda-context';

describe('the OpenAPI document (GET /openapi.json)', () => {
  it("R-INTAKE: is made from routes.ts and schemas.ts, and Spectral's OpenAPI ruleset finds no error and no warning in it", async () => {
    const document = openApiDocument('https://api.example.org');
    const spectral = new Spectral();
    spectral.setRuleset(oas as never);
    const results = await spectral.run(JSON.stringify(document));
    const findings = results.map(
      (result) =>
        `${['error', 'warning', 'info', 'hint'][result.severity]} ${result.code} at ${result.path.join('.')}: ${result.message}`,
    );
    expect(findings.filter((finding) => /^(error|warning) /.test(finding))).toEqual([]);
    // The lint can fail: a schema of no JSON type is an error.
    const broken = openApiDocument() as { components: { schemas: { Problem: { type: string } } } };
    broken.components.schemas.Problem.type = 'problem';
    expect(
      (await spectral.run(JSON.stringify(broken)))
        .filter((result) => Number(result.severity) === 0)
        .map((result) => result.code),
    ).toEqual(['oas3-schema']);
  });

  it('has every route of routes.ts, with its access, and no contract of a route that is gone', () => {
    const document = openApiDocument() as {
      paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: string[] }>>;
    };
    for (const route of API_ROUTES) {
      const [method, path] = route.routeKey.split(' ');
      const operation = document.paths[path]?.[method.toLowerCase()];
      expect([route.routeKey, operation?.security ?? operation?.['x-roles']]).toEqual([
        route.routeKey,
        route.access === 'public' ? [] : route.access,
      ]);
    }
    expect(Object.keys(ROUTE_CONTRACTS).sort()).toEqual(API_ROUTES.map((route) => route.routeKey).sort());
  });

  it('request bodies are the zod schemas themselves: a strict object, with its required fields and limits', () => {
    const { components } = openApiDocument() as {
      components: {
        schemas: Record<
          string,
          { required?: string[]; additionalProperties?: unknown; properties: Record<string, { maxLength?: number }> }
        >;
      };
    };
    const report = components.schemas.FileReportRequest;
    expect(report.required).toEqual(['kind', 'summary']);
    expect(report.additionalProperties).toBe(false);
    expect(report.properties.measuresTaken?.maxLength).toBe(4000);
  });

  it("is served publicly at GET /openapi.json with this API's URL as its server", async () => {
    const event = httpEvent({
      method: 'GET',
      path: '/openapi.json',
      caller: null,
      headers: { 'x-forwarded-proto': 'https' },
    });
    const response = await makeHandler()(
      {
        ...event,
        requestContext: { ...event.requestContext, domainName: 'abc.execute-api.cn-north-1.amazonaws.com.cn' },
      },
      context,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toContain('application/json');
    const document = JSON.parse(response.body!) as { openapi: string; servers: { url: string }[] };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([
      { url: 'https://abc.execute-api.cn-north-1.amazonaws.com.cn', description: 'This API' },
    ]);
  });
});
