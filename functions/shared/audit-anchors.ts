import { ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ChainAnchor } from '../domain/audit-chain';

/**
 * R-AUDIT: where chain positions are written so that nobody — not an operator, not an attacker
 * with full access to the table — can rewrite them: an S3 bucket with Object Lock in compliance
 * mode (every object version kept until its retention ends, whoever asks), the way CloudTrail
 * publishes its log-file digests; locally a stand-in that keeps them in an append-only file.
 */
export interface AuditAnchorStore {
  write(anchor: ChainAnchor): Promise<void>;
  /** Every anchor ever written for the incident, oldest chain position first. */
  anchorsOf(incidentId: string): Promise<ChainAnchor[]>;
}

const PREFIX = 'anchors/';

/**
 * `anchors/<incidentId>/<seq, 10 digits>-<hash>.json`: the key alone says what was anchored, so a listing is a
 * verification.
 */
export function anchorKey(anchor: Pick<ChainAnchor, 'incidentId' | 'seq' | 'hash'>): string {
  return `${PREFIX}${anchor.incidentId}/${String(anchor.seq).padStart(10, '0')}-${anchor.hash}.json`;
}

function anchorOfKey(key: string, anchoredAt: string): ChainAnchor | undefined {
  const match = /^anchors\/([^/]+)\/(\d{10})-([0-9a-f]{64})\.json$/.exec(key);
  return match ? { incidentId: match[1], seq: Number(match[2]), hash: match[3], anchoredAt } : undefined;
}

/**
 * The S3 implementation. Anchors are read with ListObjectVersions, not ListObjectsV2: a delete
 * marker can hide an object from a plain listing, but under compliance-mode Object Lock the
 * locked version itself stays, and is still listed here.
 */
export class S3AuditAnchors implements AuditAnchorStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  public constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  public async write(anchor: ChainAnchor): Promise<void> {
    // The bucket's default retention (compliance mode) locks every new version; the SDK adds the checksum Object Lock
    // requires.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: anchorKey(anchor),
        Body: JSON.stringify(anchor),
        ContentType: 'application/json',
        ChecksumAlgorithm: 'CRC32',
      }),
    );
  }

  public async anchorsOf(incidentId: string): Promise<ChainAnchor[]> {
    const anchors = new Map<string, ChainAnchor>();
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          Prefix: `${PREFIX}${incidentId}/`,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
      for (const version of page.Versions ?? []) {
        const anchor = version.Key ? anchorOfKey(version.Key, version.LastModified?.toISOString() ?? '') : undefined;
        if (anchor && anchor.incidentId === incidentId) anchors.set(version.Key!, anchor);
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return [...anchors.values()].sort((a, b) => a.seq - b.seq);
  }
}
