import { nextEscalationRound, type ObligationStatus } from '../domain/obligations';
import { formatLocalTime } from '../domain/messages';
import { incidentStoreFromEnvironment, operatorAlarmsFromEnvironment } from '../shared/dependencies';
import type { IncidentStore } from '../shared/incident-store';
import { logger } from '../shared/logger';
import type { OperatorAlarms } from '../shared/operator-alarms';
import type { NextEscalation } from './escalate-obligation';

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

export interface RecordFailureDependencies {
  store: IncidentStore;
  alarms: OperatorAlarms;
  now: () => Date;
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
    const obligation = input.obligationId ? await deps.store.getObligation(input.incidentId, input.obligationId) : undefined;
    const error = `${input.failure.Error ?? 'Error'}: ${(input.failure.Cause ?? '').slice(0, 1000)}`;
    await deps.store.appendEvent({
      incidentId: input.incidentId, at: now.toISOString(), type: 'escalation-failed', actor: 'system:deadline-watch', unitId: obligation?.unitId ?? 'unknown',
      detail: { stage: input.stage, obligationId: input.obligationId, escalationStep: input.escalationStep, repeat: input.repeat, error },
    });
    const where = [input.incidentId, input.obligationId, input.escalationStep !== undefined ? `step ${input.escalationStep}` : undefined].filter(Boolean).join(' / ');
    await deps.alarms.raise(
      `【系统告警】${STAGE_NAMES[input.stage]} failed: ${where}`,
      [
        `【系统告警】${formatLocalTime(now)}（北京时间）${where} 的${STAGE_NAMES[input.stage]}重试后仍失败，请人工处理（电话通知相关单位）。`,
        `ALARM: the ${STAGE_NAMES[input.stage].split(' ').slice(1).join(' ')} of ${where} still failed after every retry. Handle it by hand (phone the unit).`,
        '',
        `Error: ${error}`,
      ].join('\n'),
    );
    logger.error('Deadline-watch step failed after its retries', { ...input, error });
    const next = obligation && input.escalationStep !== undefined ? nextEscalationRound(obligation, { escalationStep: input.escalationStep, repeat: input.repeat ?? 0 }) : null;
    return {
      escalated: false,
      recorded: true,
      obligationStatus: obligation?.status ?? 'unknown',
      reason: `${input.stage} failed after its retries: ${error}`,
      nextEscalation: next ? { escalationStep: next.escalationStep, repeat: next.repeat, at: next.at } : null,
    };
  };
}

export const handler = makeHandler({ store: incidentStoreFromEnvironment(), alarms: operatorAlarmsFromEnvironment(), now: () => new Date() });
