import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogsBucket } from './access-logs';

export interface AuditAnchorsProps {
  /** How long every anchor is locked, in days (compliance mode: nobody, root included, can shorten it). */
  retentionDays: number;
}

/**
 * R-AUDIT: the write-once store of chain anchors — an S3 bucket with Object Lock in compliance
 * mode, as CloudTrail's log-file validation keeps its digests out of reach of whoever can edit
 * the logs. Every version is kept for the retention period whatever anyone asks (a delete only
 * adds a marker, which verification reads through), and the bucket is retained with the stack.
 * Access logs go to a bucket of their own.
 */
export class AuditAnchorsConstruct extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;

  public constructor(scope: Construct, id: string, props: AuditAnchorsProps) {
    super(scope, id);
    this.accessLogs = accessLogsBucket(this, 'AccessLogs');
    this.bucket = new Bucket(this, 'AnchorBucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'anchors/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The anchoring run writes new anchors: PutObject on `anchors/*`, nothing else (it can neither read, list nor
   * delete).
   */
  public grantWrite(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('anchors/*')] }),
    );
  }

  /**
   * Verification lists every anchor version of an incident: ListBucketVersions only (the key says what was anchored).
   */
  public grantList(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucketVersions'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['anchors/*'] } },
      }),
    );
  }
}
