import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** The operators' alarm topic (from the notifications construct). */
  operatorsTopic: Topic;
  stateMachines: StateMachine[];
  /** Every function of the service: an error in any of them raises an alarm. */
  functions: IFunction[];
  /** Every dead-letter queue: a message in one is something that went undone. */
  deadLetterQueues: IQueue[];
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
      ...props.functions.map((serviceFunction) =>
        alarmWhenAny(`${serviceFunction.node.id}ErrorsAlarm`, `Function ${serviceFunction.node.id} is failing: reports may be refused, or reminders, escalations and notifications may not be going out`,
          serviceFunction.metricErrors({ period: Duration.minutes(1) }))),
      ...props.deadLetterQueues.map((queue) =>
        alarmWhenAny(`${queue.node.id}Alarm`, `${queue.node.id} holds a message: an asynchronous event (SMS reply, delivery status, digest run) was not processed`,
          queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }))),
      // SNS's own measure of SMS reaching phones (delivery-status logging must be on: see the notifications construct).
      new Alarm(this, 'SmsDeliveryFailuresAlarm', {
        alarmDescription: 'Fewer than 90% of SMS reached their phones in 15 minutes: escalations may not be arriving (R-LADDER)',
        metric: new Metric({ namespace: 'AWS/SNS', metricName: 'SMSSuccessRate', statistic: 'Average', period: Duration.minutes(15) }),
        threshold: 0.9,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);
  }
}
