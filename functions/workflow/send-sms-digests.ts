import type { DirectorySource } from '../shared/directory-source';
import { findContact } from '../domain/directory';
import { formatLocalTime, digestSmsTemplate, renderSmsDigest } from '../domain/messages';
import {
  escalationNotifierFromEnvironment,
  repositoriesFromEnvironment,
  operatorAlarmsFromEnvironment,
  smsRateLimitFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import type { EscalationNotifier } from '../shared/escalation-notifier';
import type { Repositories } from '../shared/repositories';
import { logger } from '../shared/logger';
import { withMetrics } from '../shared/metrics';
import type { OperatorAlarms } from '../shared/operator-alarms';
import type { QueuedSms, SmsDigest, SmsQueue } from '../shared/sms-queue';
import { isOpen } from '../domain/obligations';
import { SPOT_CHECK_MESSAGE_KEY } from '../domain/outgoing';
import { awaitsAnswer } from '../domain/spot-checks';

export interface SendSmsDigestsDependencies extends Pick<
  Repositories,
  'incidents' | 'obligations' | 'audit' | 'messages' | 'spotChecks'
> {
  queue: SmsQueue;
  notifier: EscalationNotifier;
  directory: DirectorySource;
  /** Told when a digest's sending could not be confirmed twice. */
  alarms?: OperatorAlarms;
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
 * R-LIFECYCLE: the held SMS still worth sending — those whose incident is not closed and whose
 * obligation (if they are about one) is still owed. The others are withdrawn: recorded, left out
 * of the digest and out of the queue, so nothing about an incident goes out after its final
 * report, nor about a document already filed.
 */
async function stillOwed(deps: SendSmsDigestsDependencies, items: QueuedSms[]): Promise<QueuedSms[]> {
  // Withdrawn only on evidence: an incident closed, not one missing. A first report cut short between its batch's
  // obligations and its incident item leaves the incident unwritten until its retry (the idempotency record's
  // in-progress window, 15 s), while the sweep already watches the obligation: its SMS are owed all the same, as
  // escalate-obligation sends them (`settleIfIncidentClosed`). Withdrawing them lost a step-1 SMS in the crash test.
  const incidents = new Map<string, Promise<boolean>>();
  const closed = (incidentId: string) =>
    incidents.get(incidentId) ??
    incidents
      .set(
        incidentId,
        deps.incidents.getIncident(incidentId).then((incident) => incident?.status === 'closed'),
      )
      .get(incidentId)!;
  const owed: QueuedSms[] = [];
  for (const item of items) {
    const obligationId =
      item.obligationId ?? (item.messageKey.includes('#') ? item.messageKey.split('#')[0] : undefined);
    const obligation = obligationId ? await deps.obligations.getObligation(item.incidentId, obligationId) : undefined;
    // R-SPOTCHECK: a spot check's SMS has no incident: it is owed while the check is unanswered.
    const owedNow =
      item.messageKey === SPOT_CHECK_MESSAGE_KEY
        ? awaitsAnswer(await deps.spotChecks.getSpotCheck(item.incidentId))
        : !(await closed(item.incidentId)) && (!obligation || isOpen(obligation.status));
    if (owedNow) {
      owed.push(item);
      continue;
    }
    await deps.messages.markMessageWithdrawn({ ...item, channel: 'sms' });
    await deps.audit.appendEvent({
      incidentId: item.incidentId,
      at: deps.now().toISOString(),
      type: 'escalation-skipped',
      actor: 'system:deadline-watch',
      unitId: obligation?.unitId ?? 'unknown',
      detail: {
        messageKey: item.messageKey,
        contactId: item.contactId,
        channel: 'sms',
        to: item.phone,
        reason: 'held for a digest, and no longer owed when the digest went out',
      },
    });
    await deps.queue.release(item);
  }
  return owed;
}

/**
 * R-LADDER: each message of a digest that went out is recorded sent (once, however often this runs) and leaves the
 * queue.
 */
async function finish(
  deps: SendSmsDigestsDependencies,
  digest: SmsDigest,
  items: QueuedSms[],
  unitId: string,
): Promise<void> {
  for (const item of items) {
    if (
      await deps.messages.markMessageSentInDigest(
        item,
        digest.messageId ?? 'unknown',
        digest.sentAt ?? deps.now().toISOString(),
      )
    ) {
      await deps.audit.appendEvent({
        incidentId: item.incidentId,
        at: digest.sentAt ?? deps.now().toISOString(),
        type: 'escalation-sent',
        actor: 'system:deadline-watch',
        unitId,
        detail: {
          messageKey: item.messageKey,
          contactId: item.contactId,
          channel: 'sms',
          to: item.phone,
          messageId: digest.messageId,
          mergedWith: items.length - 1,
          digestId: digest.digestId,
        },
      });
    }
    await deps.queue.release(item);
  }
}

/** Sends a claimed digest: the provider, then one write that says it went out, then the bookkeeping of its messages. */
async function send(
  deps: SendSmsDigestsDependencies,
  digest: SmsDigest,
  items: QueuedSms[],
  result: SendSmsDigestsResult,
): Promise<void> {
  const found = findContact(await deps.directory.current(), items[0].contactId);
  if (!found) {
    result.failed.push({ phone: digest.phone, reason: `contact ${items[0].contactId} is no longer in the directory` });
    return;
  }
  try {
    const messageId = await deps.notifier.sendSms(
      found.contact,
      digest.text,
      { kind: 'digest', incidentId: items[0].incidentId },
      digest.template,
    );
    const sentAt = deps.now().toISOString();
    await deps.queue.markDigestSent(digest, messageId, sentAt);
    await finish(deps, { ...digest, messageId, sentAt, status: 'sent' }, items, found.unit.unitId);
    result.sent.push({ phone: digest.phone, merged: items.length });
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error('SMS digest not sent; its messages stay queued', { phone: digest.phone, reason });
    await deps.queue.releaseDigest(digest, items, reason);
    result.failed.push({ phone: digest.phone, reason });
  }
}

/**
 * A digest claimed by an earlier run that never finished: sent → finish its bookkeeping, send
 * nothing; still `sending` (the run died around the provider) → send it once more, and only once;
 * after that, or failed → its messages go back to the queue or to the operators.
 */
async function recover(
  deps: SendSmsDigestsDependencies,
  digest: SmsDigest | undefined,
  items: QueuedSms[],
  result: SendSmsDigestsResult,
): Promise<void> {
  const unitId = findContact(await deps.directory.current(), items[0].contactId)?.unit.unitId ?? 'unknown';
  if (digest?.status === 'sent') return finish(deps, digest, items, unitId);
  if (digest?.status === 'sending' && (await deps.queue.resendOnce(digest, deps.now()))) {
    const owed = await stillOwed(deps, items);
    if (owed.length > 0)
      await send(
        deps,
        { ...digest, text: owed.length === items.length ? digest.text : await digestText(deps, owed) },
        owed,
        result,
      );
    return;
  }
  if (digest?.status === 'sending' || digest?.status === 'unconfirmed') {
    for (const item of items) {
      await deps.messages.markMessageUnconfirmed({ ...item, channel: 'sms' });
      await deps.queue.release(item);
    }
    await deps.alarms?.raise(
      `【系统告警】汇总短信未确认 SMS digest not confirmed → ${digest.phone}`,
      [
        `【系统告警】${formatLocalTime(deps.now())}（北京时间）发往 ${digest.phone} 的汇总短信（${items.length}条）两次发送均未确认结果，未再重发，请电话核实。`,
        `ALARM: the SMS digest to ${digest.phone} (${items.length} messages) was not confirmed after two attempts and was not sent again. Phone them.`,
      ].join('\n'),
    );
    return;
  }
  // Failed, or its digest item is gone: back into the queue for the next digest.
  if (digest) await deps.queue.releaseDigest(digest, items, 'released for the next digest');
}

/** One held message goes out as it was written; several go out as one digest. */
async function digestText(deps: SendSmsDigestsDependencies, items: QueuedSms[]): Promise<string> {
  const locale = findContact(await deps.directory.current(), items[0].contactId)?.contact.locale ?? 'zh-CN';
  return items.length === 1
    ? items[0].text
    : renderSmsDigest(
        locale,
        items.map((item) => item.line),
      );
}

/**
 * Scheduled every minute (locally: every minute divided by the drill speed): for each phone
 * with SMS held back by the rate limit, once its window has passed, sends ONE SMS merging them
 * all, within one segment ("…等N条"; the rest is in the e-mail and the console) — leaving out any
 * no longer owed (filed meanwhile, or the incident closed by its final report). Each digest is
 * claimed with its messages before it is sent and marked sent in one write after, so a run that
 * dies half-way is finished by the next one without sending it again — except in the moment
 * between the provider taking it and that write, after which it is sent once more, never twice.
 */
export function makeHandler(deps: SendSmsDigestsDependencies) {
  return async (): Promise<SendSmsDigestsResult> => {
    const byPhone = new Map<string, QueuedSms[]>();
    for (const queued of await deps.queue.held())
      byPhone.set(queued.phone, [...(byPhone.get(queued.phone) ?? []), queued]);
    const result: SendSmsDigestsResult = { sent: [], waiting: [], failed: [] };
    // Every phone at once: each has its own window, digest and items, so none waits for another's. One by one, in
    // phone order, a run under a backlog spent its time on the first phones and the last ones' SMS starved.
    await Promise.all([...byPhone].map(([phone, held]) => digestFor(deps, phone, held, result)));
    result.sent.sort((a, b) => a.phone.localeCompare(b.phone));
    result.failed.sort((a, b) => a.phone.localeCompare(b.phone));
    result.waiting.sort();
    return result;
  };
}

/**
 * R-LADDER: one phone's held SMS — a digest claimed earlier finished or recovered, then a new one if its window is
 * free.
 */
async function digestFor(
  deps: SendSmsDigestsDependencies,
  phone: string,
  held: QueuedSms[],
  result: SendSmsDigestsResult,
): Promise<void> {
  const earlier = new Map<string, QueuedSms[]>();
  for (const item of held.filter((queued) => queued.digestId))
    earlier.set(item.digestId!, [...(earlier.get(item.digestId!) ?? []), item]);
  for (const items of earlier.values()) await recover(deps, await deps.queue.digestOf(items[0]), items, result);
  const waiting = await stillOwed(
    deps,
    held.filter((queued) => !queued.digestId),
  );
  if (waiting.length === 0) return;
  const now = deps.now();
  if (!(await deps.queue.takeSmsSlot(phone, now, deps.windowMs, await deps.queue.smsWindowStart(phone)))) {
    result.waiting.push(phone);
    return;
  }
  const windowStart = now.toISOString();
  const template = waiting.length === 1 ? waiting[0].template : digestSmsTemplate(waiting.map((item) => item.line));
  const digest: SmsDigest = {
    digestId: `${phone}#${windowStart}`,
    phone,
    windowStart,
    status: 'sending',
    text: await digestText(deps, waiting),
    ...(template ? { template } : {}),
  };
  const claimed = await deps.queue.claimDigest(digest, waiting);
  if (claimed.length > 0) await send(deps, digest, claimed, result);
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    queue: smsRateLimitFromEnvironment().queue,
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    alarms: operatorAlarmsFromEnvironment(),
    windowMs: smsRateLimitFromEnvironment().windowMs,
    now: () => new Date(),
  }),
);
