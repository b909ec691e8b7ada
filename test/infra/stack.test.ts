import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { API_ROUTES } from '../../functions/api/routes';
import { SCHEDULED_TASKS, WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { STATE_MACHINES } from '../../infra/state-machines';
import { IncidentReportingStack } from '../../infra/stack';

/** A stack without bundling (esbuild is exercised by `npm run synth`). */
function synthesize() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IncidentReportingStack(app, 'IncidentReporting');
  return { stack, template: Template.fromStack(stack) };
}

describe('CDK stack', () => {
  const { stack, template } = synthesize();
  const serviceFunctions = () =>
    Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (resource) => resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'incident-reporting',
    );

  it('the table: on-demand, point-in-time recovery, retained, with the pending-by-due-time and items-by-month (R-EVAL) indexes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'PendingObligationsByDueTime' }),
          Match.objectLike({ IndexName: 'ItemsByMonth' }),
        ],
      }),
    });
  });

  it('R-LIFECYCLE, R-LADDER: each deployed definition is its ASL file, with only its own ARNs supplied by substitutions', () => {
    const stateMachines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map(
      (resource) => resource.Properties,
    );
    expect(stateMachines).toHaveLength(2);
    const byDefinition = (file: string) =>
      stateMachines.find(
        (properties) =>
          JSON.stringify(JSON.parse(properties.DefinitionString)) ===
          JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))),
      );
    const incident = byDefinition(STATE_MACHINES.incident.file);
    const obligation = byDefinition(STATE_MACHINES.obligation.file);
    expect(Object.keys(incident.DefinitionSubstitutions).sort()).toEqual([
      'LambdaInvoke',
      'NotifyAtOnceFunctionArn',
      'OpenFollowUpFunctionArn',
      'RecordFailureFunctionArn',
    ]);
    expect(Object.keys(obligation.DefinitionSubstitutions).sort()).toEqual([
      'CheckObligationFunctionArn',
      'EscalateObligationFunctionArn',
      'LambdaInvoke',
      'RecordFailureFunctionArn',
      'RemindObligationFunctionArn',
    ]);
    for (const properties of [incident, obligation]) {
      expect(properties.DefinitionSubstitutions.LambdaInvoke).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::lambda:invoke']],
      });
      expect(properties.TracingConfiguration).toEqual({ Enabled: true });
      expect(properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
    }
    expect(incident.StateMachineName).toBe('IncidentReporting-incident');
    expect(obligation.StateMachineName).toBe('IncidentReporting-obligation');
  });

  it('Lambda functions run Node 24 on arm64: one per route and the not-found route, per workflow task, per scheduled task, the inbound-SMS consumer and the delivery-status recorder', () => {
    // The service's own functions; CDK's custom-resource provider (it sets the SMS attributes) is not one of them.
    const functions = serviceFunctions();
    // …and the directory's seed, run once after each deploy (issue 15).
    expect(functions).toHaveLength(API_ROUTES.length + 1 + WORKFLOW_TASKS.length + SCHEDULED_TASKS.length + 2 + 1);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    for (const lambdaFunction of functions) {
      expect(lambdaFunction.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it("authentication: every route but the public ones goes through the JWT authorizer of the stack's user pool; users cannot set their own role or unit", () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    for (const route of API_ROUTES) {
      const deployed = routes.find((candidate) => candidate.RouteKey === route.routeKey);
      expect([route.routeKey, deployed.AuthorizationType ?? 'NONE']).toEqual([
        route.routeKey,
        route.access === 'public' ? 'NONE' : 'JWT',
      ]);
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    // What no route matches gets the API's own 404 (problem+json with nosniff), with no authorizer: it reads and names
    // nothing.
    expect(routes.find((route) => route.RouteKey === 'ANY /{proxy+}')).toMatchObject({ AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: 'ACTIVE',
    });
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map(
      (resource) => resource.Properties,
    );
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:role', 'custom:unitId']));
      expect(client.WriteAttributes.filter((attribute: string) => attribute.startsWith('custom:'))).toEqual([]);
    }
  });

  it('authentication: with -c oidcIssuer/oidcAudience the stack trusts that issuer and creates no user pool', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const oidc = Template.fromStack(
      new IncidentReportingStack(app, 'Oidc', {
        oidc: {
          issuer: 'https://login.example.org/realms/county',
          audience: 'incident-api',
          authorizeUrl: 'https://login.example.org/auth',
          tokenUrl: 'https://login.example.org/token',
        },
      }),
    );
    oidc.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://login.example.org/realms/county', Audience: ['incident-api'] },
    });
    expect(Object.keys(oidc.findResources('AWS::Cognito::UserPool'))).toHaveLength(0);
  });

  it('the HTTP API has every route, and a catch-all for what none matches', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => route.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual([...API_ROUTES.map((route) => route.routeKey), 'ANY /{proxy+}'].sort());
  });

  it('least privilege: only the routes that open obligations start executions, only the final report stops them; GET /incidents/{id} only reads', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statementsOf = (functionPath: string) =>
      Object.entries(policies)
        .filter(([logicalId]) => logicalId.startsWith(functionPath))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    const actionsOf = (functionPath: string) =>
      statementsOf(functionPath).flatMap((statement) => [statement.Action].flat());
    for (const route of API_ROUTES) {
      const functionPath = `Api${route.handlerFile.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Function`;
      expect([route.handlerFile, actionsOf(functionPath).includes('states:StartExecution')]).toEqual([
        route.handlerFile,
        route.startsExecutions,
      ]);
      expect([route.handlerFile, actionsOf(functionPath).includes('states:StopExecution')]).toEqual([
        route.handlerFile,
        route.stopsExecutions === true,
      ]);
      expect([route.handlerFile, actionsOf(functionPath).includes('secretsmanager:GetSecretValue')]).toEqual([
        route.handlerFile,
        route.signsLinks === true,
      ]);
    }
    expect(actionsOf('WorkflowOpenFollowUpFunction')).toContain('states:StartExecution');
    // R-AUDIT: whoever may write the table may not update or delete an audit event.
    const writers = Object.entries(policies).filter(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).some((statement) =>
        [statement.Action].flat().includes('dynamodb:PutItem'),
      ),
    );
    expect(writers.length).toBeGreaterThan(10);
    for (const [logicalId, policy] of writers) {
      const deny = (
        policy.Properties.PolicyDocument.Statement as { Effect: string; Action: string[]; Condition?: unknown }[]
      ).find((statement) => statement.Effect === 'Deny');
      expect([logicalId, deny?.Action]).toEqual([
        logicalId,
        ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      ]);
      expect(deny?.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['EVENTS#*'] } });
    }
    expect(actionsOf('WorkflowEscalateObligationFunction')).toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('WorkflowCheckObligationFunction')).not.toContain('sns:Publish');
    expect(actionsOf('ApiGetIncidentFunction').some((action) => /PutItem|UpdateItem|DeleteItem/.test(action))).toBe(
      false,
    );
    expect(actionsOf('ApiFileReportFunction')).not.toContain('sns:Publish');
  });

  it('issue 15 item 2: no e-mail subscription is made at synth; the functions that change the directory and its seed keep the topic to it, told which topic', () => {
    expect(
      Object.values(template.findResources('AWS::SNS::Subscription')).filter(
        (subscription) => subscription.Properties.Protocol === 'email',
      ),
    ).toHaveLength(0);
    const keepers = serviceFunctions().filter((resource) =>
      /^API (POST \/units|(GET|PUT|DELETE) \/units\/\{unitId\}|(PUT|DELETE) \/units\/\{unitId\}\/contacts\/\{contactId\})$|seeds an empty directory/.test(
        String(resource.Properties.Description),
      ),
    );
    expect(keepers).toHaveLength(7);
    for (const keeper of keepers)
      expect(keeper.Properties.Environment.Variables.EMAIL_TOPIC_ARN).toEqual({
        Ref: expect.stringMatching(/EscalationEmailTopic/) as unknown,
      });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['sns:Subscribe', 'sns:ListSubscriptionsByTopic'],
            Resource: { Ref: Match.stringLikeRegexp('EscalationEmailTopic') },
          }),
        ]),
      },
    });
  });

  it('alarms on failed executions of both machines, on errors of every function, on every dead-letter queue, and on SMS deliveries failing; the alarm topic has a key CloudWatch may use', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    const deadLetterQueues = Object.keys(template.findResources('AWS::SQS::Queue')).length;
    // The inbound-SMS consumer's, the delivery-status recorder's, and one per scheduled task.
    expect(deadLetterQueues).toBe(2 + SCHEDULED_TASKS.length);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(
      2 + serviceFunctions().length + deadLetterQueues + 1,
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SNS',
      MetricName: 'SMSSuccessRate',
      ComparisonOperator: 'LessThanThreshold',
    });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')))
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('R-LADDER: replies to escalation SMS reach the inbound-SMS consumer through an encrypted topic, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: Match.objectLike({ deadLetterTargetArn: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('acknowledgement codes'),
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
    });
    // Delivery-status logging is turned on wherever SNS sends SMS, and left alone in the China regions.
    const [smsAttributes] = Object.values(template.findResources('Custom::AWS')).filter((resource) =>
      JSON.stringify(resource.Properties).includes('setSMSAttributes'),
    );
    expect(smsAttributes.Condition).toBeDefined();
    expect(JSON.stringify(template.toJSON().Conditions[smsAttributes.Condition])).toContain('aws-cn');
  });

  it('no ARN hard-codes the partition (the stack also deploys to the China regions)', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });

  it('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} ${resource.resourceLogicalId ?? resource.constructPath}`,
      ),
    );
    expect(findings).toEqual([]);
  });
});

describe('CDK stack: what operators see', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IncidentReportingStack(app, 'IncidentReporting');
  const template = Template.fromStack(stack);

  it('the console is a static site: a private bucket read only by CloudFront through origin access control, HTTPS only, security headers, access logs', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("script-src 'self'"),
          }),
        }),
      }),
    });
    const consoleBucket =
      template.toJSON().Resources[stack.getLogicalId(stack.consoleSite!.bucket.node.defaultChild as never)].Properties;
    expect(consoleBucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // Only CloudFront (this distribution) may read it.
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy'))
      .filter((resource) => JSON.stringify(resource.Properties.Bucket).includes('ConsoleBucket'))
      .map((resource) => resource.Properties);
    expect(JSON.stringify(policy.PolicyDocument)).toContain('cloudfront.amazonaws.com');
    expect(JSON.stringify(policy.PolicyDocument)).toContain('AWS:SourceArn');
  });

  it("the console is published with a config.json naming the API, the user pool's sign-in and the state machines", () => {
    const [deployment, docs] = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (resource) => resource.Properties,
    );
    expect(deployment.DestinationBucketKeyPrefix).toBe('console/');
    // The API reference beside it, its config.json naming where the API serves GET /openapi.json.
    expect([docs.DestinationBucketKeyPrefix, JSON.stringify(docs.SourceMarkers)]).toEqual([
      'docs/',
      expect.stringContaining('ApiEndpoint'),
    ]);
    expect(deployment.SourceMarkers?.length ?? deployment.SourceObjectKeys.length).toBe(2);
    // The values are filled in at deploy time: the markers name what they come from.
    const config = JSON.stringify(deployment.SourceMarkers);
    for (const source of [
      'ApiEndpoint',
      'SignInDomain',
      'ConsoleClient',
      'IncidentStateMachine',
      'ObligationStateMachine',
    ])
      expect(config).toContain(source);
  });

  it("issue 14 item 6: every workflow task is told where the console is (CONSOLE_URL, the distribution's /console/), to link obligations in its messages", () => {
    const tasks = Object.values(template.findResources('AWS::Lambda::Function')).filter((resource) =>
      String(resource.Properties.Description ?? '').startsWith('Incident workflow task:'),
    );
    expect(tasks).toHaveLength(WORKFLOW_TASKS.length);
    for (const task of tasks) {
      const consoleUrl = JSON.stringify(task.Properties.Environment.Variables.CONSOLE_URL);
      expect(consoleUrl).toContain('ConsoleDistribution');
      expect(consoleUrl).toContain('/console/');
    }
  });

  it("the console signs in with code + PKCE through the user pool's managed login, returning only to the console; the API admits its tokens and its origin", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      CallbackURLs: [
        {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsoleDistribution'), 'DomainName'] }, '/console/'],
          ],
        },
      ],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer')).map(
      (resource) => resource.Properties,
    );
    expect(authorizer.JwtConfiguration.Audience).toHaveLength(2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsoleDistribution'), 'DomainName'] }],
            ],
          },
        ],
      }),
    });
  });

  it('the dashboard shows incidents, deadlines met/late/missed, escalations sent/failed, failed executions, API 4xx/5xx and latency, and the alarms', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map(
      (resource) => resource.Properties,
    );
    const body = JSON.stringify(dashboard.DashboardBody);
    for (const metric of [
      'IncidentsOpened',
      'ObligationsMet',
      'ObligationsLate',
      'ObligationsMissed',
      'EscalationsSent',
      'EscalationsFailed',
      'ExecutionsFailed',
      '4xx',
      '5xx',
      'Latency',
      'p99',
      'alarms',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('IncidentReporting');
  });

  it("alarms: failed executions, every function's errors, every dead-letter queue and SMS delivery all notify the operators", () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (resource) => resource.Properties,
    );
    expect(alarms.filter((alarm) => alarm.MetricName === 'ExecutionsFailed')).toHaveLength(2);
    expect(alarms.some((alarm) => alarm.MetricName === 'SMSSuccessRate')).toBe(true);
    for (const alarm of alarms)
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^NotificationsOperatorsAlarmTopic/) }]);
  });

  it('R-AUDIT: chain anchors go to a versioned bucket with Object Lock in compliance mode, kept with the stack; the anchoring run may only put under anchors/, the audit route only list their versions', () => {
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
    expect(Object.values(buckets)).toHaveLength(1);
    const [anchors] = Object.entries(buckets);
    expect(anchors[1]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1825 } },
        },
      },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .map(
        (policy) =>
          policy.Properties.PolicyDocument.Statement as {
            Action: string | string[];
            Resource: unknown;
            Condition?: unknown;
          }[],
      )
      .flat();
    const onAnchors = policies.filter((statement) => JSON.stringify(statement.Resource ?? null).includes(anchors[0]));
    expect(onAnchors.map((statement) => statement.Action).sort()).toEqual(['s3:ListBucketVersions', 's3:PutObject']);
    expect(onAnchors.find((statement) => statement.Action === 's3:PutObject')!.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [anchors[0], 'Arn'] }, '/anchors/*']],
    });
    expect(onAnchors.find((statement) => statement.Action === 's3:ListBucketVersions')!.Condition).toEqual({
      StringLike: { 's3:prefix': ['anchors/*'] },
    });
  });

  it('R-INTAKE: attachments go to a private, encrypted, TLS-only, versioned bucket with lifecycle from the policy, CORS for the console only; each route gets only the S3 actions it needs on attachments/*', () => {
    // Prepare
    const [bucketId, bucket] = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('AttachmentsAttachmentBucket'),
    )!;
    const bucketPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((resource) =>
      JSON.stringify(resource.Properties.Bucket).includes(bucketId),
    )!;
    const statementsOf = (handlerFile: string) =>
      Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) =>
          JSON.stringify(policy.Properties.Roles).includes(
            `Api${handlerFile.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Function`,
          ),
        )
        .flatMap(
          (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
        )
        .filter((statement) => JSON.stringify(statement.Resource).includes(bucketId));
    const actionsOn = (handlerFile: string) =>
      statementsOf(handlerFile)
        .flatMap((statement) => [statement.Action].flat())
        .sort();
    // Assess
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: expect.arrayContaining([
            expect.objectContaining({ Prefix: 'attachments/', ExpirationInDays: 1825, Status: 'Enabled' }),
          ]),
        },
        CorsConfiguration: {
          CorsRules: [
            expect.objectContaining({
              AllowedMethods: ['PUT', 'GET', 'HEAD'],
              AllowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
            }),
          ],
        },
      },
    });
    expect(bucket.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).not.toContain('*');
    expect(JSON.stringify(bucketPolicy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    expect(actionsOn('create-attachment')).toEqual(['s3:PutObject']);
    expect(actionsOn('complete-attachment')).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket']);
    expect(actionsOn('get-attachment')).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(actionsOn('file-report')).toEqual([]);
    for (const handlerFile of ['create-attachment', 'complete-attachment', 'get-attachment'])
      for (const statement of statementsOf(handlerFile))
        expect(JSON.stringify(statement.Resource)).toMatch(
          /\/attachments\/\*|"Fn::GetAtt":\["AttachmentsAttachmentBucket\w+","Arn"\]}$/,
        );
  });
});
