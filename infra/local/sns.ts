import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allContacts, type Directory } from '../../functions/domain/directory';
import { formatLocalTime } from '../../functions/domain/messages';

/** One message as delivered locally: what `GET /local/outbox` lists. */
export interface OutboxMessage {
  messageId: string;
  kind: string;
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  body: string;
  incidentId?: string;
  obligation?: string;
  step?: number;
  /** 0 for the ladder step itself, 1… for its repeats. */
  repeat?: number;
  sentAt: string;
}

interface PublishRequest {
  topicArn?: string;
  phoneNumber?: string;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
}

/** An e-mail subscription of the topic, with its filter policy on `contactId`. */
interface EmailSubscription {
  email: string;
  filterPolicy: Record<string, string[]>;
  /** Issue 15 item 2: as SNS names it; the local SNS confirms every subscription at once (no mail to click). */
  subscriptionArn: string;
}

class SnsApiError extends Error {
  public readonly code: string;
  public constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Reads the `MessageAttributes.entry.N.{Name,Value.StringValue}` pairs of an AWS Query request. */
function messageAttributesOf(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let index = 1; form.has(`MessageAttributes.entry.${index}.Name`); index += 1) {
    attributes[form.get(`MessageAttributes.entry.${index}.Name`)!] =
      form.get(`MessageAttributes.entry.${index}.Value.StringValue`) ?? '';
  }
  return attributes;
}

/**
 * Amazon SNS on 127.0.0.1 (the AWS Query protocol's `Publish`): SMS to a phone number, and
 * topic messages delivered to the e-mail subscriptions whose filter policy matches — one per
 * directory contact with an address, as the stack subscribes them. Every delivery is appended
 * to `outbox.jsonl` and printed to the console.
 */
export class LocalSns {
  private readonly outboxFile: string;
  private readonly emailTopicArn: string;
  private subscriptions: EmailSubscription[];
  private readonly print: (line: string) => void;
  private server?: Server;

  private readonly operatorsTopicArn: string;
  private readonly smsGateway?: {
    topicArn: string;
    deliver: (message: { messageId: string; message: string; attributes: Record<string, string> }) => void;
  };
  private readonly crashOnPublish?: number;
  private publishes = 0;

  /**
   * `crashOnPublish` is fault injection for the tests: the process exits on that publish (1-based),
   * before delivering it — a crash between "message claimed" and "message sent".
   */
  private readonly undeliverablePhones: Set<string>;
  private readonly onSmsDeliveryFailure?: (failure: { messageId: string; destination: string; at: Date }) => void;

  /** `undeliverablePhones`: SMS to these are accepted, then reported undelivered, as a carrier would. */
  public constructor(options: {
    outboxFile: string;
    emailTopicArn: string;
    operatorsTopicArn: string;
    /** Subscribed from the start (tests); otherwise the service subscribes the directory's addresses itself. */
    directory?: Directory;
    print: (line: string) => void;
    crashOnPublish?: number;
    undeliverablePhones?: string[];
    onSmsDeliveryFailure?: (failure: { messageId: string; destination: string; at: Date }) => void;
    /**
     * The `gateway` SMS mode: messages to this topic go to its subscriber (the SMS gateway sender), as SNS → Lambda.
     */
    smsGateway?: {
      topicArn: string;
      deliver: (message: { messageId: string; message: string; attributes: Record<string, string> }) => void;
    };
  }) {
    this.smsGateway = options.smsGateway;
    this.undeliverablePhones = new Set(options.undeliverablePhones ?? []);
    this.onSmsDeliveryFailure = options.onSmsDeliveryFailure;
    this.outboxFile = options.outboxFile;
    this.operatorsTopicArn = options.operatorsTopicArn;
    this.crashOnPublish = options.crashOnPublish;
    this.emailTopicArn = options.emailTopicArn;
    this.print = options.print;
    this.subscriptions = (options.directory ? allContacts(options.directory) : [])
      .filter((contact) => contact.email)
      .map((contact) => ({
        email: contact.email!,
        filterPolicy: { contactId: [contact.contactId] },
        subscriptionArn: `${options.emailTopicArn}:${randomUUID()}`,
      }));
  }

  /** Everything delivered so far, oldest first. */
  public outbox(): OutboxMessage[] {
    if (!existsSync(this.outboxFile)) return [];
    return readFileSync(this.outboxFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OutboxMessage);
  }

  public publish(request: PublishRequest): string {
    this.publishes += 1;
    if (this.publishes === this.crashOnPublish) {
      this.print(`Fault injection: crashing on publish ${this.publishes}, before it is delivered.`);
      process.exit(137);
    }
    const messageId = randomUUID();
    const sentAt = new Date().toISOString();
    const common = {
      messageId,
      kind: request.attributes.kind ?? 'notification',
      body: request.message,
      sentAt,
      incidentId: request.attributes.incidentId,
      obligation: request.attributes.obligation,
      step: request.attributes.escalationStep ? Number(request.attributes.escalationStep) : undefined,
      repeat: request.attributes.repeat ? Number(request.attributes.repeat) : undefined,
    };
    if (request.phoneNumber) {
      if (!/^\+[1-9]\d{6,14}$/.test(request.phoneNumber))
        throw new SnsApiError(
          'InvalidParameter',
          `Invalid parameter: PhoneNumber Reason: ${request.phoneNumber} is not valid to publish to`,
        );
      this.deliver({ ...common, channel: 'sms', to: request.phoneNumber });
      if (this.undeliverablePhones.has(request.phoneNumber)) {
        const destination = request.phoneNumber;
        // The carrier's verdict comes a little later, as SNS delivery-status logging would report it.
        setTimeout(() => this.onSmsDeliveryFailure?.({ messageId, destination, at: new Date() }), 200).unref();
      }
      return messageId;
    }
    if (this.smsGateway && request.topicArn === this.smsGateway.topicArn) {
      // Asynchronous, as SNS invokes its Lambda subscriber: the publisher gets its message ID at once.
      const deliver = this.smsGateway.deliver;
      setImmediate(() => deliver({ messageId, message: request.message, attributes: request.attributes }));
      return messageId;
    }
    if (request.topicArn === this.operatorsTopicArn) {
      this.deliver({ ...common, kind: 'alarm', channel: 'email', to: 'operators', subject: request.subject });
      return messageId;
    }
    if (request.topicArn !== this.emailTopicArn)
      throw new SnsApiError('NotFound', `Topic does not exist: ${request.topicArn}`);
    for (const subscription of this.subscriptions) {
      const matches = Object.entries(subscription.filterPolicy).every(([name, allowed]) =>
        allowed.includes(request.attributes[name]),
      );
      if (matches) this.deliver({ ...common, channel: 'email', to: subscription.email, subject: request.subject });
    }
    return messageId;
  }

  /** An SMS the (stand-in) domestic provider accepted, into the outbox like every delivered message. */
  public recordProviderSms(message: OutboxMessage): void {
    this.deliver(message);
  }

  private deliver(message: OutboxMessage): void {
    appendFileSync(this.outboxFile, `${JSON.stringify(message)}\n`);
    const about = [message.kind, message.incidentId, message.obligation, message.step && `step ${message.step}`]
      .filter(Boolean)
      .join(', ');
    this.print(
      `[outbox ${formatLocalTime(new Date(message.sentAt))}] ${message.channel.toUpperCase()} → ${message.to} (${about})\n  ${message.subject ? `${message.subject}\n  ` : ''}${message.body.split('\n')[0]}`,
    );
  }

  /** Serves the AWS Query protocol on 127.0.0.1; resolves to the endpoint URL. */
  public async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const requestId = randomUUID();
    const reply = (status: number, xml: string) => {
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(xml);
    };
    try {
      const action = form.get('Action');
      if (action !== 'Publish') {
        const result = this.manageSubscriptions(action ?? '', form);
        return reply(
          200,
          `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/">${result === undefined ? '' : `<${action}Result>${result}</${action}Result>`}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
        );
      }
      // A parameter given twice is a request the SDK garbled (a half-serialised one left behind by an earlier failure):
      // refuse it rather than deliver the wrong text.
      for (const name of ['Message', 'Subject', 'TopicArn', 'PhoneNumber']) {
        if (form.getAll(name).length > 1)
          throw new SnsApiError(
            'InvalidParameter',
            `Invalid parameter: ${name} appears ${form.getAll(name).length} times in one request`,
          );
      }
      const messageId = this.publish({
        topicArn: form.get('TopicArn') ?? undefined,
        phoneNumber: form.get('PhoneNumber') ?? undefined,
        subject: form.get('Subject') ?? undefined,
        message: form.get('Message') ?? '',
        attributes: messageAttributesOf(form),
      });
      reply(
        200,
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    } catch (error) {
      const code = error instanceof SnsApiError ? error.code : 'InternalError';
      reply(
        error instanceof SnsApiError ? 400 : 500,
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape((error as Error).message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  }

  /**
   * Issue 15 item 2: the subscription actions the service uses to keep the e-mail topic to the directory, answered as
   * SNS's Query API answers them (the inner XML of the result). Every subscription is confirmed at once.
   */
  private manageSubscriptions(action: string, form: URLSearchParams): string | undefined {
    const find = (arn: string | null) => {
      const found = this.subscriptions.find((subscription) => subscription.subscriptionArn === arn);
      if (!found) throw new SnsApiError('NotFound', `Subscription does not exist: ${arn}`);
      return found;
    };
    const policy = (text: string | null) => JSON.parse(text ?? '{}') as Record<string, string[]>;
    switch (action) {
      case 'Subscribe': {
        if (form.get('TopicArn') !== this.emailTopicArn || form.get('Protocol') !== 'email')
          throw new SnsApiError(
            'InvalidParameter',
            'The local SNS subscribes e-mail addresses to the e-mail topic only',
          );
        const email = form.get('Endpoint') ?? '';
        const attributes = Object.fromEntries(
          [...form.keys()]
            .filter((key) => /^Attributes\.entry\.\d+\.key$/.test(key))
            .map((key) => [form.get(key)!, form.get(key.replace(/key$/, 'value')) ?? '']),
        );
        const existing = this.subscriptions.find((subscription) => subscription.email === email);
        const subscription = existing ?? {
          email,
          filterPolicy: policy(attributes.FilterPolicy ?? null),
          subscriptionArn: `${this.emailTopicArn}:${randomUUID()}`,
        };
        if (!existing) this.subscriptions.push(subscription);
        return `<SubscriptionArn>${xmlEscape(subscription.subscriptionArn)}</SubscriptionArn>`;
      }
      case 'ListSubscriptionsByTopic':
        return `<Subscriptions>${this.subscriptions
          .map(
            (subscription) =>
              `<member><SubscriptionArn>${xmlEscape(subscription.subscriptionArn)}</SubscriptionArn><Owner>000000000000</Owner><Protocol>email</Protocol><Endpoint>${xmlEscape(subscription.email)}</Endpoint><TopicArn>${xmlEscape(this.emailTopicArn)}</TopicArn></member>`,
          )
          .join('')}</Subscriptions>`;
      case 'GetSubscriptionAttributes': {
        const subscription = find(form.get('SubscriptionArn'));
        return `<Attributes><entry><key>FilterPolicy</key><value>${xmlEscape(JSON.stringify(subscription.filterPolicy))}</value></entry><entry><key>Endpoint</key><value>${xmlEscape(subscription.email)}</value></entry></Attributes>`;
      }
      case 'SetSubscriptionAttributes': {
        const subscription = find(form.get('SubscriptionArn'));
        if (form.get('AttributeName') === 'FilterPolicy')
          subscription.filterPolicy = policy(form.get('AttributeValue'));
        return undefined;
      }
      case 'Unsubscribe': {
        const subscription = find(form.get('SubscriptionArn'));
        this.subscriptions = this.subscriptions.filter((other) => other !== subscription);
        return undefined;
      }
      default:
        throw new SnsApiError('InvalidAction', `The local SNS does not implement ${action}`);
    }
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
