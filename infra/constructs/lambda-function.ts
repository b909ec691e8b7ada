import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
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
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/**
 * Context key the stack sets to `false` where Lambda's X-Ray integration is not available (the
 * China regions, docs/deploy-china.md): its functions then carry no tracing and no X-Ray grant.
 */
export const LAMBDA_TRACING_CONTEXT = 'incident-reporting:lambdaTracing';

/** The construct ID of the stack's X-Ray policy (lambdaTracingPolicy), a child of the stack. */
export const LAMBDA_TRACING_POLICY_ID = 'LambdaTracingPolicy';

/**
 * The X-Ray writes of every traced function, as one customer-managed policy of the stack. X-Ray's
 * PutTraceSegments/PutTelemetryRecords take no resource ARN, so this is a grant on "*": kept out of
 * the functions' own (default) policies, a `*` there is a cdk-nag finding that nothing acknowledges.
 */
export function lambdaTracingPolicy(scope: Construct): ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LAMBDA_TRACING_POLICY_ID) as ManagedPolicy | undefined;
  return (
    existing ??
    new ManagedPolicy(stack, LAMBDA_TRACING_POLICY_ID, {
      description: "X-Ray trace writes of the service's Lambda functions (these actions take no resource ARN)",
      statements: [
        new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    })
  );
}

/**
 * A Lambda function of the service: Node 24 on arm64, bundled locally by esbuild (no Docker),
 * X-Ray tracing (where available), JSON logs kept a year.
 */
export class ServiceFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      entry: functionEntry(props.handlerFile),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(15),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: 2 } : {}),
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'incident-reporting',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      // infra/bundling.ts says why each option.
      bundling: {
        format: OutputFormat.CJS,
        target: LAMBDA_BUNDLING.target,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        externalModules: [],
        esbuildArgs: Object.fromEntries(
          Object.entries(LAMBDA_BUNDLING.alias).map(([module, replacement]) => [`--alias:${module}`, replacement]),
        ),
      },
    });
    // Tracing on without CDK's `tracing` prop, which would put the X-Ray `*` grant into this function's own policy.
    if (scope.node.tryGetContext(LAMBDA_TRACING_CONTEXT) !== false) {
      (this.node.defaultChild as CfnFunction).tracingConfig = { mode: Tracing.ACTIVE };
      this.role!.addManagedPolicy(lambdaTracingPolicy(this));
    }
  }
}
