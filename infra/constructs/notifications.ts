import { Alias } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { allContacts, type Directory } from '../../functions/domain/directory';

// RFC 2606 reserves these for examples: the shipped directory's placeholders are not subscribed.
const PLACEHOLDER_EMAIL = /@example\.(org|com|net)$/i;

export interface NotificationsProps {
  directory: Directory;
}

/**
 * SNS for escalations (R-LADDER). SMS is published straight to phone numbers; e-mail goes
 * through one topic, with one subscription per directory contact filtered on `contactId`
 * (each owner confirms the subscription from the mail SNS sends them).
 */
export class NotificationsConstruct extends Construct {
  public readonly emailTopic: Topic;
  /** Where alarms go, from CloudWatch and from a deadline watch that gave up: subscribe the operators. */
  public readonly operatorsTopic: Topic;

  public constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.emailTopic = new Topic(this, 'EscalationEmailTopic', {
      displayName: '应急信息报告催报 Incident reporting escalations',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    this.operatorsTopic = new Topic(this, 'OperatorsAlarmTopic', {
      displayName: '应急信息报告系统告警 Incident reporting alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'OperatorsSnsManagedKey', 'alias/aws/sns'),
    });
    for (const contact of allContacts(props.directory)) {
      if (!contact.email || PLACEHOLDER_EMAIL.test(contact.email)) continue;
      this.emailTopic.addSubscription(
        new EmailSubscription(contact.email, { filterPolicy: { contactId: SubscriptionFilter.stringFilter({ allowlist: [contact.contactId] }) } }),
      );
    }
  }

  /** Lets a function send escalation SMS and publish to the e-mail topic. */
  public grantSend(grantee: IGrantable): void {
    this.emailTopic.grantPublish(grantee);
    // An SMS publish to a phone number has no resource ARN: IAM only accepts "*" here.
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  }
}
