import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultDirectory, type Directory } from '../../functions/domain/directory';
import { API_ROUTES } from '../../functions/api/routes';
import { INCIDENT_DEFINITION_FILE } from '../../infra/constructs/workflow';
import { IncidentReportingStack } from '../../infra/stack';

/** A stack without bundling (esbuild is exercised by `npm run synth`). */
function synthesize(directory?: Directory) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IncidentReportingStack(app, 'IncidentReporting', { directory });
  return { stack, template: Template.fromStack(stack) };
}

describe('CDK stack', () => {
  const { stack, template } = synthesize();

  it('the table: on-demand, point-in-time recovery, retained, with the pending-by-due-time index', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'PendingObligationsByDueTime' })],
      }),
    });
  });

  it('R-WRITTEN-30: the deployed definition is the ASL file, with its ARNs supplied by substitutions', () => {
    const [stateMachine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const properties = stateMachine.Properties;
    expect(JSON.parse(properties.DefinitionString)).toEqual(JSON.parse(readFileSync(INCIDENT_DEFINITION_FILE, 'utf8')));
    expect(Object.keys(properties.DefinitionSubstitutions).sort()).toEqual(['CheckObligationFunctionArn', 'EscalateObligationFunctionArn', 'LambdaInvoke']);
    expect(properties.DefinitionSubstitutions.LambdaInvoke).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::lambda:invoke']] });
    expect(properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
  });

  it('Lambda functions run Node 24 on arm64, one per route and per workflow task', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(API_ROUTES.length + 2);
    for (const lambdaFunction of functions) {
      expect(lambdaFunction.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('the HTTP API has every route', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey).sort();
    expect(routeKeys).toEqual(API_ROUTES.map((route) => route.routeKey).sort());
  });

  it('least privilege: only POST /incidents may start executions; GET /incidents/{id} only reads', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statementsOf = (functionPath: string) =>
      Object.entries(policies)
        .filter(([logicalId]) => logicalId.startsWith(functionPath))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    const actionsOf = (functionPath: string) => statementsOf(functionPath).flatMap((statement) => [statement.Action].flat());
    expect(actionsOf('ApiCreateIncidentFunction')).toContain('states:StartExecution');
    expect(actionsOf('ApiGetIncidentFunction')).not.toContain('states:StartExecution');
    expect(actionsOf('ApiGetIncidentFunction').some((action) => /PutItem|UpdateItem|DeleteItem/.test(action))).toBe(false);
    expect(actionsOf('ApiFileReportFunction')).not.toContain('sns:Publish');
  });

  it('e-mail subscriptions: one per real contact address, filtered on contactId; placeholders are not subscribed', () => {
    expect(Object.keys(template.findResources('AWS::SNS::Subscription'))).toHaveLength(0);
    const directory: Directory = {
      units: [{ ...defaultDirectory.units[1], contacts: { ...defaultDirectory.units[1].contacts, dutyContact: { ...defaultDirectory.units[1].contacts.dutyContact, email: 'duty@gaosheng.gov.cn' } } }],
    };
    const withRealAddress = synthesize(directory).template;
    withRealAddress.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'duty@gaosheng.gov.cn', FilterPolicy: { contactId: ['gaosheng-zone.duty'] },
    });
  });

  it('alarms on failed executions and escalation errors', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(2);
  });

  it('no ARN hard-codes the partition (the stack also deploys to the China regions)', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });

  it('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const findings = report.violations.flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.resourceLogicalId ?? resource.constructPath}`));
    expect(findings).toEqual([]);
  });
});
