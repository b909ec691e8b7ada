import type { DirectorySource } from '../shared/directory-source';
import {
  nextEscalationOf,
  nextEscalationRound,
  type NextEscalation,
  type ObligationStatus,
} from '../domain/obligations';
import { formatLocalTime } from '../domain/messages';
import { cutText } from '../domain/sms-templates';
import { smsFallbackMessage } from '../domain/outgoing';
import {
  escalationNotifierFromEnvironment,
  repositoriesFromEnvironment,
  operatorAlarmsFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import type { EscalationNotifier } from '../shared/escalation-notifier';
import type { Repositories } from '../shared/repositories';
import { logger } from '../shared/logger';
import type { OperatorAlarms } from '../shared/operator-alarms';
import { deliverMessages } from './deliver-messages';
import { withMetrics } from '../shared/metrics';

/** Which step of a watch gave up after its retries. */
export type FailedStage = 'immediate-notification' | 'follow-up' | 'reminder' | 'deadline-check' | 'escalation';

export interface RecordFailureInput {
  incidentId: string;
  stage: FailedStage;
  obligationId?: string;
  escalationStep?: number;
  repeat?: number;
  /** The `Catch` result: `{ Error, Cause }`. */
  failure: { Error?: string; Cause?: string };
}

/** Shaped like the escalation task's output, so the ladder goes on to its next step. */
export interface RecordFailureResult {
  escalated: false;
  recorded: true;
  obligationStatus: ObligationStatus | 'unknown';
  reason: string;
  nextEscalation: NextEscalation;
}

export interface RecordFailureDependencies extends Pick<Repositories, 'obligations' | 'audit' | 'messages'> {
  alarms: OperatorAlarms;
  notifier: EscalationNotifier;
  directory: DirectorySource;
  now: () => Date;
}

/** The message key of the failed sending, where the stage sends messages. */
function messageKeyOf(input: RecordFailureInput): string | undefined {
  switch (input.stage) {
    case 'escalation':
      return `${input.obligationId}#step-${input.escalationStep}#repeat-${input.repeat ?? 0}`;
    case 'reminder':
      return `${input.obligationId}#reminder`;
    case 'immediate-notification':
      return 'immediate';
    default:
      return undefined;
  }
}

/**
 * SMS that still failed after every retry fall back to e-mail: each such contact with an address
 * gets the SMS text by e-mail, marked as such; contacts without one are named for the operators
 * to phone. Returns those left without any message.
 */
async function fallBackToEmail(
  deps: RecordFailureDependencies,
  input: RecordFailureInput,
): Promise<{ emailed: string[]; unreachable: string[] }> {
  const messageKey = messageKeyOf(input);
  if (!messageKey) return { emailed: [], unreachable: [] };
  const failedSms = (await deps.messages.messagesOf(input.incidentId, messageKey)).filter(
    (message) => message.channel === 'sms' && message.status === 'failed',
  );
  const emailed: string[] = [];
  const unreachable: string[] = [];
  for (const failed of failedSms) {
    const fallback = smsFallbackMessage(failed, input.incidentId, await deps.directory.current());
    if (!fallback) {
      unreachable.push(`${failed.contactName} ${failed.to}`);
      continue;
    }
    const { failures } = await deliverMessages(
      deps,
      {
        incidentId: input.incidentId,
        messageKey: `${messageKey}#sms-fallback`,
        purpose: failed.purpose,
        obligationId: failed.obligationId,
        escalationStep: failed.escalationStep,
        repeat: failed.repeat,
        eventUnitId: failed.unitId,
      },
      [fallback],
    );
    (failures.length === 0 ? emailed : unreachable).push(`${failed.contactName} ${failed.to}`);
  }
  return { emailed, unreachable };
}

const STAGE_NAMES: Record<FailedStage, string> = {
  'immediate-notification': '即时通报 immediate notification',
  'follow-up': '续报时限 follow-up deadline',
  reminder: '到期提醒 reminder',
  'deadline-check': '时限检查 deadline check',
  escalation: '逐级催报 escalation step',
};

/**
 * Task "Record that … failed and alert the operators": a step that still failed after all
 * its retries is never silent. It becomes an `escalation-failed` event on the incident
 * (R-AUDIT) and a message on the operators' alarm topic, in Chinese with English, naming the
 * incident, the step and the error. For an escalation step the ladder then goes on.
 */
export function makeHandler(deps: RecordFailureDependencies) {
  return async (input: RecordFailureInput): Promise<RecordFailureResult> => {
    const now = deps.now();
    const obligation = input.obligationId
      ? await deps.obligations.getObligation(input.incidentId, input.obligationId)
      : undefined;
    const error = `${input.failure.Error ?? 'Error'}: ${cutText(input.failure.Cause ?? '', 1000)}`;
    await deps.audit.appendEvent({
      incidentId: input.incidentId,
      at: now.toISOString(),
      type: 'escalation-failed',
      actor: 'system:deadline-watch',
      unitId: obligation?.unitId ?? 'unknown',
      detail: {
        stage: input.stage,
        obligationId: input.obligationId,
        escalationStep: input.escalationStep,
        repeat: input.repeat,
        error,
      },
    });
    const { emailed, unreachable } = await fallBackToEmail(deps, input);
    const where = [
      input.incidentId,
      input.obligationId,
      input.escalationStep !== undefined ? `step ${input.escalationStep}` : undefined,
    ]
      .filter(Boolean)
      .join(' / ');
    await deps.alarms.raise(
      `【系统告警】${STAGE_NAMES[input.stage]} failed: ${where}`,
      [
        `【系统告警】${formatLocalTime(now)}（北京时间）${where} 的${STAGE_NAMES[input.stage]}重试后仍失败，请人工处理（电话通知相关单位）。`,
        `ALARM: the ${STAGE_NAMES[input.stage].split(' ').slice(1).join(' ')} of ${where} still failed after every retry. Handle it by hand (phone the unit).`,
        '',
        ...(emailed.length > 0 ? [`已改发邮件 / sent by e-mail instead: ${emailed.join('，')}`] : []),
        ...(unreachable.length > 0
          ? [`无法送达，请电话通知 / not reached, phone them: ${unreachable.join('，')}`]
          : []),
        '',
        `Error: ${error}`,
      ].join('\n'),
    );
    logger.error('Deadline-watch step failed after its retries', { ...input, error });
    const next =
      obligation && input.escalationStep !== undefined
        ? nextEscalationRound(obligation, { escalationStep: input.escalationStep, repeat: input.repeat ?? 0 })
        : null;
    return {
      escalated: false,
      recorded: true,
      obligationStatus: obligation?.status ?? 'unknown',
      reason: `${input.stage} failed after its retries: ${error}`,
      nextEscalation: nextEscalationOf(next),
    };
  };
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    alarms: operatorAlarmsFromEnvironment(),
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    now: () => new Date(),
  }),
);
