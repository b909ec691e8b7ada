import { readFileSync } from 'node:fs';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { grantReadWriteKeepingEventsAppendOnly } from './store';
import { SCHEDULED_TASKS, WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { STATE_MACHINE_NAMES, STATE_MACHINES, type StateMachineName } from '../state-machines';
import { deadLetterQueue, ServiceFunction } from './lambda-function';
import type { NotificationsConstruct } from './notifications';
import type { AuditAnchorsConstruct } from './audit-anchors';

export interface WorkflowProps {
  table: Table;
  notifications: NotificationsConstruct;
  /** Base URL of the HTTP API, for the signed acknowledgement links of escalation messages. */
  publicApiUrl: string;
  /**
   * The console's URL (`…/console/`): every message links the obligation's or the incident's page there (issue 14 item
   * 6) instead of telling the unit how to call the API.
   */
  consoleUrl: string;
  drillSpeed: string;
  /** Signs the acknowledgement links of escalation messages. */
  signingKey: ISecret;
  /** R-AUDIT: where the anchoring run writes chain anchors. */
  auditAnchors: AuditAnchorsConstruct;
}

/**
 * The deadline watches: two Standard state machines (see `statemachines/README.md`) — one
 * execution per incident and one per obligation — their tasks as Lambda functions, every event
 * logged to CloudWatch Logs, X-Ray on. Each definition is loaded as a string, exactly as in the
 * repo, so the template, the assertions and cdk-nag see the states; ARNs enter only through
 * `definitionSubstitutions`, with the partition from `Aws.PARTITION`.
 *
 * The state machines are named after the stack, so a task can be told their ARNs before they
 * exist (the follow-up task starts obligation executions from inside the incident machine).
 */
export class WorkflowConstruct extends Construct {
  public readonly stateMachines = {} as Record<StateMachineName, StateMachine>;
  public readonly stateMachineArns = {} as Record<StateMachineName, string>;
  public readonly taskFunctions: Record<string, ServiceFunction> = {};
  public readonly scheduledFunctions: Record<string, ServiceFunction> = {};

  public constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const stateMachineNames = Object.fromEntries(
      STATE_MACHINE_NAMES.map((name) => [name, `${stack.stackName}-${name}`]),
    ) as Record<StateMachineName, string>;
    for (const name of STATE_MACHINE_NAMES) {
      this.stateMachineArns[name] = stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineNames[name],
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    }
    const substitutions: Record<string, string> = { LambdaInvoke: `arn:${Aws.PARTITION}:states:::lambda:invoke` };
    for (const task of WORKFLOW_TASKS) {
      const taskFunction = new ServiceFunction(this, `${task.substitution.replace(/FunctionArn$/, '')}Function`, {
        handlerFile: `workflow/${task.handlerFile}`,
        description: `Incident workflow task: ${task.handlerFile}`,
        timeout: Duration.seconds(30),
        environment: {
          TABLE_NAME: props.table.tableName,
          ...props.notifications.sendingEnvironment(),
          PUBLIC_API_URL: props.publicApiUrl,
          CONSOLE_URL: props.consoleUrl,
          DRILL_SPEED: props.drillSpeed,
          ...(task.startsExecutions
            ? {
                INCIDENT_STATE_MACHINE_ARN: this.stateMachineArns.incident,
                OBLIGATION_STATE_MACHINE_ARN: this.stateMachineArns.obligation,
              }
            : {}),
          ...(task.signsLinks ? { ACK_SIGNING_KEY_SECRET_ARN: props.signingKey.secretArn } : {}),
          ...(task.raisesAlarms ? { OPERATORS_TOPIC_ARN: props.notifications.operatorsTopic.topicArn } : {}),
        },
      });
      grantReadWriteKeepingEventsAppendOnly(props.table, taskFunction);
      if (task.sendsMessages) props.notifications.grantSend(taskFunction);
      if (task.signsLinks) props.signingKey.grantRead(taskFunction);
      if (task.raisesAlarms) props.notifications.operatorsTopic.grantPublish(taskFunction);
      substitutions[task.substitution] = taskFunction.functionArn;
      this.taskFunctions[task.handlerFile] = taskFunction;
    }

    for (const name of STATE_MACHINE_NAMES) {
      const template = readFileSync(STATE_MACHINES[name].file, 'utf8');
      const stateMachine = new StateMachine(this, `${name[0].toUpperCase()}${name.slice(1)}StateMachine`, {
        stateMachineName: stateMachineNames[name],
        stateMachineType: StateMachineType.STANDARD,
        comment: STATE_MACHINES[name].description,
        definitionBody: DefinitionBody.fromString(template),
        // Only the placeholders this definition uses, so each machine's template lists just its own tasks.
        definitionSubstitutions: Object.fromEntries(
          Object.entries(substitutions).filter(([placeholder]) => template.includes('${' + placeholder + '}')),
        ),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${name}StateMachineLogs`, {
            retention: RetentionDays.ONE_YEAR,
            removalPolicy: RemovalPolicy.RETAIN,
          }),
          level: LogLevel.ALL,
          includeExecutionData: true,
        },
      });
      // The definition is a string, so CDK cannot see which functions it calls: grant exactly those.
      for (const task of WORKFLOW_TASKS) {
        if (template.includes('${' + task.substitution + '}'))
          this.taskFunctions[task.handlerFile].grantInvoke(stateMachine);
      }
      this.stateMachines[name] = stateMachine;
    }
    for (const task of WORKFLOW_TASKS) {
      if (task.startsExecutions)
        this.stateMachines.obligation.grantStartExecution(this.taskFunctions[task.handlerFile]);
    }

    // On a schedule: the merged SMS digests (no phone gets a flood), the sweep of unwatched deadlines.
    for (const task of SCHEDULED_TASKS) {
      const pascal = task.handlerFile.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
      const deadLetters = deadLetterQueue(this, `${pascal}DeadLetters`);
      const scheduled = new ServiceFunction(this, `${pascal}Function`, {
        deadLetterQueue: deadLetters,
        handlerFile: `workflow/${task.handlerFile}`,
        description: task.description,
        timeout: Duration.seconds(60),
        environment: {
          TABLE_NAME: props.table.tableName,
          DRILL_SPEED: props.drillSpeed,
          ...(task.sendsMessages ? props.notifications.sendingEnvironment() : {}),
          ...(task.startsExecutions
            ? {
                INCIDENT_STATE_MACHINE_ARN: this.stateMachineArns.incident,
                OBLIGATION_STATE_MACHINE_ARN: this.stateMachineArns.obligation,
              }
            : {}),
          ...(task.raisesAlarms ? { OPERATORS_TOPIC_ARN: props.notifications.operatorsTopic.topicArn } : {}),
          ...(task.anchorsAudit ? { AUDIT_ANCHOR_BUCKET: props.auditAnchors.bucket.bucketName } : {}),
        },
      });
      grantReadWriteKeepingEventsAppendOnly(props.table, scheduled);
      if (task.anchorsAudit) props.auditAnchors.grantWrite(scheduled);
      if (task.sendsMessages) props.notifications.grantSend(scheduled);
      if (task.startsExecutions) this.stateMachines.obligation.grantStartExecution(scheduled);
      if (task.raisesAlarms) props.notifications.operatorsTopic.grantPublish(scheduled);
      new Rule(this, `${pascal}Schedule`, {
        schedule: Schedule.rate(Duration.minutes(task.everyMinutes)),
        targets: [new LambdaFunction(scheduled, { retryAttempts: 2, deadLetterQueue: deadLetters })],
      });
      this.scheduledFunctions[task.handlerFile] = scheduled;
    }
  }
}
