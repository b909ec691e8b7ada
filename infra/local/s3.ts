import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One object version as the stand-in keeps it: a line of the append-only file. */
interface StoredVersion {
  bucket: string;
  key: string;
  versionId: string;
  lastModified: string;
  etag: string;
  size: number;
  body: string;
  /** A delete marker hides the key from a plain listing; the versions under it stay. */
  deleteMarker?: boolean;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The body of a PUT, decoded from `aws-chunked` when the SDK streams it with a trailing checksum. */
function decodeBody(request: IncomingMessage, raw: Buffer): Buffer {
  if (!String(request.headers['content-encoding'] ?? '').includes('aws-chunked')) return raw;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * S3 on 127.0.0.1, as much of it as the audit anchors use (R-AUDIT): `PutObject` and
 * `ListObjectVersions` on a versioned bucket with Object Lock in compliance mode. Every version
 * ever written is appended to one file and never rewritten; deleting a key only adds a delete
 * marker, and deleting a version is refused, as compliance-mode retention refuses it to anyone.
 */
export class LocalS3 {
  private readonly file: string;
  private readonly buckets: Set<string>;
  private readonly versions: StoredVersion[] = [];
  private server?: Server;

  public constructor(options: { file: string; buckets: string[] }) {
    this.file = options.file;
    this.buckets = new Set(options.buckets);
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        // A line cut short by a crash is not a version.
        try {
          if (line) this.versions.push(JSON.parse(line) as StoredVersion);
        } catch {
          continue;
        }
      }
    }
  }

  private append(version: StoredVersion): void {
    appendFileSync(this.file, `${JSON.stringify(version)}\n`);
    this.versions.push(version);
  }

  public async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID(), ...headers });
      response.end(body);
    };
    const error = (status: number, code: string, message: string) =>
      reply(
        status,
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
      );
    if (!this.buckets.has(bucket)) return error(404, 'NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
    const now = new Date().toISOString();
    if (request.method === 'PUT' && key) {
      const body = decodeBody(request, Buffer.concat(chunks));
      const version: StoredVersion = {
        bucket,
        key,
        versionId: randomUUID().replaceAll('-', ''),
        lastModified: now,
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
        size: body.length,
        body: body.toString('utf8'),
      };
      this.append(version);
      return reply(200, '', { etag: version.etag, 'x-amz-version-id': version.versionId });
    }
    if (request.method === 'DELETE' && key) {
      if (url.searchParams.has('versionId'))
        return error(403, 'AccessDenied', 'Access Denied because object protected by object lock.');
      const marker: StoredVersion = {
        bucket,
        key,
        versionId: randomUUID().replaceAll('-', ''),
        lastModified: now,
        etag: '',
        size: 0,
        body: '',
        deleteMarker: true,
      };
      this.append(marker);
      return reply(204, '', { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId });
    }
    if (request.method === 'GET' && !key && url.searchParams.has('versions')) {
      const prefix = url.searchParams.get('prefix') ?? '';
      const matching = this.versions
        .filter((version) => version.bucket === bucket && version.key.startsWith(prefix))
        .sort((a, b) => a.key.localeCompare(b.key) || b.lastModified.localeCompare(a.lastModified));
      const latest = new Set<string>();
      const entries = matching.map((version) => {
        const isLatest = !latest.has(version.key);
        latest.add(version.key);
        const common = `<Key>${xmlEscape(version.key)}</Key><VersionId>${version.versionId}</VersionId><IsLatest>${isLatest}</IsLatest><LastModified>${version.lastModified}</LastModified>`;
        return version.deleteMarker
          ? `<DeleteMarker>${common}</DeleteMarker>`
          : `<Version>${common}<ETag>${xmlEscape(version.etag)}</ETag><Size>${version.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
      });
      return reply(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${entries.join('')}</ListVersionsResult>`,
      );
    }
    return error(
      501,
      'NotImplemented',
      `The local S3 does not implement ${request.method} ${url.pathname}${url.search}`,
    );
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
