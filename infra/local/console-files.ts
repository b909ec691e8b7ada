import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpResult } from '../../functions/shared/http';
import { PROJECT_ROOT } from '../project-paths';

/** Where `npm run build:console` (Vite) puts the console. */
export const CONSOLE_DIST = join(PROJECT_ROOT, 'console', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// As CloudFront's response-headers policy sets them in AWS: only the console's own scripts run.
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'",
};

/**
 * The console's headers with the local S3 stand-in admitted (R-INTAKE): the browser PUTs photos and videos to it and
 * shows them from it, and shows the files picked as blob: thumbnails — as the stack admits the region's S3.
 */
function consoleSecurityHeaders(s3Origin: string | undefined): Record<string, string> {
  if (!s3Origin) return SECURITY_HEADERS;
  return {
    ...SECURITY_HEADERS,
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: ${s3Origin}; media-src 'self' blob: ${s3Origin}; connect-src 'self' ${s3Origin}; frame-ancestors 'none'; base-uri 'self'`,
  };
}

/** Where `npm run build:console` puts the API reference page (`console/api-docs`, Swagger UI). */
export const DOCS_DIST = join(PROJECT_ROOT, 'console', 'docs-dist');

/**
 * The duty-office console under `/console/`, as CloudFront serves it in AWS: the built files,
 * and `config.json` saying where the API is and how to sign in.
 */
export function serveConsole(path: string, config: object, options: { s3Origin?: string } = {}): HttpResult {
  return serveBuilt(CONSOLE_DIST, '/console', path, config, 'console', consoleSecurityHeaders(options.s3Origin));
}

/**
 * The API reference under `/docs/`, as CloudFront serves it in AWS: the built page and
 * `config.json` saying where the API serves its OpenAPI document.
 */
export function serveDocs(path: string, config: { openApiUrl: string }): HttpResult {
  return serveBuilt(DOCS_DIST, '/docs', path, config, 'API reference');
}

function serveBuilt(
  dist: string,
  prefix: string,
  path: string,
  config: object,
  what: string,
  securityHeaders: Record<string, string> = SECURITY_HEADERS,
): HttpResult {
  if (path === prefix) return { statusCode: 301, headers: { location: `${prefix}/` }, body: '' };
  const relative = path.slice(prefix.length + 1) || 'index.html';
  if (relative === 'config.json')
    return {
      statusCode: 200,
      headers: { 'content-type': CONTENT_TYPES['.json'], 'cache-control': 'no-store', ...securityHeaders },
      body: JSON.stringify(config),
    };
  if (!existsSync(join(dist, 'index.html'))) {
    return {
      statusCode: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `The ${what} is not built: run \`npm run build:console\` (npm start does it first).\n`,
    };
  }
  const file = normalize(join(dist, relative));
  // Nothing outside the build, whatever the path says.
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders },
      body: 'Not found\n',
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...securityHeaders },
    body: readFileSync(file).toString('base64'),
    isBase64Encoded: true,
  };
}
