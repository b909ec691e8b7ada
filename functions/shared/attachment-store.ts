import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  SNIFF_BYTES,
  sha256Base64ToHex,
  sha256HexToBase64,
  type Attachment,
  type StoredObject,
} from '../domain/attachments';

/** A presigned PUT: the URL and the headers the upload must send exactly (they are signed). */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * R-INTAKE: where the photos and videos live — a private S3 bucket (SSE, TLS only) in AWS, the local stand-in
 * (`AWS_ENDPOINT_URL_S3`) on 127.0.0.1. The functions never carry a file's bytes: the phone PUTs straight to S3
 * through a presigned URL, and the complete step reads only the object's size, checksum and first bytes.
 */
export interface AttachmentObjectStore {
  presignUpload(attachment: Attachment, expiresSeconds: number): Promise<PresignedUpload>;
  presignDownload(attachment: Attachment, expiresSeconds: number): Promise<string>;
  /** The object's size, S3's SHA-256 and first bytes; undefined when nothing was uploaded. */
  describe(objectKey: string): Promise<StoredObject | undefined>;
  delete(objectKey: string): Promise<void>;
}

const isMissing = (error: unknown) => {
  const name = (error as { name?: string })?.name;
  return (
    name === 'NotFound' ||
    name === 'NoSuchKey' ||
    (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404
  );
};

/** The S3 implementation, over a client built with `requestChecksumCalculation: 'WHEN_REQUIRED'` (aws-clients.ts). */
export class S3AttachmentStore implements AttachmentObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  public constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  public async presignUpload(attachment: Attachment, expiresSeconds: number): Promise<PresignedUpload> {
    const checksum = sha256HexToBase64(attachment.sha256);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: attachment.objectKey,
      ContentType: attachment.contentType,
      ContentLength: attachment.size,
      ChecksumSHA256: checksum,
    });
    // The presigner leaves content-type unsigned and hoists x-amz-* headers into the query: sign the type and length,
    // and keep the checksum a header, so S3 refuses another type, another length or a body with another SHA-256.
    const url = await getSignedUrl(this.client, command, {
      expiresIn: expiresSeconds,
      signableHeaders: new Set(['content-type', 'content-length']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    return {
      url,
      method: 'PUT',
      // content-length is the browser's own (a forbidden header for scripts): the body's size, which was signed.
      headers: { 'content-type': attachment.contentType, 'x-amz-checksum-sha256': checksum },
      expiresAt: new Date(Date.now() + expiresSeconds * 1000).toISOString(),
    };
  }

  public async presignDownload(attachment: Attachment, expiresSeconds: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: attachment.objectKey,
        ResponseContentType: attachment.contentType,
        // The display name travels as a header of the answer, RFC 6266 encoded, never as part of the key.
        ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      }),
      { expiresIn: expiresSeconds },
    );
  }

  public async describe(objectKey: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey, ChecksumMode: 'ENABLED' }),
      );
      const size = head.ContentLength ?? 0;
      const first =
        size === 0
          ? new Uint8Array()
          : await (
              await this.client.send(
                new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, Range: `bytes=0-${SNIFF_BYTES - 1}` }),
              )
            ).Body!.transformToByteArray();
      return {
        size,
        sha256: head.ChecksumSHA256
          ? sha256Base64ToHex(head.ChecksumSHA256)
          : await this.streamedSha256(objectKey, head.ETag),
        firstBytes: first,
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * When S3 holds no SHA-256 of the object (an upload that did not send one), the complete step computes it by
   * streaming the object once (at most the policy's 100 MB; never held in memory), pinned to the version it HEADed.
   */
  private async streamedSha256(objectKey: string, etag: string | undefined): Promise<string> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, ...(etag ? { IfMatch: etag } : {}) }),
    );
    const hash = createHash('sha256');
    for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest('hex');
  }

  public async delete(objectKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }
}
