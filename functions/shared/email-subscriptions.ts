import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Directory } from '../domain/directory';
import {
  subscriptionPlan,
  wantedSubscriptions,
  type SubscriptionPlan,
  type TopicSubscription,
} from '../domain/email-subscriptions';
import { MessageNotPublishedError } from '../domain/errors';
import { sdkErrorText } from './sdk-errors';

/** The e-mail topic's subscriptions, as SNS keeps them (issue 15 item 2). */
export interface EmailSubscriptions {
  list(): Promise<TopicSubscription[]>;
  subscribe(endpoint: string, contactIds: string[]): Promise<void>;
  refilter(subscriptionArn: string, contactIds: string[]): Promise<void>;
  unsubscribe(subscriptionArn: string): Promise<void>;
}

const filterPolicy = (contactIds: string[]) => JSON.stringify({ contactId: contactIds });

/** The e-mail topic's subscriptions through the SNS API. */
export class SnsEmailSubscriptions implements EmailSubscriptions {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  public constructor(client: SNSClient, topicArn: string) {
    this.client = client;
    this.topicArn = topicArn;
  }

  public async list(): Promise<TopicSubscription[]> {
    const listed: TopicSubscription[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.send('ListSubscriptionsByTopic', () =>
        this.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: this.topicArn, NextToken: nextToken })),
      );
      for (const subscription of page.Subscriptions ?? []) {
        if (subscription.Protocol !== 'email' || !subscription.Endpoint) continue;
        const arn = subscription.SubscriptionArn?.startsWith('arn:') ? subscription.SubscriptionArn : undefined;
        listed.push({ endpoint: subscription.Endpoint, ...(arn ? { subscriptionArn: arn } : {}) });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    // A confirmed subscription's filter names the contacts it carries.
    for (const subscription of listed) {
      if (!subscription.subscriptionArn) continue;
      const { Attributes } = await this.send('GetSubscriptionAttributes', () =>
        this.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.subscriptionArn })),
      );
      const policy = JSON.parse(Attributes?.FilterPolicy ?? '{}') as { contactId?: string[] };
      subscription.contactIds = policy.contactId ?? [];
    }
    return listed;
  }

  public async subscribe(endpoint: string, contactIds: string[]): Promise<void> {
    await this.send('Subscribe', () =>
      this.client.send(
        new SubscribeCommand({
          TopicArn: this.topicArn,
          Protocol: 'email',
          Endpoint: endpoint,
          Attributes: { FilterPolicy: filterPolicy(contactIds) },
          ReturnSubscriptionArn: true,
        }),
      ),
    );
  }

  public async refilter(subscriptionArn: string, contactIds: string[]): Promise<void> {
    await this.send('SetSubscriptionAttributes', () =>
      this.client.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: filterPolicy(contactIds),
        }),
      ),
    );
  }

  public async unsubscribe(subscriptionArn: string): Promise<void> {
    await this.send('Unsubscribe', () =>
      this.client.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })),
    );
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new MessageNotPublishedError(`SNS ${operation} on ${this.topicArn} failed: ${sdkErrorText(error)}`, {
        cause: error,
      });
    }
  }
}

/**
 * Issue 15 item 2: makes the e-mail topic hold exactly the directory's addresses, each filtered on the contacts that
 * use it. Safe to run again at any time; returns what it did.
 */
export async function syncEmailSubscriptions(
  subscriptions: EmailSubscriptions,
  directory: Directory,
  options: { includePlaceholders?: boolean } = {},
): Promise<SubscriptionPlan> {
  const plan = subscriptionPlan(wantedSubscriptions(directory, options), await subscriptions.list());
  for (const { endpoint, contactIds } of plan.subscribe) await subscriptions.subscribe(endpoint, contactIds);
  for (const { subscriptionArn, contactIds } of plan.refilter)
    await subscriptions.refilter(subscriptionArn, contactIds);
  for (const { subscriptionArn } of plan.unsubscribe) await subscriptions.unsubscribe(subscriptionArn);
  return plan;
}
