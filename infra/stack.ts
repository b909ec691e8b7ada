import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { defaultDirectory, type Directory } from '../functions/domain/directory';
import { ApiConstruct } from './constructs/api';
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
}

/** The whole service: API → Lambda → DynamoDB → one Step Functions execution per incident → SNS. */
export class IncidentReportingStack extends Stack {
  public readonly api: ApiConstruct;
  public readonly store: IncidentStoreConstruct;
  public readonly notifications: NotificationsConstruct;
  public readonly workflow: WorkflowConstruct;
  public readonly monitoring: MonitoringConstruct;

  public constructor(scope: Construct, id: string, props: IncidentReportingStackProps = {}) {
    super(scope, id, props);
    const drillSpeed = props.drillSpeed ?? '1';
    this.store = new IncidentStoreConstruct(this, 'Store');
    this.notifications = new NotificationsConstruct(this, 'Notifications', { directory: props.directory ?? defaultDirectory });
    this.api = new ApiConstruct(this, 'Api');
    this.workflow = new WorkflowConstruct(this, 'Workflow', { table: this.store.table, notifications: this.notifications, publicApiUrl: this.api.url, drillSpeed });
    this.api.addRoutes({ table: this.store.table, stateMachine: this.workflow.stateMachine, drillSpeed });
    this.monitoring = new MonitoringConstruct(this, 'Monitoring', {
      stateMachine: this.workflow.stateMachine,
      escalationFunction: this.workflow.taskFunctions['escalate-obligation'],
    });
    acknowledgeNagFindings(this);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the reporting API' });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn, description: 'Incident workflow (executions are named after incident IDs)' });
    new CfnOutput(this, 'EscalationEmailTopicArn', { value: this.notifications.emailTopic.topicArn, description: 'E-mail escalations; subscriptions filter on contactId' });
    new CfnOutput(this, 'OperatorsAlarmTopicArn', { value: this.monitoring.operatorsTopic.topicArn, description: 'Subscribe the operators here' });
  }
}
