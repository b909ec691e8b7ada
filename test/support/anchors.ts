import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3AuditAnchors } from '../../functions/shared/audit-anchors';
import { LocalS3 } from '../../infra/local/s3';

export interface TestAnchors {
  anchors: S3AuditAnchors;
  /** The same bucket through the SDK, for what an attacker with S3 access would try. */
  client: S3Client;
  bucket: string;
  stop(): Promise<void>;
}

/** The write-once anchor store (R-AUDIT): the real S3 adapter against the local Object Lock stand-in on 127.0.0.1. */
export async function startTestAnchors(): Promise<TestAnchors> {
  const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
  const bucket = 'test-audit-anchors';
  const s3 = new LocalS3({ file: join(dir, 'audit-anchors.jsonl'), buckets: [bucket] });
  const endpoint = await s3.listen();
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    anchors: new S3AuditAnchors(client, bucket),
    client,
    bucket,
    stop: async () => {
      client.destroy();
      await s3.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
