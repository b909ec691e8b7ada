import { json } from '../shared/http';
import { publicHttpEndpoint } from './endpoint';
import { openApiDocument } from './openapi';

/**
 * `GET /openapi.json` — the API's OpenAPI 3.1 document (public: it holds no secret). The server
 * URL is the one the request came to; everything else is made once per function instance.
 */
export function makeHandler() {
  const documents = new Map<string, string>();
  return publicHttpEndpoint(
    async (event) => {
      const host = event.requestContext?.domainName;
      const server = host ? `${event.headers?.['x-forwarded-proto'] ?? 'http'}://${host}` : '/';
      if (!documents.has(server)) documents.set(server, JSON.stringify(openApiDocument(server)));
      return { ...json(200, null, { 'cache-control': 'max-age=300' }), body: documents.get(server)! };
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler();
