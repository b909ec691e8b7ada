import { defaultDirectory, findContact, type Directory } from '../domain/directory';
import { digestSmsTemplate, renderSmsDigest } from '../domain/messages';
import { escalationNotifierFromEnvironment, incidentStoreFromEnvironment, smsRateLimitFromEnvironment } from '../shared/dependencies';
import type { EscalationNotifier } from '../shared/escalation-notifier';
import type { IncidentStore, QueuedSms } from '../shared/incident-store';
import { logger } from '../shared/logger';
import { withMetrics } from '../shared/metrics';

export interface SendSmsDigestsDependencies {
  store: IncidentStore;
  notifier: EscalationNotifier;
  directory: Directory;
  /** The per-recipient SMS window (policy `smsRateLimit`, divided by the drill speed). */
  windowMs: number;
  now: () => Date;
}

export interface SendSmsDigestsResult {
  /** Phones sent a digest now, with how many messages each merged. */
  sent: { phone: string; merged: number }[];
  /** Phones whose window is still open: their digest waits for the next run. */
  waiting: string[];
  failed: { phone: string; reason: string }[];
}

/**
 * Scheduled every minute (locally: every minute divided by the drill speed): for each phone
 * with SMS held back by the rate limit, once its window has passed, sends ONE SMS merging them
 * all and marks each merged message sent. A failed send leaves them queued for the next run.
 */
export function makeHandler(deps: SendSmsDigestsDependencies) {
  return async (): Promise<SendSmsDigestsResult> => {
    const byPhone = new Map<string, QueuedSms[]>();
    for (const queued of await deps.store.queuedSms()) byPhone.set(queued.phone, [...(byPhone.get(queued.phone) ?? []), queued]);
    const result: SendSmsDigestsResult = { sent: [], waiting: [], failed: [] };
    for (const [phone, queued] of byPhone) {
      const now = deps.now();
      const windowStart = await deps.store.smsWindowStart(phone);
      if (!(await deps.store.takeSmsSlot(phone, now, deps.windowMs, windowStart))) {
        result.waiting.push(phone);
        continue;
      }
      const found = findContact(deps.directory, queued[0].contactId);
      if (!found) {
        result.failed.push({ phone, reason: `contact ${queued[0].contactId} is no longer in the directory` });
        continue;
      }
      try {
        // One held message goes out as it was written; several go out as one digest.
        const text = queued.length === 1 ? queued[0].text : renderSmsDigest(found.contact.locale, queued.map((item) => item.line));
        const template = queued.length === 1 ? queued[0].template : digestSmsTemplate(queued.map((item) => item.line));
        const messageId = await deps.notifier.sendSms(found.contact, text, { kind: 'escalation', incidentId: queued[0].incidentId }, template);
        const sentAt = deps.now().toISOString();
        for (const item of queued) {
          await deps.store.markQueuedSmsSent(item, messageId, sentAt);
          await deps.store.appendEvent({
            incidentId: item.incidentId, at: sentAt, type: 'escalation-sent', actor: 'system:deadline-watch', unitId: found.unit.unitId,
            detail: { messageKey: item.messageKey, contactId: item.contactId, channel: 'sms', to: phone, messageId, mergedWith: queued.length - 1 },
          });
        }
        result.sent.push({ phone, merged: queued.length });
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        logger.error('SMS digest not sent; it stays queued', { phone, reason });
        result.failed.push({ phone, reason });
      }
    }
    return result;
  };
}

export const handler = withMetrics(makeHandler({
  store: incidentStoreFromEnvironment(),
  notifier: escalationNotifierFromEnvironment(),
  directory: defaultDirectory,
  windowMs: smsRateLimitFromEnvironment().windowMs,
  now: () => new Date(),
}));
