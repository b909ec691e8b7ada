import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  Color,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SERVICE_METRICS } from '../../functions/shared/metric-names';
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
  /** The reporting API, for the dashboard's 4xx/5xx and latency. */
  httpApi: HttpApi;
  /** SNS's SMS success rate means something only where SNS sends the SMS (not in the `gateway` mode). */
  smsThroughSns: boolean;
}

/**
 * Operators hear of a deadline watch that broke: a failed execution or an escalation task
 * that errors both raise an alarm on the operators' topic (subscribe to it after deploying).
 */
export class MonitoringConstruct extends Construct {
  public readonly operatorsTopic: Topic;
  public readonly dashboard: Dashboard;

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
        alarmWhenAny(
          `${stateMachine.node.id}ExecutionsFailedAlarm`,
          'A deadline-watch execution failed: a deadline may not be watched (R-LIFECYCLE, R-LADDER)',
          stateMachine.metricFailed({ period: Duration.minutes(1) }),
        ),
      ),
      ...props.functions.map((serviceFunction) =>
        alarmWhenAny(
          `${serviceFunction.node.id}ErrorsAlarm`,
          `Function ${serviceFunction.node.id} is failing: reports may be refused, or reminders, escalations and notifications may not be going out`,
          serviceFunction.metricErrors({ period: Duration.minutes(1) }),
        ),
      ),
      ...props.deadLetterQueues.map((queue) =>
        alarmWhenAny(
          `${queue.node.id}Alarm`,
          `${queue.node.id} holds a message: an asynchronous event (SMS reply, delivery status, digest run) was not processed`,
          queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        ),
      ),
      // SNS's own measure of SMS reaching phones (delivery-status logging must be on: see the notifications construct).
      ...(props.smsThroughSns
        ? [
            new Alarm(this, 'SmsDeliveryFailuresAlarm', {
              alarmDescription:
                'Fewer than 90% of SMS reached their phones in 15 minutes: escalations may not be arriving (R-LADDER)',
              metric: new Metric({
                namespace: 'AWS/SNS',
                metricName: 'SMSSuccessRate',
                statistic: 'Average',
                period: Duration.minutes(15),
              }),
              threshold: 0.9,
              evaluationPeriods: 1,
              comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
              treatMissingData: TreatMissingData.NOT_BREACHING,
            }),
          ]
        : []),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);
    this.dashboard = this.buildDashboard(props, alarms);
  }

  /**
   * The operators' one page (R-LIFECYCLE, R-LADDER, R-EVAL at a glance): incidents opened,
   * deadlines met / late / missed, escalations sent and failed (the functions' own metrics,
   * Powertools EMF), failed executions, the API's errors and latency, and every alarm.
   */
  private buildDashboard(props: MonitoringProps, alarms: Alarm[]): Dashboard {
    const period = Duration.hours(1);
    const service = (metricName: string, label: string, color?: string) =>
      new Metric({
        namespace: SERVICE_METRICS.namespace,
        metricName,
        dimensionsMap: { service: SERVICE_METRICS.serviceName },
        statistic: 'Sum',
        period,
        label,
        color,
      });
    const names = SERVICE_METRICS.names;
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          "## 突发事件信息报送 · Incident reporting\nDeadlines per hour. A missed deadline is one that passed with nothing filed; escalation then starts (R-LADDER). Times on this page follow the dashboard's time-zone setting: choose **UTC+08:00** for Beijing time.",
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Incidents opened (first reports)',
        left: [service(names.incidentsOpened, 'incidents opened')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Deadlines: met / late / missed',
        left: [
          service(names.obligationsMet, 'met', Color.GREEN),
          service(names.obligationsLate, 'late', Color.ORANGE),
          service(names.obligationsMissed, 'missed (overdue)', Color.RED),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Escalation messages: sent / failed',
        left: [
          service(names.escalationsSent, 'sent', Color.BLUE),
          service(names.escalationsFailed, 'failed', Color.RED),
        ],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Executions failed',
        left: props.stateMachines.map((stateMachine) =>
          stateMachine.metricFailed({ period: Duration.minutes(5), label: stateMachine.node.id }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'API errors (4xx / 5xx)',
        left: [
          props.httpApi.metricClientError({ period: Duration.minutes(5), label: '4xx' }),
          props.httpApi.metricServerError({ period: Duration.minutes(5), label: '5xx', color: Color.RED }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          props.httpApi.metricLatency({ period: Duration.minutes(5), statistic: 'p50', label: 'p50' }),
          props.httpApi.metricLatency({ period: Duration.minutes(5), statistic: 'p99', label: 'p99' }),
        ],
        width: 8,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 }));
    return dashboard;
  }
}
