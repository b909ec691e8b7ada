import { ArnFormat, Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, type CfnResource } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  FilterPattern,
  LogGroup,
  RetentionDays,
  SubscriptionFilter as LogSubscriptionFilter,
} from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import { deadLetterQueue, ServiceFunction } from './lambda-function';
import { grantReadWriteKeepingEventsAppendOnly } from './store';

export interface NotificationsProps {
  /** Where a failed SMS delivery is recorded. */
  table: ITable;
  /**
   * `sns`: SNS publishes each SMS (global regions). `gateway`: SMS go to a topic whose
   * subscriber sends them through a domestic provider (China regions, where SNS sends no SMS).
   */
  smsDelivery: 'sns' | 'gateway';
}

/**
 * SNS for escalations (R-LADDER). SMS is published straight to phone numbers; e-mail goes
 * through one topic, with one subscription per directory contact filtered on `contactId`
 * (each owner confirms the subscription from the mail SNS sends them).
 */
export class NotificationsConstruct extends Construct {
  public readonly emailTopic: Topic;
  /** Issue 15 item 2: the functions granted `grantManageEmailSubscriptions` (cdk-nag IAM5 is acknowledged there). */
  public readonly emailSubscriptionKeepers: IConstruct[] = [];
  /** Where alarms go, from CloudWatch and from a deadline watch that gave up: subscribe the operators. */
  public readonly operatorsTopic: Topic;
  /** The customer-managed key of the topics AWS services publish to. */
  public readonly topicKey: Key;
  /** `sns` mode: records SMS that SNS could not deliver. */
  public readonly smsDeliveryStatusFunction?: ServiceFunction;
  /** `gateway` mode: the topic SMS are published to, its sender, and the provider's AccessKey secret. */
  public readonly smsGatewayTopic?: Topic;
  public readonly smsGatewaySender?: ServiceFunction;
  public readonly smsProviderSecret?: Secret;
  public readonly smsDelivery: 'sns' | 'gateway';

  public constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.smsDelivery = props.smsDelivery;
    this.emailTopic = new Topic(this, 'EscalationEmailTopic', {
      displayName: '应急信息报告催报 Incident reporting escalations',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    // CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key: this one has its own key.
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the SNS topics that AWS services publish to (CloudWatch alarms, two-way SMS)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only on behalf of this account (the confused deputy): CloudWatch alarms of this account, and
    // AWS End User Messaging SMS resources of this account (as its two-way SMS guide writes the key policy).
    const stack = Stack.of(this);
    const onBehalfOf: Record<string, Record<string, unknown>> = {
      'cloudwatch.amazonaws.com': { StringEquals: { 'aws:SourceAccount': stack.account } },
      'sms-voice.amazonaws.com': {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'sms-voice',
            resource: '*',
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        },
      },
    };
    for (const [service, conditions] of Object.entries(onBehalfOf)) {
      this.topicKey.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions,
        }),
      );
    }
    this.operatorsTopic = new Topic(this, 'OperatorsAlarmTopic', {
      displayName: '应急信息报告系统告警 Incident reporting alarms',
      enforceSSL: true,
      masterKey: this.topicKey,
    });
    if (props.smsDelivery === 'sns') {
      this.smsDeliveryStatusFunction = this.logSmsDeliveryStatus(props.table);
    } else {
      ({
        topic: this.smsGatewayTopic,
        sender: this.smsGatewaySender,
        secret: this.smsProviderSecret,
      } = this.sendSmsThroughGateway(props.table));
    }
    // Issue 15 item 2: the e-mail subscriptions are not made here but by the service, from the directory as it is
    // (functions/shared/email-subscriptions.ts): after each change, and after each deploy by the directory's seed.
  }

  /**
   * SNS SMS delivery-status logging, on: SNS writes every failed SMS delivery to the log group
   * `sns/<region>/<account>/DirectPublishToPhoneNumber/Failure` (the account's SMS attributes
   * name the role it writes with), and a subscription filter streams those records to the
   * `sms-delivery-status` function, which marks the message on its incident (R-AUDIT).
   */
  private logSmsDeliveryStatus(table: ITable): ServiceFunction {
    const stack = Stack.of(this);
    const snsLogGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: 'sns/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const deliveryStatusRole = new Role(this, 'SmsDeliveryStatusRole', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com'),
      description: 'SNS writes SMS delivery status to CloudWatch Logs',
    });
    deliveryStatusRole.addToPolicy(
      new PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        resources: [snsLogGroups, `${snsLogGroups}:*`],
      }),
    );
    const smsAttributes = new AwsCustomResource(this, 'SmsAttributes', {
      onUpdate: {
        service: 'SNS',
        action: 'setSMSAttributes',
        parameters: {
          attributes: {
            DeliveryStatusIAMRole: deliveryStatusRole.roleArn,
            DeliveryStatusSuccessSamplingRate: '0',
            DefaultSMSType: 'Transactional',
          },
        },
        physicalResourceId: PhysicalResourceId.of('incident-reporting-sms-attributes'),
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetSMSAttributes acts on the account's SMS settings: it has no resource ARN.
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        new PolicyStatement({ actions: ['iam:PassRole'], resources: [deliveryStatusRole.roleArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    // SNS sends no SMS in the China regions (aws-cn): there the account's SMS attributes are left alone.
    const smsAvailable = new CfnCondition(this, 'SmsAvailableInThisPartition', {
      expression: Fn.conditionNot(Fn.conditionEquals(Aws.PARTITION, 'aws-cn')),
    });
    (smsAttributes.node.findChild('Resource').node.defaultChild as CfnResource).cfnOptions.condition = smsAvailable;
    const failures = new LogGroup(this, 'SmsDeliveryFailures', {
      logGroupName: `sns/${stack.region}/${stack.account}/DirectPublishToPhoneNumber/Failure`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const recorder = new ServiceFunction(this, 'SmsDeliveryStatusFunction', {
      handlerFile: 'events/sms-delivery-status',
      description: 'Records SMS that SNS could not deliver on their incidents',
      environment: { TABLE_NAME: table.tableName },
      // CloudWatch Logs invokes it asynchronously: a batch it could not record is kept.
      deadLetterQueue: deadLetterQueue(this, 'SmsDeliveryStatusDeadLetters'),
    });
    grantReadWriteKeepingEventsAppendOnly(table, recorder);
    new LogSubscriptionFilter(this, 'SmsDeliveryFailuresToRecorder', {
      logGroup: failures,
      destination: new LambdaDestination(recorder),
      filterPattern: FilterPattern.allEvents(),
    });
    return recorder;
  }

  /**
   * issue 7, `gateway` mode: SMS are published to a topic (encrypted with the topic key); its
   * subscriber sends each through the domestic provider (Alibaba Cloud SMS) with the AccessKey
   * pair kept in Secrets Manager — created here with a random placeholder; put the real pair in
   * it after deploying (docs/deploy-china.md). Messages the sender cannot take go to a DLQ.
   */
  private sendSmsThroughGateway(table: ITable): { topic: Topic; sender: ServiceFunction; secret: Secret } {
    const topic = new Topic(this, 'SmsGatewayTopic', {
      displayName: '应急信息短信网关 Incident reporting SMS gateway',
      enforceSSL: true,
      masterKey: this.topicKey,
    });
    const secret = new Secret(this, 'SmsProviderCredentials', {
      description:
        'Alibaba Cloud SMS AccessKey pair ({"accessKeyId","accessKeySecret"}) of a RAM user allowed dysms:SendSms only: replace after deploying',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ accessKeyId: 'SET-AFTER-DEPLOY' }),
        generateStringKey: 'accessKeySecret',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const sender = new ServiceFunction(this, 'SmsGatewaySenderFunction', {
      handlerFile: 'events/sms-gateway-sender',
      description: 'Sends each SMS through the domestic SMS provider; falls back to e-mail',
      // Waits for a throttled or unavailable provider before falling back (sms-gateway.json: 2 s, 10 s).
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: table.tableName,
        EMAIL_TOPIC_ARN: this.emailTopic.topicArn,
        SMS_PROVIDER_SECRET_ARN: secret.secretArn,
      },
      deadLetterQueue: deadLetterQueue(this, 'SmsGatewayDeadLetters'),
    });
    grantReadWriteKeepingEventsAppendOnly(table, sender);
    secret.grantRead(sender);
    this.emailTopic.grantPublish(sender);
    topic.addSubscription(
      new LambdaSubscription(sender, { deadLetterQueue: deadLetterQueue(this, 'SmsGatewaySubscriptionDeadLetters') }),
    );
    return { topic, sender, secret };
  }

  /** What every function that sends messages is told: where e-mail goes and how SMS leave. */
  public sendingEnvironment(): Record<string, string> {
    return {
      EMAIL_TOPIC_ARN: this.emailTopic.topicArn,
      SMS_DELIVERY: this.smsDelivery,
      ...(this.smsGatewayTopic ? { SMS_GATEWAY_TOPIC_ARN: this.smsGatewayTopic.topicArn } : {}),
    };
  }

  /**
   * Issue 15 item 2: lets a function keep the e-mail topic's subscriptions to the directory. Subscribing and listing
   * are granted on the topic; reading, re-filtering and removing a subscription take no resource in IAM (SNS defines
   * no resource type for them), so they are granted on `*` — the least-privilege test names each holder.
   */
  public grantManageEmailSubscriptions(grantee: IGrantable & IConstruct): void {
    this.emailSubscriptionKeepers.push(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sns:Subscribe', 'sns:ListSubscriptionsByTopic'],
        resources: [this.emailTopic.topicArn],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
        resources: ['*'],
      }),
    );
  }

  /** Lets a function send escalation SMS and publish to the e-mail topic. */
  public grantSend(grantee: IGrantable): void {
    this.emailTopic.grantPublish(grantee);
    if (this.smsGatewayTopic) {
      this.smsGatewayTopic.grantPublish(grantee);
      return;
    }
    grantee.grantPrincipal.addToPrincipalPolicy(smsToPhoneNumbersStatement());
  }
}

/**
 * sns:Publish to phone numbers, and to nothing else. A Publish with PhoneNumber names no ARN: IAM
 * evaluates it on the number itself ("not authorized to perform: SNS:Publish on resource: +86…"),
 * which no `arn:…` pattern matches (a grant on `arn:<partition>:sns:*:*:*` does not allow it), so
 * the grant cannot name a resource. Rather than Resource "*" — which would also allow publishing to
 * every topic and platform endpoint of every account — it allows everything that is *not* an SNS
 * ARN: topics and endpoints stay out, the stack's own topics are granted by their own statements
 * (`grantPublish`). test/infra/least-privilege.test.ts holds it to exactly this.
 */
export function smsToPhoneNumbersStatement(): PolicyStatement {
  return new PolicyStatement({
    sid: 'SmsToPhoneNumbersOnly',
    actions: ['sns:Publish'],
    notResources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
  });
}
