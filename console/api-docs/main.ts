// The API reference at /docs: Swagger UI (swagger-ui-dist), bundled and served from our own origin
// like the console — no CDN — rendering the API's own OpenAPI document (GET /openapi.json).
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';

interface DocsConfig {
  /** Where the API serves its document: `/openapi.json` locally, the API's URL in AWS. */
  openApiUrl: string;
}

const config = (await (await fetch('config.json', { cache: 'no-store' })).json()) as DocsConfig;
SwaggerUIBundle({
  url: config.openApiUrl,
  dom_id: '#api',
  deepLinking: true,
  defaultModelsExpandDepth: 0,
  validatorUrl: null,
});
