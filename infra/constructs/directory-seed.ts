import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { ServiceFunction } from './lambda-function';
import type { NotificationsConstruct } from './notifications';
import { grantReadWriteKeepingEventsAppendOnly } from './store';

/**
 * Issue 15: the directory of units and contacts is data in the table. On the first deploy `units.json` seeds it
 * (each unit audited in its own chain); later deploys run the seed again, which leaves a seeded directory as it is.
 */
export class DirectorySeedConstruct extends Construct {
  public readonly seedFunction: ServiceFunction;

  public constructor(scope: Construct, id: string, props: { table: ITable; notifications: NotificationsConstruct }) {
    super(scope, id);
    this.seedFunction = new ServiceFunction(this, 'SeedDirectoryFunction', {
      handlerFile: 'workflow/seed-directory',
      description: 'Issue 15: seeds an empty directory of units and contacts from units.json (once)',
      timeout: Duration.minutes(2),
      // …and subscribes the directory's addresses to the e-mail topic (issue 15 item 2).
      environment: { TABLE_NAME: props.table.tableName, EMAIL_TOPIC_ARN: props.notifications.emailTopic.topicArn },
    });
    grantReadWriteKeepingEventsAppendOnly(props.table, this.seedFunction);
    props.notifications.grantManageEmailSubscriptions(this.seedFunction);
    new Trigger(this, 'SeedDirectoryAfterDeploy', {
      handler: this.seedFunction,
      executeAfter: [props.table, props.notifications.emailTopic],
      executeOnHandlerChange: true,
    });
  }
}
