import type { SNSClient } from '@aws-sdk/client-sns';
import { publishToSns } from './sns-publish';
import { cutText } from '../domain/sms-templates';

/** Tells the operators that a deadline watch needs a person. */
export interface OperatorAlarms {
  raise(subject: string, message: string): Promise<void>;
}

/**
 * The operators' alarm topic (the same topic CloudWatch alarms publish to): subscribe the duty
 * office's operators to it after deploying.
 *
 * @example
 * ```ts
 * await new SnsOperatorAlarms(new SNSClient({}), process.env.OPERATORS_TOPIC_ARN!).raise('【系统告警】催报发送失败', '…');
 * ```
 */
export class SnsOperatorAlarms implements OperatorAlarms {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  public constructor(client: SNSClient, topicArn: string) {
    this.client = client;
    this.topicArn = topicArn;
  }

  public async raise(subject: string, message: string): Promise<void> {
    await publishToSns(this.client, {
      TopicArn: this.topicArn,
      Subject: cutText(subject, 100),
      Message: message,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'alarm' } },
    });
  }
}
