import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { defaultDirectory, type Directory } from '../functions/domain/directory';
import { AcknowledgementsConstruct } from './constructs/acknowledgements';
import { ApiConstruct } from './constructs/api';
import { ConsoleSiteConstruct } from './constructs/console-site';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { IdentityConstruct } from './constructs/identity';
import { ServiceFunction } from './constructs/lambda-function';
import { MonitoringConstruct } from './constructs/monitoring';
import { NotificationsConstruct } from './constructs/notifications';
import { IncidentStoreConstruct } from './constructs/store';
import { WorkflowConstruct } from './constructs/workflow';
import { acknowledgeNagFindings } from './nag-acknowledgements';

export interface IncidentReportingStackProps extends StackProps {
  /** Units and contacts; e-mail subscriptions are made from it. Default: `functions/config/units.json`. */
  directory?: Directory;
  /** Divides every deadline (drills only; default "1"). */
  drillSpeed?: string;
  /** Trust an existing OIDC issuer instead of creating a Cognito user pool (and sign the console in there). */
  oidc?: { issuer?: string; audience?: string; authorizeUrl?: string; tokenUrl?: string };
}

/** The whole service: API → Lambda → DynamoDB → Step Functions executions per incident and per obligation → SNS. */
export class IncidentReportingStack extends Stack {
  public readonly api: ApiConstruct;
  public readonly store: IncidentStoreConstruct;
  public readonly notifications: NotificationsConstruct;
  public readonly workflow: WorkflowConstruct;
  public readonly acknowledgements: AcknowledgementsConstruct;
  public readonly identity: IdentityConstruct;
  public readonly monitoring: MonitoringConstruct;
  public readonly consoleSite: ConsoleSiteConstruct;

  public constructor(scope: Construct, id: string, props: IncidentReportingStackProps = {}) {
    super(scope, id, props);
    const drillSpeed = props.drillSpeed ?? '1';
    this.store = new IncidentStoreConstruct(this, 'Store');
    this.notifications = new NotificationsConstruct(this, 'Notifications', { directory: props.directory ?? defaultDirectory, table: this.store.table });
    this.acknowledgements = new AcknowledgementsConstruct(this, 'Acknowledgements', { table: this.store.table, topicKey: this.notifications.topicKey });
    this.consoleSite = new ConsoleSiteConstruct(this, 'ConsoleSite');
    this.api = new ApiConstruct(this, 'Api', { consoleOrigin: this.consoleSite.origin });
    const signingKey = this.acknowledgements.signingKey;
    this.workflow = new WorkflowConstruct(this, 'Workflow', { table: this.store.table, notifications: this.notifications, publicApiUrl: this.api.url, drillSpeed, signingKey });
    this.identity = new IdentityConstruct(this, 'Identity', {
      oidcIssuer: props.oidc?.issuer, oidcAudience: props.oidc?.audience, oidcAuthorizeUrl: props.oidc?.authorizeUrl, oidcTokenUrl: props.oidc?.tokenUrl,
      consoleUrl: this.consoleSite.url,
    });
    this.api.addRoutes({ table: this.store.table, stateMachines: this.workflow.stateMachines, drillSpeed, signingKey, authorizer: this.identity.authorizer, notifications: this.notifications });
    this.consoleSite.publish({
      apiUrl: this.api.url,
      auth: { mode: 'oauth', ...this.identity.consoleSignIn },
      workflow: {
        mode: 'aws', region: this.region,
        incidentStateMachineArn: this.workflow.stateMachines.incident.stateMachineArn, obligationStateMachineArn: this.workflow.stateMachines.obligation.stateMachineArn,
      },
    });
    this.monitoring = new MonitoringConstruct(this, 'Monitoring', {
      httpApi: this.api.httpApi,
      operatorsTopic: this.notifications.operatorsTopic,
      stateMachines: Object.values(this.workflow.stateMachines),
      functions: this.node.findAll().filter((construct): construct is ServiceFunction => construct instanceof ServiceFunction),
      deadLetterQueues: this.node.findAll().filter((construct): construct is Queue => construct instanceof Queue),
    });
    acknowledgeNagFindings(this);

    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleSite.url, description: 'The duty-office console (sign in with a user of the pool)' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard: incidents, deadlines, escalations, executions, API' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the reporting API' });
    new CfnOutput(this, 'IncidentStateMachineArn', { value: this.workflow.stateMachines.incident.stateMachineArn, description: 'One execution per incident, named after the incident ID' });
    new CfnOutput(this, 'ObligationStateMachineArn', { value: this.workflow.stateMachines.obligation.stateMachineArn, description: 'One execution per obligation, named <incidentId>_<obligationId>' });
    new CfnOutput(this, 'InboundSmsTopicArn', { value: this.acknowledgements.inboundSmsTopic.topicArn, description: 'Set as the two-way SMS destination of the origination number' });
    new CfnOutput(this, 'EscalationEmailTopicArn', { value: this.notifications.emailTopic.topicArn, description: 'E-mail escalations; subscriptions filter on contactId' });
    if (this.identity.userPool && this.identity.userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId, description: 'Create users here with custom:role (and custom:unitId for reporters)' });
      new CfnOutput(this, 'UserPoolClientId', { value: this.identity.userPoolClient.userPoolClientId, description: 'Sign in with this client; send the ID token as Bearer' });
    }
    new CfnOutput(this, 'OperatorsAlarmTopicArn', { value: this.monitoring.operatorsTopic.topicArn, description: 'Subscribe the operators here' });
  }
}
