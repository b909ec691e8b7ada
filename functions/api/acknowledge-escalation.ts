import { isSpotCheckCode, isValidAcknowledgementSignature } from '../domain/acknowledgements';
import { defaultDirectory, findContact, type Directory } from '../domain/directory';
import { DocumentNotFoundError, InvalidRequestError, InvalidSignatureError } from '../domain/errors';
import { formatLocalTime, obligationName } from '../domain/messages';
import { acknowledgeStep } from '../shared/acknowledge';
import { incidentStoreFromEnvironment, signingKeyFromEnvironment } from '../shared/dependencies';
import { NO_SNIFF, pathParameter, type HttpResult } from '../shared/http';
import type { IncidentStore } from '../shared/incident-store';
import type { SigningKeySource } from '../shared/signing-key';
import { publicHttpEndpoint } from './endpoint';

export interface AcknowledgeEscalationDependencies {
  store: IncidentStore;
  directory: Directory;
  signingKey: SigningKeySource;
  now: () => Date;
}

/**
 * `GET /acknowledgements/{code}?contact=…&signature=…` — R-LADDER: the signed link in an
 * escalation message. Opening it on a phone records that contact's acknowledgement of the
 * step (stopping its repeats, not the escalation) and answers in plain text, in Chinese with
 * English below, times in Beijing time. A link whose signature does not match → 403.
 */
export function makeHandler(deps: AcknowledgeEscalationDependencies) {
  return publicHttpEndpoint(
    async (event): Promise<HttpResult> => {
      const code = pathParameter(event, 'code').toUpperCase();
      const contactId = event.queryStringParameters?.contact;
      const signature = event.queryStringParameters?.signature;
      const missing = [...(contactId ? [] : ['contact']), ...(signature ? [] : ['signature'])];
      if (missing.length > 0) throw new InvalidRequestError(missing.map((field) => ({ field, message: 'Required: open the link exactly as the message gave it' })));
      if (!isValidAcknowledgementSignature(await deps.signingKey.signingKey(), code, contactId!, signature!)) throw new InvalidSignatureError();
      const target = await deps.store.findAcknowledgementCode(code);
      const found = findContact(deps.directory, contactId!);
      // Links are signed for escalation steps only; a spot check is answered from the duty post's phone.
      if (!target || isSpotCheckCode(target) || !found) throw new DocumentNotFoundError('Acknowledgement code', code);
      const obligation = await deps.store.getObligation(target.incidentId, target.obligationId);
      const { acknowledgement } = await acknowledgeStep(deps.store, target, { contactId: found.contact.contactId, unitId: found.unit.unitId, via: 'link', at: deps.now() });
      const when = formatLocalTime(new Date(acknowledgement.acknowledgedAt));
      const kind = obligation?.kind ?? 'written-report';
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...NO_SNIFF },
        body: [
          `已确认收到：${target.incidentId} ${obligationName(kind, 'zh-CN')} 第${target.escalationStep}级催报（${acknowledgement.contactId}，${when} 北京时间）。`,
          '确认只停止本级重复催报；报送材料后催报才会停止。',
          '',
          `Acknowledged: ${target.incidentId}, ${obligationName(kind, 'en')}, escalation step ${target.escalationStep} (${acknowledgement.contactId}, ${when} Beijing time).`,
          'This stops repeats of this step only; filing the document stops the escalation.',
        ].join('\n'),
      };
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), directory: defaultDirectory, signingKey: signingKeyFromEnvironment(), now: () => new Date() });
