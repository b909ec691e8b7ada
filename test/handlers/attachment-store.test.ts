import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { attachmentObjectKey, sha256HexToBase64, type Attachment } from '../../functions/domain/attachments';
import { S3AttachmentStore } from '../../functions/shared/attachment-store';

const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1000, 7)]);
const sha256 = createHash('sha256').update(photo).digest('hex');
const attachment: Attachment = {
  attachmentId: 'ATT-AAAAAAAAAAAA',
  incidentId: 'INC-1',
  unitId: 'gaosheng-zone',
  fileName: '现场 1.jpg',
  contentType: 'image/jpeg',
  size: photo.length,
  sha256,
  objectKey: attachmentObjectKey('INC-1', 'ATT-AAAAAAAAAAAA'),
  status: 'pending',
  createdAt: '2026-11-28T00:20:00.000Z',
  uploadExpiresAt: '2026-11-28T00:35:00.000Z',
  actor: 'reporter:gaosheng-zone:u1',
};
/** An S3 body as the SDK gives it: bytes at once, or streamed. */
const body = (bytes: Buffer) =>
  ({
    transformToByteArray: async () => new Uint8Array(bytes),
    async *[Symbol.asyncIterator]() {
      yield new Uint8Array(bytes.subarray(0, 100));
      yield new Uint8Array(bytes.subarray(100));
    },
  }) as never;
/** A client of the Beijing region, as Lambda builds it there. */
const client = () =>
  new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

describe('R-INTAKE: the S3 attachment store (functions/shared/attachment-store.ts)', () => {
  // Presigning sends nothing; it resolves the region's own endpoint once the closed test endpoint is set aside.
  const closedEndpoint = process.env.AWS_ENDPOINT_URL;
  beforeEach(() => delete process.env.AWS_ENDPOINT_URL);
  afterEach(() => (process.env.AWS_ENDPOINT_URL = closedEndpoint));

  it('R-INTAKE: the presigned PUT signs the content type, the length and the SHA-256 as headers, and adds no checksum of its own', async () => {
    // Prepare
    const store = new S3AttachmentStore(client(), 'incident-attachments');
    // Act
    const upload = await store.presignUpload(attachment, 900);
    // Assess
    const url = new URL(upload.url);
    expect(url.host).toBe('incident-attachments.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe(`/${attachment.objectKey}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-checksum-sha256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(upload.headers).toEqual({
      'content-type': 'image/jpeg',
      'x-amz-checksum-sha256': sha256HexToBase64(sha256),
    });
  });

  it("R-INTAKE: the presigned GET names the display file name only in the answer's Content-Disposition", async () => {
    // Prepare
    const store = new S3AttachmentStore(client(), 'incident-attachments');
    // Act
    const url = new URL(await store.presignDownload(attachment, 900));
    // Assess
    expect(url.pathname).toBe(`/${attachment.objectKey}`);
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('现场 1.jpg')}`,
    );
  });

  it("R-AUDIT: describe takes S3's SHA-256 when it has one, and otherwise streams the object to compute it; a missing object is undefined", async () => {
    // Prepare
    const s3 = client();
    const mock = mockClient(s3);
    mock
      .on(HeadObjectCommand, { Key: 'with-checksum' })
      .resolves({ ContentLength: photo.length, ChecksumSHA256: sha256HexToBase64(sha256) });
    mock.on(HeadObjectCommand, { Key: 'without-checksum' }).resolves({ ContentLength: photo.length, ETag: '"e"' });
    mock.on(HeadObjectCommand, { Key: 'missing' }).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound' }));
    mock.on(GetObjectCommand).callsFake(() => ({ Body: body(photo) }));
    const store = new S3AttachmentStore(s3, 'incident-attachments');
    // Act
    const withChecksum = await store.describe('with-checksum');
    const withoutChecksum = await store.describe('without-checksum');
    const missing = await store.describe('missing');
    // Assess
    expect(withChecksum).toMatchObject({ size: photo.length, sha256 });
    expect(withoutChecksum).toMatchObject({ size: photo.length, sha256 });
    expect(missing).toBeUndefined();
    const gets = mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);
    expect(gets).toEqual([
      { Bucket: 'incident-attachments', Key: 'with-checksum', Range: 'bytes=0-31' },
      { Bucket: 'incident-attachments', Key: 'without-checksum', Range: 'bytes=0-31' },
      { Bucket: 'incident-attachments', Key: 'without-checksum', IfMatch: '"e"' },
    ]);
  });
});
