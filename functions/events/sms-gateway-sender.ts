import type { DirectorySource } from '../shared/directory-source';
import type { SNSEvent } from 'aws-lambda';
import { findContact } from '../domain/directory';
import { renderSmsTemplate } from '../domain/sms-templates';
import { defaultGatewayConfig, type SmsGatewayConfig } from '../shared/sms-gateway-config';
import type { SendSmsOutcome, TemplateSms } from '../shared/aliyun-sms';
import type { EscalationNotifier, GatewaySmsRequest, MessageContext } from '../shared/escalation-notifier';
import type { Repositories } from '../shared/repositories';
import {
  escalationNotifierFromEnvironment,
  repositoriesFromEnvironment,
  smsProviderFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import { drillSpeedFromEnvironment } from '../shared/environment';
import { logger } from '../shared/logger';
import { withMetrics } from '../shared/metrics';

export interface SmsGatewaySenderDependencies extends Pick<Repositories, 'messages' | 'gatewaySms'> {
  gateway: { send(sms: TemplateSms): Promise<SendSmsOutcome> };
  /** Sends the e-mail fallback (through the e-mail topic, as every e-mail). */
  notifier: Pick<EscalationNotifier, 'sendEmail'>;
  directory: DirectorySource;
  config: SmsGatewayConfig;
  now: () => Date;
  sleep: (milliseconds: number) => Promise<void>;
}

/** What became of each SMS of the event. */
export interface SmsGatewaySenderResult {
  sent: string[];
  fellBack: string[];
  skipped: string[];
}

const contextOf = (attributes: SNSEvent['Records'][number]['Sns']['MessageAttributes']): MessageContext => ({
  kind: (attributes.kind?.Value ?? 'escalation') as MessageContext['kind'],
  incidentId: attributes.incidentId?.Value ?? 'unknown',
  ...(attributes.obligation ? { obligationId: attributes.obligation.Value } : {}),
  ...(attributes.escalationStep ? { escalationStep: Number(attributes.escalationStep.Value) } : {}),
  ...(attributes.repeat ? { repeat: Number(attributes.repeat.Value) } : {}),
});

/**
 * R-LADDER: the `gateway` SMS mode's sender (issue 7), subscribed to the SMS gateway topic: each SMS goes
 * to the domestic provider as its approved template. The provider's answer decides:
 * - accepted → recorded with the provider's receipt;
 * - throttled or down → tried again after each configured wait, then treated as refused;
 * - refused (or never accepted) → recorded on the message and in the incident's timeline as
 *   `sms-delivery-failed`, like an SNS delivery failure, and the text goes to the contact by
 *   e-mail instead.
 *
 * Nothing twice: each SMS is claimed under its SNS message ID before it is sent, so a topic
 * message delivered again is skipped once it is done. Nothing lost: a claim left `sending` by a
 * crash is attempted again when SNS redelivers.
 */
export function makeHandler(deps: SmsGatewaySenderDependencies) {
  return async (event: SNSEvent): Promise<SmsGatewaySenderResult> => {
    const result: SmsGatewaySenderResult = { sent: [], fellBack: [], skipped: [] };
    for (const record of event.Records) {
      const snsMessageId = record.Sns.MessageId;
      const request = JSON.parse(record.Sns.Message) as GatewaySmsRequest;
      const claim = await deps.gatewaySms.claimGatewaySms(snsMessageId, deps.now().toISOString());
      if (claim.status !== 'sending') {
        result.skipped.push(snsMessageId);
        continue;
      }
      const sms: TemplateSms = {
        phone: request.phone,
        signName: deps.config.signName,
        templateCode: deps.config.templateCodes[request.template.templateId],
        templateParam: request.template.variables,
        outId: snsMessageId,
      };
      let outcome = await deps.gateway.send(sms);
      for (const delaySeconds of deps.config.retryDelaysSeconds) {
        if (outcome.verdict !== 'retry') break;
        logger.warn('SMS provider busy or down; trying again', { snsMessageId, code: outcome.code, delaySeconds });
        await deps.sleep(delaySeconds * 1000);
        outcome = await deps.gateway.send(sms);
      }
      if (outcome.verdict === 'sent') {
        await deps.gatewaySms.settleGatewaySms(snsMessageId, 'sent', {
          bizId: outcome.bizId,
          lastResult: outcome.code,
        });
        result.sent.push(snsMessageId);
        continue;
      }
      const reason = `SMS provider: ${outcome.code} ${outcome.message}`.trim();
      logger.error('SMS not sent by the provider; falling back to e-mail', {
        snsMessageId,
        reason,
        contactId: request.contactId,
      });
      await deps.messages.recordSmsDeliveryFailure(snsMessageId, deps.now().toISOString(), reason);
      await emailInstead(deps, request, contextOf(record.Sns.MessageAttributes), reason);
      await deps.gatewaySms.settleGatewaySms(snsMessageId, 'fell-back', { lastResult: reason });
      result.fellBack.push(snsMessageId);
    }
    return result;
  };
}

/** The SMS text by e-mail, when the contact has an address (otherwise the timeline already says it failed). */
async function emailInstead(
  deps: SmsGatewaySenderDependencies,
  request: GatewaySmsRequest,
  context: MessageContext,
  reason: string,
): Promise<void> {
  const contact = findContact(await deps.directory.current(), request.contactId)?.contact;
  if (!contact?.email) {
    logger.error('SMS failed and the contact has no e-mail address: phone them', {
      contactId: request.contactId,
      phone: request.phone,
    });
    return;
  }
  const zh = contact.locale === 'zh-CN';
  const text = renderSmsTemplate(request.template, contact.locale);
  await deps.notifier.sendEmail(
    contact,
    zh ? `【短信未送达，改发邮件】${context.incidentId}` : `[SMS not delivered, sent by e-mail] ${context.incidentId}`,
    zh
      ? `发给您的短信未能发出（${reason}），内容如下：\n\n${text}`
      : `The SMS to you could not be sent (${reason}). It said:\n\n${text}`,
    context,
  );
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    gateway: smsProviderFromEnvironment(),
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    config: defaultGatewayConfig,
    now: () => new Date(),
    // A drill shortens the waits like every other delay.
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds / drillSpeedFromEnvironment())),
  }),
);
