import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ApiRoute } from '../../functions/api/routes';
import { accessLogsBucket } from './access-logs';

/** Every object key the service writes starts with it (functions/domain/attachments.ts: attachmentObjectKey). */
const PREFIX = 'attachments/';

export interface AttachmentsProps {
  /** The duty console's origin: the only one whose browser may PUT and GET the presigned URLs (CORS). */
  consoleOrigin: string;
  /** How long an attachment is kept, in days (policy.json `attachments.retentionDays`). */
  retentionDays: number;
}

/**
 * R-INTAKE: the photos and videos from the scene. A private bucket (every public access blocked, objects owned by the
 * bucket owner), encrypted at rest (SSE-S3), TLS only (a bucket policy denies `aws:SecureTransport = false`), versioned
 * so an overwrite or a delete keeps what was there (R-AUDIT), with its access logs in a bucket of their own and kept
 * with the stack. Lifecycle from the policy: attachments expire after `retentionDays`; older versions and unfinished
 * multipart uploads are cleaned up. Browsers reach it only through presigned URLs, from the console's origin. The same
 * design in both partitions: S3 in the China regions has each of these features (docs/attachments.md).
 */
export class AttachmentsConstruct extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;

  public constructor(scope: Construct, id: string, props: AttachmentsProps) {
    super(scope, id);
    this.accessLogs = accessLogsBucket(this, 'AccessLogs');
    this.bucket = new Bucket(this, 'AttachmentBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'attachments-retention',
          prefix: PREFIX,
          expiration: Duration.days(props.retentionDays),
          // A version replaced or deleted (an upload that did not match) is kept a month, then goes.
          noncurrentVersionExpiration: Duration.days(30),
        },
        { id: 'unfinished-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: [
        {
          allowedOrigins: [props.consoleOrigin],
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          // What the presigned PUT signs and the console sends (content-length is the browser's own).
          allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
          exposedHeaders: ['etag'],
          maxAge: 3000,
        },
      ],
    });
  }

  /**
   * Least privilege per route (`attachmentAccess` in functions/api/routes.ts), on `attachments/*` only: `put` signs
   * uploads (s3:PutObject), `get` reads an object or signs a download (s3:GetObject; with s3:ListBucket under the
   * prefix, so a missing key is a 404, not a 403), `delete` removes an upload that did not match (s3:DeleteObject).
   */
  public grant(grantee: IGrantable, access: NonNullable<ApiRoute['attachmentAccess']>): void {
    const actions = access.map(
      (kind) => ({ put: 's3:PutObject', get: 's3:GetObject', delete: 's3:DeleteObject' })[kind],
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${PREFIX}*`)] }),
    );
    if (access.includes('get'))
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${PREFIX}*`] } },
        }),
      );
  }
}
