import { createHash } from 'node:crypto';
import { SNIFF_BYTES, sha256HexToBase64, type Attachment, type StoredObject } from '../../functions/domain/attachments';
import type { AttachmentObjectStore, PresignedUpload } from '../../functions/shared/attachment-store';

/** The attachments bucket in memory, for handler tests: what was "uploaded", what was deleted, what was signed. */
export class MemoryAttachmentStore implements AttachmentObjectStore {
  public readonly objects = new Map<string, Buffer>();
  public readonly deleted: string[] = [];
  public readonly signedUploads: string[] = [];

  /** As the phone's PUT would leave it (S3 computes the SHA-256 of what arrived). */
  public upload(objectKey: string, body: Buffer): void {
    this.objects.set(objectKey, body);
  }

  public async presignUpload(attachment: Attachment, expiresSeconds: number): Promise<PresignedUpload> {
    this.signedUploads.push(attachment.objectKey);
    return {
      url: `https://attachments.test/${attachment.objectKey}?X-Amz-Signature=put`,
      method: 'PUT',
      headers: {
        'content-type': attachment.contentType,
        'x-amz-checksum-sha256': sha256HexToBase64(attachment.sha256),
      },
      expiresAt: new Date(Date.parse(attachment.createdAt) + expiresSeconds * 1000).toISOString(),
    };
  }

  public async presignDownload(attachment: Attachment): Promise<string> {
    return `https://attachments.test/${attachment.objectKey}?X-Amz-Signature=get`;
  }

  public async describe(objectKey: string): Promise<StoredObject | undefined> {
    const body = this.objects.get(objectKey);
    if (!body) return undefined;
    return {
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      firstBytes: body.subarray(0, SNIFF_BYTES),
    };
  }

  public async delete(objectKey: string): Promise<void> {
    this.objects.delete(objectKey);
    this.deleted.push(objectKey);
  }
}
