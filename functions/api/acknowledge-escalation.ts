import type { DirectorySource } from '../shared/directory-source';
import { isSpotCheckCode, isValidAcknowledgementSignature } from '../domain/acknowledgements';
import { findContact } from '../domain/directory';
import { DocumentNotFoundError, InvalidRequestError, InvalidSignatureError } from '../domain/errors';
import { formatLocalTime, obligationConsoleUrl, obligationName } from '../domain/messages';
import { acknowledgeStep } from '../shared/acknowledge';
import {
  repositoriesFromEnvironment,
  signingKeyFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import { pathParameter, type HttpResult } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import type { SigningKeySource } from '../shared/signing-key';
import { publicHttpEndpoint } from './endpoint';
import { shortAnswerPage } from './html-page';

export interface AcknowledgeEscalationDependencies extends Pick<
  Repositories,
  'obligations' | 'audit' | 'messages' | 'acknowledgements'
> {
  directory: DirectorySource;
  signingKey: SigningKeySource;
  /** Issue 14 item 6: the console (`CONSOLE_URL`), whose page of the obligation the answer links, ready to file. */
  consoleUrl?: string;
  now: () => Date;
}

/**
 * `GET /acknowledgements/{code}?contact=…&signature=…` — R-LADDER: the signed link in an escalation message. Opening
 * it on a phone records that contact's acknowledgement of the step (stopping its repeats, not the escalation) and
 * answers with a small page made for that phone (issue 14 item 5: a device-width viewport), in Chinese with English
 * below, times in Beijing time. A link whose signature does not match → 403; a link for a contact the step was not sent
 * to → 403; a step whose obligation is no longer owed → 410.
 */
export function makeHandler(deps: AcknowledgeEscalationDependencies) {
  return publicHttpEndpoint(
    async (event): Promise<HttpResult> => {
      const code = pathParameter(event, 'code').toUpperCase();
      const contactId = event.queryStringParameters?.contact;
      const signature = event.queryStringParameters?.signature;
      const missing = [...(contactId ? [] : ['contact']), ...(signature ? [] : ['signature'])];
      if (missing.length > 0)
        throw new InvalidRequestError(
          missing.map((field) => ({ field, message: 'Required: open the link exactly as the message gave it' })),
        );
      if (!isValidAcknowledgementSignature(await deps.signingKey.signingKey(), code, contactId!, signature!))
        throw new InvalidSignatureError();
      const target = await deps.acknowledgements.findAcknowledgementCode(code);
      const found = findContact(await deps.directory.current(), contactId!);
      // Links are signed for escalation steps only; a spot check is answered from the duty post's phone.
      if (!target || isSpotCheckCode(target) || !found) throw new DocumentNotFoundError('Acknowledgement code', code);
      const obligation = await deps.obligations.getObligation(target.incidentId, target.obligationId);
      const result = await acknowledgeStep(deps, target, {
        contactId: found.contact.contactId,
        unitId: found.unit.unitId,
        via: 'link',
        at: deps.now(),
      });
      const kind = obligation?.kind ?? 'written-report';
      // Issue 14 item 6: an acknowledged step's page leads on to the obligation's form in the console.
      const fileIt = (text: string) =>
        deps.consoleUrl ? { link: { href: obligationConsoleUrl(deps.consoleUrl, target), text } } : {};
      const page = (
        statusCode: number,
        zh: [string, ...string[]],
        en: [string, ...string[]],
        linked = false,
      ): HttpResult =>
        shortAnswerPage(statusCode, `${zh[0]} · ${en[0]}`, [
          { lang: 'zh-CN', heading: zh[0], paragraphs: zh.slice(1), ...(linked ? fileIt('在控制台报送') : {}) },
          { lang: 'en', heading: en[0], paragraphs: en.slice(1), ...(linked ? fileIt('File it in the console') : {}) },
        ]);
      if (!result.accepted && result.refusal === 'expired') {
        return page(
          410,
          [
            '催报已结束',
            `${target.incidentId} ${obligationName(kind, 'zh-CN')}的催报已结束（材料已报送或事件已终报），无需确认。`,
          ],
          [
            'The escalation is over',
            `The escalation for the ${obligationName(kind, 'en')} of ${target.incidentId} is over (filed, or the incident closed): nothing to acknowledge.`,
          ],
        );
      }
      if (!result.accepted) {
        return page(
          403,
          ['未记录确认', `此链接不是发给 ${found.contact.contactId} 的第${target.escalationStep}级催报，未记录确认。`],
          [
            'Nothing recorded',
            `Escalation step ${target.escalationStep} was not sent to ${found.contact.contactId}: nothing recorded.`,
          ],
        );
      }
      const { acknowledgement } = result;
      const when = formatLocalTime(new Date(acknowledgement.acknowledgedAt));
      return page(
        200,
        [
          '已确认收到',
          `已确认收到：${target.incidentId} ${obligationName(kind, 'zh-CN')} 第${target.escalationStep}级催报（${acknowledgement.contactId}，${when} 北京时间）。`,
          '确认只停止本级重复催报；报送材料后催报才会停止。',
        ],
        [
          'Acknowledged',
          `Acknowledged: ${target.incidentId}, ${obligationName(kind, 'en')}, escalation step ${target.escalationStep} (${acknowledgement.contactId}, ${when} Beijing time).`,
          'This stops repeats of this step only; filing the document stops the escalation.',
        ],
        true,
      );
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  signingKey: signingKeyFromEnvironment(),
  consoleUrl: process.env.CONSOLE_URL,
  now: () => new Date(),
});
