import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { functionEntry, LAMBDA_BUNDLING } from '../bundling';
import { PROJECT_ROOT } from '../project-paths';

export interface ServiceFunctionProps {
  /** Path under `functions/` without `.ts`, e.g. `api/create-incident`. */
  handlerFile: string;
  description: string;
  environment: Record<string, string>;
  timeout?: Duration;
  /** For functions invoked asynchronously: where an event goes after Lambda's retries. */
  deadLetterQueue?: IQueue;
}

/** A dead-letter queue: encrypted, TLS only, kept two weeks (an alarm fires on its first message). */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
}

/**
 * A Lambda function of the service: Node 24 on arm64, bundled locally by esbuild (no Docker),
 * X-Ray tracing, JSON logs kept a year.
 */
export class ServiceFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    super(scope, id, {
      entry: functionEntry(props.handlerFile),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(15),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: 2 } : {}),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: { POWERTOOLS_SERVICE_NAME: 'incident-reporting', POWERTOOLS_LOG_LEVEL: 'INFO', ...props.environment },
      // infra/bundling.ts says why each option.
      bundling: {
        format: OutputFormat.CJS,
        target: LAMBDA_BUNDLING.target,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        externalModules: [],
        esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_BUNDLING.alias).map(([module, replacement]) => [`--alias:${module}`, replacement])),
      },
    });
  }
}
