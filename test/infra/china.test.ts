import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IncidentReportingStack } from '../../infra/stack';

/**
 * Resource types the China regions lack, or that cannot work there as the global stack uses them
 * (docs/deploy-china.md).
 */
const UNAVAILABLE_IN_CHINA = [
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::Function',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::CloudFront::OriginAccessControl',
];

function synthesize(target: 'aws' | 'aws-cn') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IncidentReportingStack(app, 'IncidentReporting', { target });
  return { stack, template: Template.fromStack(stack) };
}

/** Every IAM statement of the template. */
const statementsOf = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Resource?: unknown;
        NotResource?: unknown;
        Effect: string;
      }[],
  );
/** An SMS publish names no ARN: the grant is on "*", or (as the stack writes it) on all but SNS ARNs. */
const publishesSmsToAnyPhone = (statement: {
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Effect: string;
}) =>
  statement.Effect === 'Allow' &&
  [statement.Action].flat().includes('sns:Publish') &&
  (JSON.stringify(statement.Resource) === '"*"' || statement.NotResource !== undefined);

describe('R-LADDER, R-AUDIT: -c target=aws-cn — the China regions (issue 7)', () => {
  const china = synthesize('aws-cn');
  const global = synthesize('aws');
  const chinaJson = JSON.stringify(china.template.toJSON());

  it('names no partition by hand: no "arn:aws:" literal anywhere', () => {
    expect(chinaJson).not.toContain('arn:aws:');
  });

  it('R-INTAKE: the same attachments bucket in both partitions (private, SSE, TLS only, versioned, lifecycle), its ARNs from the partition', () => {
    const attachmentBucket = (template: Template) =>
      Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) =>
        id.startsWith('AttachmentsAttachmentBucket'),
      )!;
    const [, chinaBucket] = attachmentBucket(china.template);
    const [, globalBucket] = attachmentBucket(global.template);
    const { CorsConfiguration: _chinaCors, ...chinaProperties } = chinaBucket.Properties as Record<string, unknown>;
    const { CorsConfiguration: _globalCors, ...globalProperties } = globalBucket.Properties as Record<string, unknown>;
    // Only the console's origin differs: the county's ICP-recorded domain (a parameter) instead of CloudFront's.
    expect(chinaProperties).toEqual(globalProperties);
  });

  it('uses no resource the China regions lack: no Cognito user pool, no CloudFront distribution', () => {
    for (const type of UNAVAILABLE_IN_CHINA)
      expect([type, Object.keys(china.template.findResources(type)).length]).toEqual([type, 0]);
    // …which the global template does use.
    expect(Object.keys(global.template.findResources('AWS::Cognito::UserPool'))).toHaveLength(1);
    expect(Object.keys(global.template.findResources('AWS::CloudFront::Distribution'))).toHaveLength(1);
  });

  it('publishes no SMS through SNS: no sns:Publish to phone numbers, no account SMS attributes; SMS go to the gateway topic', () => {
    expect(statementsOf(china.template).filter(publishesSmsToAnyPhone)).toEqual([]);
    expect(chinaJson).not.toContain('SetSMSAttributes');
    expect(statementsOf(global.template).some(publishesSmsToAnyPhone)).toBe(true);
    const senders = Object.values(china.template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.SMS_DELIVERY,
    );
    expect(senders.length).toBeGreaterThan(5);
    for (const sender of senders)
      expect(sender.Properties.Environment.Variables).toMatchObject({
        SMS_DELIVERY: 'gateway',
        SMS_GATEWAY_TOPIC_ARN: { Ref: expect.stringMatching(/SmsGatewayTopic/) },
      });
  });

  it('the gateway: a topic, its sender subscribed (with a dead-letter queue), the provider AccessKey in Secrets Manager', () => {
    const subscriptions = Object.values(china.template.findResources('AWS::SNS::Subscription')).map(
      (resource) => resource.Properties,
    );
    const gateway = subscriptions.find((subscription) =>
      String(subscription.TopicArn?.Ref).includes('SmsGatewayTopic'),
    );
    expect(gateway).toMatchObject({ Protocol: 'lambda', RedrivePolicy: { deadLetterTargetArn: expect.anything() } });
    const sender = Object.values(china.template.findResources('AWS::Lambda::Function')).find(
      (fn) => fn.Properties.Environment?.Variables?.SMS_PROVIDER_SECRET_ARN,
    );
    expect(sender?.Properties.Environment.Variables.SMS_PROVIDER_SECRET_ARN).toEqual({
      Ref: expect.stringMatching(/SmsProviderCredentials/),
    });
    // The AccessKey secret is never in the template: generated, then replaced by the operator.
    expect(chinaJson).not.toMatch(/LTAI[0-9A-Za-z]{10,}/);
  });

  it("Lambda's X-Ray integration is off (not available there); the state machines still trace", () => {
    const functions = Object.values(china.template.findResources('AWS::Lambda::Function')).map(
      (resource) => resource.Properties,
    );
    expect(functions.filter((fn) => fn.TracingConfig)).toEqual([]);
    for (const stateMachine of Object.values(china.template.findResources('AWS::StepFunctions::StateMachine')))
      expect(stateMachine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it("sign-in and the console's origin are stack parameters (an OIDC issuer; the county's ICP-recorded domain)", () => {
    expect(Object.keys(china.template.toJSON().Parameters ?? {})).toEqual(
      expect.arrayContaining(['OidcIssuer', 'OidcAudience', 'OidcAuthorizeUrl', 'OidcTokenUrl', 'ConsoleOrigin']),
    );
    china.template.hasOutput('ConsoleConfigJson', {});
  });

  it('cdk-nag AwsSolutions: no unacknowledged finding in the China stack either', () => {
    const report = new AwsSolutionsChecks(china.stack).validateScope(china.stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} ${resource.resourceLogicalId ?? resource.constructPath}`,
      ),
    );
    expect(findings).toEqual([]);
  });
});
