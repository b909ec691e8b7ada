import { newAcknowledgementCode } from '../domain/acknowledgements';
import { inPolicyTime, overdueAtStep } from '../domain/deadlines';
import { EscalationDeliveryError, ObligationNotFoundError } from '../domain/errors';
import { formatDuration, obligationName } from '../domain/messages';
import { escalationMessages, escalationUnits } from '../domain/outgoing';
import {
  escalationRound,
  isOpen,
  nextEscalationOf,
  nextEscalationRound,
  type NextEscalation,
  type ObligationStatus,
} from '../domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../domain/policy';
import {
  escalationNotifierFromEnvironment,
  repositoriesFromEnvironment,
  smsRateLimitFromEnvironment,
  signingKeyFromEnvironment,
  operatorAlarmsFromEnvironment,
  directoryFromEnvironment,
} from '../shared/dependencies';
import { requireEnvironment } from '../shared/environment';
import type { SigningKeySource } from '../shared/signing-key';
import { coverageNow, deliverMessages, type NotifiedContact, type MessageTaskDependencies } from './deliver-messages';
import { markOverdue } from './mark-overdue';
import { withMetrics } from '../shared/metrics';
import type { Repositories } from '../shared/repositories';
import { settleIfIncidentClosed } from '../shared/settlement';

export interface EscalateObligationInput {
  incidentId: string;
  obligationId: string;
  escalationStep: number;
  repeat: number;
}

/** The next round the state machine waits for, or null when the ladder is exhausted. */
export type { NextEscalation };

/** The task output, shown as the state's output in the Step Functions console. */
export interface EscalateObligationResult {
  escalated: boolean;
  escalationStep: number;
  repeat: number;
  obligationStatus: ObligationStatus;
  /** Why, in words an operator reads in the console. */
  reason: string;
  notified: NotifiedContact[];
  nextEscalation: NextEscalation;
}

export interface EscalateObligationDependencies
  extends MessageTaskDependencies, Pick<Repositories, 'incidents' | 'obligations' | 'acknowledgements'> {
  policy: ReportingPolicy;
  signingKey: SigningKeySource;
}

/**
 * Task "Escalate one step up the ladder" (R-LADDER).
 *
 * Sends nothing when the obligation was met meanwhile (the state machine then stops), nor a
 * repeat of a step someone acknowledged. Otherwise sends the round's message to its audience
 * — the unit's duty contact, its principal leader, its local government, or the county duty
 * offices with the county leadership (always both offices: R-DUAL) — each with the step's
 * acknowledgement code and a signed link. Answers with the next round to wait for.
 */
export function makeHandler(deps: EscalateObligationDependencies) {
  return async (input: EscalateObligationInput): Promise<EscalateObligationResult> => {
    const { incidentId, obligationId, escalationStep, repeat } = input;
    const obligation = await deps.obligations.getObligation(incidentId, obligationId);
    if (!obligation) throw new ObligationNotFoundError(incidentId, obligationId);
    const round = escalationRound(obligation, escalationStep, repeat);
    const next = nextEscalationOf(nextEscalationRound(obligation, { escalationStep, repeat }));
    const answer = (
      escalated: boolean,
      obligationStatus: ObligationStatus,
      reason: string,
      notified: NotifiedContact[] = [],
    ): EscalateObligationResult => ({
      escalated,
      escalationStep,
      repeat,
      obligationStatus,
      reason,
      notified,
      nextEscalation: escalated || isOpen(obligationStatus) ? next : null,
    });
    if (!isOpen(obligation.status))
      return answer(false, obligation.status, `${obligationName(obligation.kind, 'en')} already ${obligation.status}`);
    if (!round)
      throw new RangeError(
        `Obligation ${obligationId} of ${incidentId} has no escalation step ${escalationStep} repeat ${repeat}`,
      );

    if (repeat > 0) {
      const acknowledgement = await deps.acknowledgements.getAcknowledgement(incidentId, obligationId, escalationStep);
      if (acknowledgement) {
        const reason = `step ${escalationStep} acknowledged by ${acknowledgement.contactId} at ${acknowledgement.acknowledgedAt}; repeat ${repeat} not sent`;
        await deps.audit.appendEvent({
          incidentId,
          at: deps.now().toISOString(),
          type: 'escalation-skipped',
          actor: 'system:deadline-watch',
          unitId: obligation.unitId,
          detail: { obligationId, escalationStep, repeat, acknowledgedBy: acknowledgement.contactId },
        });
        return answer(false, obligation.status === 'pending' ? 'overdue' : obligation.status, reason);
      }
    }

    const incident = await deps.incidents.getIncident(incidentId);
    // R-LIFECYCLE: the final report closed the incident (and stopped half-way before this obligation): finish it, send
    // nothing.
    if (await settleIfIncidentClosed(deps, incident))
      return answer(false, 'closed', `incident ${incidentId} closed by its final report; nothing sent`);
    const now = deps.now();
    await markOverdue(deps, obligation, now);
    // R-LADDER: lateness is told in the policy's time, as the console and the evaluation tell it.
    const late = inPolicyTime(
      overdueAtStep(new Date(obligation.dueAt), new Date(round.at), now),
      obligation.drillSpeed,
    );
    const code = await deps.acknowledgements.acknowledgementCodeFor(
      { incidentId, obligationId, escalationStep },
      newAcknowledgementCode,
    );
    const directory = await deps.directory.current();
    // Issue 15: the schedule is the obligation's; the person behind each step is whoever is on duty now.
    const units = escalationUnits({ obligation, round, directory, policy: deps.policy });
    const outgoing = escalationMessages({
      obligation,
      incident,
      round,
      directory,
      coverage: await coverageNow(deps, units, now),
      policy: deps.policy,
      overdueByMilliseconds: late,
      code,
      signingKey: await deps.signingKey.signingKey(),
      apiUrl: deps.publicApiUrl,
      consoleUrl: deps.consoleUrl,
      now,
    });
    const { notified, failures } = await deliverMessages(
      deps,
      {
        incidentId,
        messageKey: `${obligationId}#step-${escalationStep}#repeat-${repeat}`,
        purpose: 'escalation',
        obligationId,
        escalationStep,
        repeat,
        eventUnitId: obligation.unitId,
      },
      outgoing,
    );
    if (failures.length > 0) {
      throw new EscalationDeliveryError(
        `Escalation step ${escalationStep} (repeat ${repeat}) of ${incidentId}/${obligationId} not fully sent: ${failures.join('; ')}`,
      );
    }
    return answer(
      true,
      'overdue',
      `${obligationName(obligation.kind, 'en')} overdue by ${formatDuration(late, 'en')}: step ${escalationStep} (${round.audience})${repeat > 0 ? `, repeat ${repeat}` : ''}`,
      notified,
    );
  };
}

export const handler = withMetrics(
  makeHandler({
    ...repositoriesFromEnvironment(),
    notifier: escalationNotifierFromEnvironment(),
    directory: directoryFromEnvironment(),
    policy: defaultPolicy,
    signingKey: signingKeyFromEnvironment(),
    publicApiUrl: requireEnvironment('PUBLIC_API_URL'),
    consoleUrl: requireEnvironment('CONSOLE_URL'),
    smsRateLimit: smsRateLimitFromEnvironment(),
    alarms: operatorAlarmsFromEnvironment(),
    now: () => new Date(),
  }),
);
