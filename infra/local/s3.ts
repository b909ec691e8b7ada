import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { appendFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

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

/** What the stand-in keeps beside an object's bytes (`<dir>/<bucket>/<hex key>.json`). */
interface ObjectMetadata {
  key: string;
  size: number;
  contentType: string;
  etag: string;
  lastModified: string;
  /** Base64 SHA-256 of the body, when the upload sent `x-amz-checksum-sha256` (S3 checked it; so does this). */
  checksumSha256?: string;
}

/** RFC 3986 percent-encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const sigV4Encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Whether a presigned (query-string authenticated) request carries a valid SigV4 signature for these credentials: the
 * canonical request rebuilt from the method, the path as sent, the query (but the signature) and every signed header as
 * received — so a PUT with another `content-type`, `content-length` or `x-amz-checksum-sha256` than was signed fails,
 * as on S3. Undefined when it is valid, else S3's error code and message.
 */
export function presignedRequestProblem(
  request: { method: string; rawPath: string; query: URLSearchParams; headers: IncomingMessage['headers'] },
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: Date,
): { status: number; code: string; message: string } | undefined {
  const query = request.query;
  const denied = (message: string) => ({ status: 403, code: 'AccessDenied', message });
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return denied('Only AWS4-HMAC-SHA256 is supported');
  const [accessKeyId, date, region, service, terminator] = (query.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== credentials.accessKeyId)
    return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist' };
  const amzDate = query.get('X-Amz-Date') ?? '';
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const expires = Number(query.get('X-Amz-Expires'));
  if (!Number.isFinite(signedAt) || !Number.isInteger(expires) || expires < 1 || expires > 604_800)
    return denied('X-Amz-Date or X-Amz-Expires is missing or malformed');
  if (now.getTime() > signedAt + expires * 1000) return denied('Request has expired');
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  if (!signedHeaders.includes('host')) return denied('host must be signed');
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [sigV4Encode(name), sigV4Encode(value)] as const)
    .sort(([a, aValue], [b, bValue]) => (a === b ? (aValue < bValue ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = request.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [
    request.method,
    request.rawPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = [date, region, service, terminator].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${credentials.secretAccessKey}`),
  );
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
  const given = Buffer.from(query.get('X-Amz-Signature') ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided',
    };
  return undefined;
}

/** A plain (unversioned) bucket whose objects are files under `dir`: the attachments (R-INTAKE). */
export interface LocalObjectBuckets {
  names: string[];
  dir: string;
  /** The credentials presigned URLs are signed with (the runtime's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A PUT larger than this is refused whatever was signed (S3's own single-PUT limit is 5 GB). */
  maxObjectBytes: number;
}

/**
 * S3 on 127.0.0.1, as much of it as the service uses.
 *
 * The audit anchors (R-AUDIT): `PutObject` and `ListObjectVersions` on a versioned bucket with Object Lock in
 * compliance mode. Every version ever written is appended to one file and never rewritten; deleting a key only adds a
 * delete marker, and deleting a version is refused, as compliance-mode retention refuses it to anyone.
 *
 * The attachments (R-INTAKE, `objectBuckets`): PUT, GET (with `Range`), HEAD and DELETE of objects kept as files (bytes
 * streamed to disk, never into a JSON line), and presigned URLs checked as S3 checks them: signature (so the signed
 * `content-type`, `content-length` and `x-amz-checksum-sha256` must be the ones sent), expiry, and the body's SHA-256
 * against `x-amz-checksum-sha256` (BadDigest). Requests signed in the `Authorization` header (the SDK's own calls) are
 * accepted without checking their signature. CORS answers any 127.0.0.1 or localhost origin.
 */
export class LocalS3 {
  private readonly file: string;
  private readonly buckets: Set<string>;
  private readonly versions: StoredVersion[] = [];
  private readonly objectBuckets?: LocalObjectBuckets;
  private server?: Server;

  public constructor(options: { file: string; buckets: string[]; objectBuckets?: LocalObjectBuckets }) {
    this.file = options.file;
    this.buckets = new Set(options.buckets);
    this.objectBuckets = options.objectBuckets;
    for (const name of options.objectBuckets?.names ?? [])
      mkdirSync(join(options.objectBuckets!.dir, name), { recursive: true });
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
    const bucketName = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.split('/')[1] ?? '');
    if (this.objectBuckets?.names.includes(bucketName)) {
      try {
        return await this.handleObject(request, response, bucketName, this.objectBuckets);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/xml' });
        return void response.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>${xmlEscape((error as Error).message)}</Message></Error>`,
        );
      }
    }
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

  private async handleObject(
    request: IncomingMessage,
    response: ServerResponse,
    bucket: string,
    buckets: LocalObjectBuckets,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const rawPath = (request.url ?? '/').split('?')[0];
    const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
    const origin = request.headers.origin;
    const cors: Record<string, string> =
      origin && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)
        ? {
            'access-control-allow-origin': origin,
            'access-control-expose-headers': 'etag, x-amz-checksum-sha256',
            vary: 'origin',
          }
        : {};
    const reply = (status: number, body = '', headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'x-amz-request-id': randomUUID(), ...cors, ...headers });
      response.end(body);
    };
    const error = (status: number, code: string, message: string) => {
      request.resume();
      reply(
        status,
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
        { 'content-type': 'application/xml' },
      );
    };
    if (request.method === 'OPTIONS') {
      return reply(200, '', {
        'access-control-allow-methods': 'GET, PUT, HEAD',
        'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? ''),
        'access-control-max-age': '3000',
      });
    }
    if (!key) return error(501, 'NotImplemented', 'The local S3 serves objects of this bucket, not listings');
    if (url.searchParams.has('X-Amz-Signature')) {
      const problem = presignedRequestProblem(
        { method: request.method ?? 'GET', rawPath, query: url.searchParams, headers: request.headers },
        buckets.credentials,
        new Date(),
      );
      if (problem) return error(problem.status, problem.code, problem.message);
    } else if (!request.headers.authorization) return error(403, 'AccessDenied', 'Access Denied');
    // Never a path from the key: the key is hex-encoded into one file name.
    const base = join(buckets.dir, bucket, Buffer.from(key).toString('hex'));
    const readMetadata = async () => {
      try {
        return JSON.parse(await readFile(`${base}.json`, 'utf8')) as ObjectMetadata;
      } catch {
        return undefined;
      }
    };
    if (request.method === 'PUT') {
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > buckets.maxObjectBytes)
        return error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      const temporary = `${base}.${randomUUID()}.part`;
      const sha256 = createHash('sha256');
      const md5 = createHash('md5');
      let size = 0;
      const chunked = String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
      if (chunked) {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = decodeBody(request, Buffer.concat(chunks));
        sha256.update(body);
        md5.update(body);
        size = body.length;
        await writeFile(temporary, body);
      } else {
        let tooLarge = false;
        const measure = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            if (size > buckets.maxObjectBytes) {
              tooLarge = true;
              return done(new Error('EntityTooLarge'));
            }
            sha256.update(chunk);
            md5.update(chunk);
            done(null, chunk);
          },
        });
        try {
          await pipeline(request, measure, createWriteStream(temporary));
        } catch (failure) {
          await rm(temporary, { force: true });
          if (tooLarge) return error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
          throw failure;
        }
      }
      const checksum = sha256.digest('base64');
      const expected = request.headers['x-amz-checksum-sha256'];
      if (typeof expected === 'string' && expected !== checksum) {
        await rm(temporary, { force: true });
        return error(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
      }
      const metadata: ObjectMetadata = {
        key,
        size,
        contentType: String(request.headers['content-type'] ?? 'binary/octet-stream'),
        etag: `"${md5.digest('hex')}"`,
        lastModified: new Date().toUTCString(),
        ...(typeof expected === 'string' ? { checksumSha256: checksum } : {}),
      };
      await rename(temporary, `${base}.bin`);
      await writeFile(`${base}.json`, JSON.stringify(metadata));
      return reply(200, '', {
        etag: metadata.etag,
        ...(metadata.checksumSha256 ? { 'x-amz-checksum-sha256': metadata.checksumSha256 } : {}),
      });
    }
    if (request.method === 'DELETE') {
      await rm(`${base}.json`, { force: true });
      await rm(`${base}.bin`, { force: true });
      return reply(204);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const metadata = await readMetadata();
    if (!metadata || !(await stat(`${base}.bin`).catch(() => undefined))) {
      if (request.method === 'HEAD') return reply(404);
      return error(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    const headers: Record<string, string> = {
      'content-type': url.searchParams.get('response-content-type') ?? metadata.contentType,
      etag: metadata.etag,
      'last-modified': metadata.lastModified,
      'accept-ranges': 'bytes',
      ...(url.searchParams.has('response-content-disposition')
        ? { 'content-disposition': url.searchParams.get('response-content-disposition')! }
        : {}),
      ...(metadata.checksumSha256 && request.headers['x-amz-checksum-mode'] === 'ENABLED'
        ? { 'x-amz-checksum-sha256': metadata.checksumSha256, 'x-amz-checksum-type': 'FULL_OBJECT' }
        : {}),
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ''));
    if (range && request.method === 'GET') {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : metadata.size - 1, metadata.size - 1);
      if (start >= metadata.size) return error(416, 'InvalidRange', 'The requested range is not satisfiable');
      response.writeHead(206, {
        ...cors,
        ...headers,
        'content-length': String(end - start + 1),
        'content-range': `bytes ${start}-${end}/${metadata.size}`,
      });
      return void (await pipeline(createReadStream(`${base}.bin`, { start, end }), response));
    }
    response.writeHead(200, { ...cors, ...headers, 'content-length': String(metadata.size) });
    if (request.method === 'HEAD') return void response.end();
    await pipeline(createReadStream(`${base}.bin`), response);
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
