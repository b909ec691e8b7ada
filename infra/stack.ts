import { CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AcknowledgementsConstruct } from './constructs/acknowledgements';
import { AuditAnchorsConstruct } from './constructs/audit-anchors';
import { AttachmentsConstruct } from './constructs/attachments';
import { DirectorySeedConstruct } from './constructs/directory-seed';
import { defaultPolicy } from '../functions/domain/policy';
import { ApiConstruct } from './constructs/api';
import { ConsoleSiteConstruct } from './constructs/console-site';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { IdentityConstruct } from './constructs/identity';
import { LAMBDA_TRACING_CONTEXT, ServiceFunction } from './constructs/lambda-function';
import { MonitoringConstruct } from './constructs/monitoring';
import { NotificationsConstruct } from './constructs/notifications';
import { IncidentStoreConstruct } from './constructs/store';
import { WorkflowConstruct } from './constructs/workflow';
import { acknowledgeNagFindings } from './nag-acknowledgements';

export interface IncidentReportingStackProps extends StackProps {
  /** Divides every deadline (drills only; default "1"). */
  drillSpeed?: string;
  /** Trust an existing OIDC issuer instead of creating a Cognito user pool (and sign the console in there). */
  oidc?: { issuer?: string; audience?: string; authorizeUrl?: string; tokenUrl?: string };
  /**
   * `aws` (default): the global regions. `aws-cn`: the China regions (Beijing, Ningxia), where
   * SNS sends no SMS and Cognito user pools and a plain CloudFront distribution are unavailable:
   * SMS go through the domestic gateway, sign-in trusts an OIDC issuer given as stack parameters,
   * and the console is hosted by the county (docs/deploy-china.md).
   */
  target?: 'aws' | 'aws-cn';
  /** SMS delivery in the global regions (`sns` default); `aws-cn` always uses `gateway`. */
  smsDelivery?: 'sns' | 'gateway';
  /** R-AUDIT: how long each chain anchor is locked (compliance mode), in days. Default 1825 (five years). */
  auditRetentionDays?: number;
}

/** The whole service: API → Lambda → DynamoDB → Step Functions executions per incident and per obligation → SNS. */
export class IncidentReportingStack extends Stack {
  public readonly api: ApiConstruct;
  public readonly store: IncidentStoreConstruct;
  /** Issue 15: seeds the directory table from `units.json`, once. */
  public readonly directorySeed: DirectorySeedConstruct;
  public readonly notifications: NotificationsConstruct;
  public readonly workflow: WorkflowConstruct;
  public readonly acknowledgements: AcknowledgementsConstruct;
  public readonly identity: IdentityConstruct;
  public readonly monitoring: MonitoringConstruct;
  public readonly auditAnchors: AuditAnchorsConstruct;
  /** R-INTAKE: the photos and videos from the scene. */
  public readonly attachments: AttachmentsConstruct;
  /** Absent in `aws-cn` (a CloudFront distribution there needs an ICP-recorded domain). */
  public readonly consoleSite?: ConsoleSiteConstruct;

  public constructor(scope: Construct, id: string, props: IncidentReportingStackProps = {}) {
    super(scope, id, props);
    const drillSpeed = props.drillSpeed ?? '1';
    const china = props.target === 'aws-cn';
    // Lambda's X-Ray integration is not available in the China regions (docs/deploy-china.md): trace there through Step
    // Functions only.
    this.node.setContext(LAMBDA_TRACING_CONTEXT, !china);
    this.store = new IncidentStoreConstruct(this, 'Store');
    this.notifications = new NotificationsConstruct(this, 'Notifications', {
      table: this.store.table,
      smsDelivery: china ? 'gateway' : (props.smsDelivery ?? 'sns'),
    });
    this.directorySeed = new DirectorySeedConstruct(this, 'DirectorySeed', {
      table: this.store.table,
      notifications: this.notifications,
    });
    this.acknowledgements = new AcknowledgementsConstruct(this, 'Acknowledgements', {
      table: this.store.table,
      topicKey: this.notifications.topicKey,
      operatorsTopic: this.notifications.operatorsTopic,
    });
    this.auditAnchors = new AuditAnchorsConstruct(this, 'AuditAnchors', {
      retentionDays: props.auditRetentionDays ?? 1825,
    });
    // In China the county hosts the console on its ICP-recorded domain: the API admits that origin.
    const consoleOrigin = china
      ? new CfnParameter(this, 'ConsoleOrigin', {
          type: 'String',
          description: 'The origin (https://…) of the duty console as the county hosts it (ICP-recorded domain)',
        }).valueAsString
      : undefined;
    this.consoleSite = china ? undefined : new ConsoleSiteConstruct(this, 'ConsoleSite');
    // Where the console is: its CloudFront distribution, or in China the county's own host (ConsoleOrigin).
    const consoleUrl = this.consoleSite?.url ?? `${consoleOrigin}/console/`;
    this.api = new ApiConstruct(this, 'Api', { consoleOrigin: consoleOrigin ?? this.consoleSite!.origin });
    this.attachments = new AttachmentsConstruct(this, 'Attachments', {
      consoleOrigin: consoleOrigin ?? this.consoleSite!.origin,
      retentionDays: defaultPolicy.attachments.retentionDays,
    });
    const signingKey = this.acknowledgements.signingKey;
    this.workflow = new WorkflowConstruct(this, 'Workflow', {
      table: this.store.table,
      notifications: this.notifications,
      publicApiUrl: this.api.url,
      consoleUrl,
      drillSpeed,
      signingKey,
      auditAnchors: this.auditAnchors,
    });
    // Cognito user pools are not available in the China regions: there the issuer is a parameter (OIDC).
    const oidc = china && !props.oidc?.issuer ? oidcParameters(this) : props.oidc;
    this.identity = new IdentityConstruct(this, 'Identity', {
      oidcIssuer: oidc?.issuer,
      oidcAudience: oidc?.audience,
      oidcAuthorizeUrl: oidc?.authorizeUrl,
      oidcTokenUrl: oidc?.tokenUrl,
      consoleUrl,
    });
    this.api.addRoutes({
      table: this.store.table,
      consoleUrl,
      stateMachines: this.workflow.stateMachines,
      drillSpeed,
      signingKey,
      authorizer: this.identity.authorizer,
      notifications: this.notifications,
      auditAnchors: this.auditAnchors,
      attachments: this.attachments,
    });
    const consoleConfig = {
      apiUrl: this.api.url,
      auth: { mode: 'oauth' as const, ...this.identity.consoleSignIn },
      workflow: {
        mode: 'aws' as const,
        region: this.region,
        incidentStateMachineArn: this.workflow.stateMachines.incident.stateMachineArn,
        obligationStateMachineArn: this.workflow.stateMachines.obligation.stateMachineArn,
      },
    };
    if (this.consoleSite) {
      this.consoleSite.publish(consoleConfig);
      // The API reference (/docs) beside the console, reading GET /openapi.json from the API.
      this.consoleSite.publishApiDocs(this.api.url);
    } else
      new CfnOutput(this, 'ConsoleConfigJson', {
        value: Stack.of(this).toJsonString(consoleConfig),
        description: 'Save as console/dist/config.json where the county hosts the console (npm run build:console)',
      });
    this.monitoring = new MonitoringConstruct(this, 'Monitoring', {
      httpApi: this.api.httpApi,
      smsThroughSns: this.notifications.smsDelivery === 'sns',
      operatorsTopic: this.notifications.operatorsTopic,
      stateMachines: Object.values(this.workflow.stateMachines),
      functions: this.node
        .findAll()
        .filter((construct): construct is ServiceFunction => construct instanceof ServiceFunction),
      deadLetterQueues: this.node.findAll().filter((construct): construct is Queue => construct instanceof Queue),
    });
    acknowledgeNagFindings(this);

    if (this.consoleSite)
      new CfnOutput(this, 'ConsoleUrl', {
        value: this.consoleSite.url,
        description: 'The duty-office console (sign in with a user of the pool)',
      });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch dashboard: incidents, deadlines, escalations, executions, API',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the reporting API' });
    new CfnOutput(this, 'IncidentStateMachineArn', {
      value: this.workflow.stateMachines.incident.stateMachineArn,
      description: 'One execution per incident, named after the incident ID',
    });
    new CfnOutput(this, 'ObligationStateMachineArn', {
      value: this.workflow.stateMachines.obligation.stateMachineArn,
      description: 'One execution per obligation, named <incidentId>_<obligationId>',
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.acknowledgements.inboundSmsTopic.topicArn,
      description: 'Set as the two-way SMS destination of the origination number',
    });
    new CfnOutput(this, 'EscalationEmailTopicArn', {
      value: this.notifications.emailTopic.topicArn,
      description: 'E-mail escalations; subscriptions filter on contactId',
    });
    if (this.identity.userPool && this.identity.userPoolClient) {
      new CfnOutput(this, 'UserPoolId', {
        value: this.identity.userPool.userPoolId,
        description: 'Create users here with custom:role (and custom:unitId for reporters)',
      });
      new CfnOutput(this, 'UserPoolClientId', {
        value: this.identity.userPoolClient.userPoolClientId,
        description: 'Sign in with this client; send the ID token as Bearer',
      });
    }
    new CfnOutput(this, 'AuditAnchorBucket', {
      value: this.auditAnchors.bucket.bucketName,
      description: 'R-AUDIT: chain anchors under Object Lock (compliance mode); list with ListObjectVersions',
    });
    new CfnOutput(this, 'AttachmentBucket', {
      value: this.attachments.bucket.bucketName,
      description: 'R-INTAKE: photos and videos from the scene (private, SSE-S3, TLS only; presigned URLs only)',
    });
    new CfnOutput(this, 'OperatorsAlarmTopicArn', {
      value: this.monitoring.operatorsTopic.topicArn,
      description: 'Subscribe the operators here',
    });
  }
}

/** The OIDC issuer as stack parameters (China regions, where Cognito user pools are not available). */
function oidcParameters(stack: Stack): { issuer: string; audience: string; authorizeUrl: string; tokenUrl: string } {
  const parameter = (id: string, description: string) =>
    new CfnParameter(stack, id, { type: 'String', description }).valueAsString;
  return {
    issuer: parameter('OidcIssuer', 'The OIDC issuer whose ID tokens carry custom:role and custom:unitId'),
    audience: parameter('OidcAudience', 'The client ID those tokens are issued to (the console signs in with it)'),
    authorizeUrl: parameter('OidcAuthorizeUrl', "The issuer's authorization endpoint"),
    tokenUrl: parameter('OidcTokenUrl', "The issuer's token endpoint"),
  };
}
