import type { Contact } from '../../functions/domain/directory';
import type { EscalationNotifier, MessageContext } from '../../functions/shared/escalation-notifier';
import { UnpublishableMessageError } from '../../functions/domain/errors';
import type { EscalationChannel } from '../../functions/domain/records';

export interface SentMessage {
  channel: EscalationChannel;
  to: string;
  subject?: string;
  text: string;
  context: MessageContext;
  /** When it was handed over (epoch ms). */
  at: number;
}

/**
 * Records what would go to SNS; can be told to fail the next N sends of a channel, or to refuse an address for good.
 */
export class RecordingNotifier implements EscalationNotifier {
  public readonly sent: SentMessage[] = [];
  public readonly failNext = { sms: 0, email: 0 };
  /** Phones and addresses SNS refuses every message to, as it refuses an invalid one (InvalidParameter). */
  public readonly refused = new Set<string>();
  private sendOrFail(unsent: Omit<SentMessage, 'at'>): string {
    const message: SentMessage = { ...unsent, at: Date.now() };
    if (this.refused.has(message.to))
      throw new UnpublishableMessageError(
        `SNS refused the message: InvalidParameter: ${message.to} is not valid to publish to`,
      );
    if (this.failNext[message.channel] > 0) {
      this.failNext[message.channel] -= 1;
      throw Object.assign(new Error('SNS is unavailable'), { name: 'InternalErrorException' });
    }
    this.sent.push(message);
    return `message-${this.sent.length}`;
  }
  public async sendSms(contact: Contact, text: string, context: MessageContext): Promise<string> {
    return this.sendOrFail({ channel: 'sms', to: contact.phone, text, context });
  }
  public async sendEmail(contact: Contact, subject: string, text: string, context: MessageContext): Promise<string> {
    return this.sendOrFail({ channel: 'email', to: contact.email!, subject, text, context });
  }
}
