import type { MessageAttributeValue, SNSClient } from '@aws-sdk/client-sns';
import { publishToSns } from './sns-publish';
import type { Contact } from '../domain/directory';
import { UnpublishableMessageError } from '../domain/errors';
import type { TemplateSmsContent } from '../domain/sms-templates';

/** What the outbox and the delivery logs need to tie a message to its incident. */
export interface MessageContext {
  /** `digest`: one SMS merging several held back by the rate limit. */
  kind: 'escalation' | 'reminder' | 'notification' | 'digest';
  incidentId: string;
  obligationId?: string;
  escalationStep?: number;
  /** 0 for a ladder step itself, 1… for its repeats. */
  repeat?: number;
}

/** Sends escalation messages; returns the provider's message ID. */
export interface EscalationNotifier {
  /** `template`: the same SMS as a provider template, for the `gateway` mode (issue 7); SNS sends `text`. */
  sendSms(contact: Contact, text: string, context: MessageContext, template?: TemplateSmsContent): Promise<string>;
  sendEmail(contact: Contact, subject: string, text: string, context: MessageContext): Promise<string>;
}

function attributesOf(context: MessageContext): Record<string, MessageAttributeValue> {
  return {
    kind: { DataType: 'String', StringValue: context.kind },
    incidentId: { DataType: 'String', StringValue: context.incidentId },
    ...(context.obligationId ? { obligation: { DataType: 'String', StringValue: context.obligationId } } : {}),
    ...(context.escalationStep !== undefined
      ? { escalationStep: { DataType: 'Number', StringValue: String(context.escalationStep) } }
      : {}),
    ...(context.repeat !== undefined ? { repeat: { DataType: 'Number', StringValue: String(context.repeat) } } : {}),
  };
}

/**
 * Amazon SNS implementation (R-LADDER: "SMS and email go through Amazon SNS").
 * - SMS: published straight to the contact's E.164 number, as Transactional (highest reliability).
 * - E-mail: SNS cannot mail an address directly, so every message goes to one topic with a
 *   `contactId` attribute; each contact's e-mail subscription has a filter policy on it.
 *
 * @example
 * ```ts
 * const notifier = new SnsEscalationNotifier(new SNSClient({}), process.env.EMAIL_TOPIC_ARN!);
 * await notifier.sendSms(contact, '【应急信息报告】…', { kind: 'escalation', incidentId, obligationId, escalationStep: 1 });
 * ```
 */
export class SnsEscalationNotifier implements EscalationNotifier {
  protected readonly client: SNSClient;
  private readonly emailTopicArn: string;

  public constructor(client: SNSClient, emailTopicArn: string) {
    this.client = client;
    this.emailTopicArn = emailTopicArn;
  }

  public async sendSms(contact: Contact, text: string, context: MessageContext): Promise<string> {
    return publishToSns(this.client, {
      PhoneNumber: contact.phone,
      Message: text,
      MessageAttributes: {
        ...attributesOf(context),
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      },
    });
  }

  public async sendEmail(contact: Contact, subject: string, text: string, context: MessageContext): Promise<string> {
    return this.publishEmail(contact, subject, text, context);
  }

  protected async publishEmail(
    contact: Contact,
    subject: string,
    text: string,
    context: MessageContext,
  ): Promise<string> {
    return publishToSns(this.client, {
      TopicArn: this.emailTopicArn,
      Subject: subject,
      Message: text,
      MessageAttributes: {
        ...attributesOf(context),
        contactId: { DataType: 'String', StringValue: contact.contactId },
      },
    });
  }
}

/** What the SMS gateway topic carries: one SMS, as text and as template, with who it is for. */
export interface GatewaySmsRequest {
  contactId: string;
  phone: string;
  locale: Contact['locale'];
  text: string;
  template: TemplateSmsContent;
}

/**
 * R-LADDER, the `gateway` SMS mode (issue 7: the China regions, where SNS sends no SMS): each SMS is
 * published to the SMS gateway topic, whose subscriber (`functions/events/sms-gateway-sender`)
 * sends it through the domestic provider; e-mail goes through the e-mail topic as in `sns` mode.
 * The returned SNS message ID is what a later delivery failure is recorded under.
 */
export class GatewayEscalationNotifier extends SnsEscalationNotifier {
  private readonly smsTopicArn: string;

  public constructor(client: SNSClient, emailTopicArn: string, smsTopicArn: string) {
    super(client, emailTopicArn);
    this.smsTopicArn = smsTopicArn;
  }

  public override async sendSms(
    contact: Contact,
    text: string,
    context: MessageContext,
    template?: TemplateSmsContent,
  ): Promise<string> {
    // A provider sends templates only: an SMS without one cannot go this way (the caller records the failure and falls
    // back).
    if (!template)
      throw new UnpublishableMessageError(
        `No SMS template for this ${context.kind} message: the gateway sends approved templates only`,
      );
    const request: GatewaySmsRequest = {
      contactId: contact.contactId,
      phone: contact.phone,
      locale: contact.locale,
      text,
      template,
    };
    return publishToSns(this.client, {
      TopicArn: this.smsTopicArn,
      Message: JSON.stringify(request),
      MessageAttributes: attributesOf(context),
    });
  }
}
