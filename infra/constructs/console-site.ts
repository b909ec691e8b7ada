import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { accessLogsBucket } from './access-logs';
import { CONSOLE_DIST, DOCS_DIST } from '../local/console-files';

/**
 * Where the attachments' presigned URLs point: S3 of the global partition, the only one with this console site (in
 * China the county hosts the console). A plain host pattern, not the region's token, so the policy stays one string.
 */
const S3_HOSTS = 'https://*.amazonaws.com';

/** What the console reads from `config.json` (see `console/src/config.ts`). */
export interface ConsoleSiteConfig {
  apiUrl: string;
  auth: {
    mode: 'oauth';
    authorizeUrl: string;
    tokenUrl: string;
    logoutUrl?: string;
    clientId: string;
    scopes: string[];
  };
  workflow: { mode: 'aws'; region: string; incidentStateMachineArn: string; obligationStateMachineArn: string };
}

// `/` and `/console` lead to the console; `/console/` serves its page (S3 has no directory index); `/docs/` the API
// reference.
const ROUTE_TO_CONSOLE = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '/console') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/console/' } } };
  }
  if (uri === '/console/') event.request.uri = '/console/index.html';
  if (uri === '/docs') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/docs/' } } };
  }
  if (uri === '/docs/') event.request.uri = '/docs/index.html';
  return event.request;
}`;

/**
 * The duty-office console as a static site: a private S3 bucket that only CloudFront may read
 * (origin access control), served over HTTPS with security headers. The built files
 * (`npm run build:console`) and `config.json` are published by `publish()` once the API, the
 * sign-in and the state machines exist.
 */
export class ConsoleSiteConstruct extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;
  public readonly distribution: Distribution;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    // Who fetched the console, kept a year (CloudFront standard logs need ACLs: object-writer ownership).
    this.accessLogs = accessLogsBucket(this, 'AccessLogs');
    this.bucket = new Bucket(this, 'ConsoleBucket', {
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 's3/',
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here; it is published again on every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Duty console: only its own scripts; API and sign-in over HTTPS',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // R-INTAKE: photo and video thumbnails are blob: URLs of the files picked; a completed attachment is shown
          // from its presigned GET on S3 (virtual-hosted: <bucket>.s3.<region>.amazonaws.com).
          contentSecurityPolicy: `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: ${S3_HOSTS}; media-src 'self' blob: ${S3_HOSTS}; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action https:`,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'ConsoleDistribution', {
      comment: 'Emergency-incident reporting: duty-office console',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'RouteToConsole', {
              code: FunctionCode.fromInline(ROUTE_TO_CONSOLE),
              runtime: FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      // The county's users are in mainland China and nearby: the cheapest class that covers Asia.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.accessLogs,
      logFilePrefix: 'cloudfront/',
    });
  }

  /** The console's address, the sign-in's callback. */
  public get url(): string {
    return `https://${this.distribution.distributionDomainName}/console/`;
  }

  /** The console's origin, for the API's CORS. */
  public get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Publishes the built console and its `config.json`, then clears CloudFront's cache of them. */
  public publish(config: ConsoleSiteConfig): void {
    if (!existsSync(CONSOLE_DIST))
      throw new Error(`${CONSOLE_DIST} is missing: run \`npm run build:console\` first (npm run synth does).`);
    new BucketDeployment(this, 'PublishConsole', {
      sources: [Source.asset(CONSOLE_DIST), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'console/',
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
      memoryLimit: 256,
    });
  }

  /**
   * Publishes the API reference page (`/docs/`, Swagger UI) beside the console: static files
   * from the same bucket, not a Lambda serving 1.5 MB of script. It reads the API's own
   * `GET /openapi.json` (the console's origin is the one the API's CORS allows).
   */
  public publishApiDocs(apiUrl: string): void {
    if (!existsSync(DOCS_DIST))
      throw new Error(`${DOCS_DIST} is missing: run \`npm run build:console\` first (npm run synth does).`);
    new BucketDeployment(this, 'PublishApiDocs', {
      sources: [Source.asset(DOCS_DIST), Source.jsonData('config.json', { openApiUrl: `${apiUrl}/openapi.json` })],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'docs/',
      distribution: this.distribution,
      distributionPaths: ['/docs/*'],
      memoryLimit: 256,
    });
  }
}
