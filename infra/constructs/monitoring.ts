import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** The operators' alarm topic (from the notifications construct). */
  operatorsTopic: Topic;
  stateMachines: StateMachine[];
  /** The tasks that send SMS and e-mail. */
  messageFunctions: IFunction[];
}

/**
 * Operators hear of a deadline watch that broke: a failed execution or an escalation task
 * that errors both raise an alarm on the operators' topic (subscribe to it after deploying).
 */
export class MonitoringConstruct extends Construct {
  public readonly operatorsTopic: Topic;

  public constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.operatorsTopic = props.operatorsTopic;
    const alarmAction = new SnsAction(this.operatorsTopic);
    const alarmWhenAny = (id: string, alarmDescription: string, metric: IMetric) =>
      new Alarm(this, id, {
        alarmDescription,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    const alarms = [
      ...props.stateMachines.map((stateMachine) =>
        alarmWhenAny(`${stateMachine.node.id}ExecutionsFailedAlarm`, 'A deadline-watch execution failed: a deadline may not be watched (R-LIFECYCLE, R-LADDER)',
          stateMachine.metricFailed({ period: Duration.minutes(1) }))),
      ...props.messageFunctions.map((messageFunction) =>
        alarmWhenAny(`${messageFunction.node.id}ErrorsAlarm`, 'A task that sends SMS and e-mail is failing: reminders, escalations or notifications may not be going out (R-LADDER)',
          messageFunction.metricErrors({ period: Duration.minutes(1) }))),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);
  }
}
