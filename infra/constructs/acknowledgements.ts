import { RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { grantReadWriteKeepingEventsAppendOnly } from './store';
import { deadLetterQueue, ServiceFunction } from './lambda-function';

export interface AcknowledgementsProps {
  table: Table;
  /** Two-way SMS (End User Messaging) publishes replies under this customer-managed key. */
  topicKey: IKey;
  /** Told when a number replies guessed codes (R-LADDER). */
  operatorsTopic: ITopic;
}

/**
 * R-LADDER acknowledgements: the key that signs the links in escalation messages (generated
 * by Secrets Manager at deploy time, never in the repo), and the two-way SMS path — replies
 * arrive on the inbound topic (set it as the two-way SMS destination of the origination number
 * in AWS End User Messaging SMS) and the `sms-inbound` function records them.
 */
export class AcknowledgementsConstruct extends Construct {
  public readonly signingKey: Secret;
  public readonly inboundSmsTopic: Topic;
  public readonly smsInboundFunction: ServiceFunction;

  public constructor(scope: Construct, id: string, props: AcknowledgementsProps) {
    super(scope, id);
    this.signingKey = new Secret(this, 'AcknowledgementLinkSigningKey', {
      description: 'Signs the acknowledgement links in escalation messages (R-LADDER)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.inboundSmsTopic = new Topic(this, 'InboundSmsTopic', {
      displayName: '短信回复 Inbound SMS replies',
      enforceSSL: true,
      masterKey: props.topicKey,
    });
    const deadLetters = deadLetterQueue(this, 'InboundSmsDeadLetters');
    this.smsInboundFunction = new ServiceFunction(this, 'SmsInboundFunction', {
      handlerFile: 'events/sms-inbound',
      description: 'Records acknowledgement codes replied by SMS (R-LADDER)',
      environment: { TABLE_NAME: props.table.tableName, OPERATORS_TOPIC_ARN: props.operatorsTopic.topicArn },
      // A reply the function could not record after Lambda's retries is kept, not lost.
      deadLetterQueue: deadLetters,
    });
    grantReadWriteKeepingEventsAppendOnly(props.table, this.smsInboundFunction);
    props.operatorsTopic.grantPublish(this.smsInboundFunction);
    this.inboundSmsTopic.addSubscription(
      new LambdaSubscription(this.smsInboundFunction, { deadLetterQueue: deadLetters }),
    );
  }
}
