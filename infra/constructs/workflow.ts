import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { STATE_MACHINES_DIR } from '../project-paths';
import { ServiceFunction } from './lambda-function';
import type { NotificationsConstruct } from './notifications';

export interface WorkflowProps {
  table: Table;
  notifications: NotificationsConstruct;
  /** Base URL of the HTTP API, for the "how to file" line of escalation messages. */
  publicApiUrl: string;
  drillSpeed: string;
}

/** The ASL file, exactly as in the repo: CDK and the local runtime execute the same definition. */
export const INCIDENT_DEFINITION_FILE = join(STATE_MACHINES_DIR, 'incident.asl.json');

/**
 * The incident workflow: one Standard execution per incident (R-WRITTEN-30, R-LADDER), its
 * tasks as Lambda functions, logging every event to CloudWatch Logs with X-Ray tracing on.
 * The definition is loaded as a string, so the template, the assertions and cdk-nag see the
 * states; ARNs enter only through `definitionSubstitutions`, with the partition from `Aws.PARTITION`.
 */
export class WorkflowConstruct extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: Record<string, ServiceFunction> = {};

  public constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const substitutions: Record<string, string> = { LambdaInvoke: `arn:${Aws.PARTITION}:states:::lambda:invoke` };
    for (const task of WORKFLOW_TASKS) {
      const taskFunction = new ServiceFunction(this, `${task.substitution.replace(/FunctionArn$/, '')}Function`, {
        handlerFile: `workflow/${task.handlerFile}`,
        description: `Incident workflow task: ${task.handlerFile}`,
        timeout: Duration.seconds(30),
        environment: {
          TABLE_NAME: props.table.tableName,
          EMAIL_TOPIC_ARN: props.notifications.emailTopic.topicArn,
          PUBLIC_API_URL: props.publicApiUrl,
          DRILL_SPEED: props.drillSpeed,
        },
      });
      props.table.grantReadWriteData(taskFunction);
      if (task.sendsMessages) props.notifications.grantSend(taskFunction);
      substitutions[task.substitution] = taskFunction.functionArn;
      this.taskFunctions[task.handlerFile] = taskFunction;
    }

    this.stateMachine = new StateMachine(this, 'IncidentStateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      comment: 'Watches the deadlines of one incident and escalates (R-WRITTEN-30, R-LADDER)',
      definitionBody: DefinitionBody.fromString(readFileSync(INCIDENT_DEFINITION_FILE, 'utf8')),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'IncidentStateMachineLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        level: LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    // The definition is a string, so CDK cannot see which functions it calls: grant them here.
    for (const taskFunction of Object.values(this.taskFunctions)) taskFunction.grantInvoke(this.stateMachine);
  }
}
