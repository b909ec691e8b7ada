import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../functions/api/openapi';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

// What the runtime serves besides the API (npm start's own pages and endpoints): not in the contract.
const OUTSIDE_THE_API = /^\/(local|console|docs)(\/|$)/;

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * Checks answers of the running API against its OpenAPI document (`functions/api/openapi.ts`):
 * the path and method must be in it, the status documented for that operation, the media type
 * documented for that status, and a JSON body valid against its schema (JSON Schema 2020-12, ajv).
 * A path no route has must be the API's 404 problem.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly paths: Paths;
  private readonly templates: { template: string; pattern: RegExp }[];
  private readonly validators = new Map<string, ValidateFunction>();
  /** How many answers were checked, by `METHOD template status`. */
  public readonly checked = new Map<string, number>();

  public constructor(document = openApiDocument() as { paths: Paths }) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi');
    this.paths = document.paths;
    this.templates = Object.keys(this.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    // Compiled now, not on the first answer: a test racing a deadline at drill speed must not wait for ajv.
    this.validator('openapi#/components/schemas/Problem');
    for (const [template, operations] of Object.entries(this.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, answer] of Object.entries(operation.responses)) {
          for (const [mediaType, content] of Object.entries(answer.content ?? {})) {
            if (content.schema)
              this.validator(
                `openapi#/${pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema')}`,
              );
          }
        }
      }
    }
  }

  public get count(): number {
    return [...this.checked.values()].reduce((sum, count) => sum + count, 0);
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) this.validators.set(ref, (validate = this.ajv.compile({ $ref: ref })));
    return validate;
  }

  /** @throws when the answer is not what the document says. */
  public async check(method: string, url: URL, response: Response): Promise<void> {
    if (OUTSIDE_THE_API.test(url.pathname)) return;
    const what = `${method} ${url.pathname.slice(0, 100)} → ${response.status}`;
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    const body = await response.clone().text();
    const template = this.templates.find((candidate) => candidate.pattern.test(url.pathname))?.template;
    const operation = template ? this.paths[template][method.toLowerCase()] : undefined;
    let ref: string;
    if (!template || !operation) {
      // The API's catch-all route: whatever no route matches is its 404 problem.
      if (response.status !== 404 || mediaType !== 'application/problem+json')
        throw new Error(`${what}: not in the OpenAPI document, and not its 404 problem`);
      ref = 'openapi#/components/schemas/Problem';
    } else {
      const answer = operation.responses[String(response.status)];
      if (!answer)
        throw new Error(
          `${what}: status ${response.status} is not documented for ${method} ${template} (documented: ${Object.keys(operation.responses).join(', ')})`,
        );
      if (!answer.content?.[mediaType])
        throw new Error(
          `${what}: ${mediaType || 'no content type'} is not documented for it (documented: ${Object.keys(answer.content ?? {}).join(', ')})`,
        );
      ref = `openapi#/${pointer('paths', template, method.toLowerCase(), 'responses', String(response.status), 'content', mediaType, 'schema')}`;
    }
    if (mediaType === 'application/json' || mediaType === 'application/problem+json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new Error(`${what}: the ${mediaType} body is not JSON: ${body.slice(0, 200)}`);
      }
      const validate = this.validator(ref);
      if (!validate(parsed))
        throw new Error(
          `${what}: the body does not match the OpenAPI document: ${this.ajv.errorsText(validate.errors)}\n${body.slice(0, 500)}`,
        );
    }
    const key = `${method} ${template ?? '(no route)'} ${response.status}`;
    this.checked.set(key, (this.checked.get(key) ?? 0) + 1);
  }

  /** `fetch`, with every answer checked before it is returned. */
  public fetch(): typeof fetch {
    return async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      await this.check(init?.method ?? (input instanceof Request ? input.method : 'GET'), url, response);
      return response;
    };
  }
}
