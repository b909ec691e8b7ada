import { useState } from 'preact/hooks';
import type { Acknowledgement } from '../../../../functions/domain/acknowledgements';
import { getJson, postJson } from '../../api';
import { usePolling, useNow } from '../../hooks';
import { formatDuration, formatTime, t } from '../../i18n';
import { hrefOf, type Route } from '../../router';
import type { IncidentSummary, ObligationSummary } from '../../types';
import { unsentDrafts } from '../../drafts';
import { ErrorNote } from '../common';
import { inPolicyTime } from '../../../../functions/domain/deadlines';
import type { SpotCheckSummary } from './forms';

/** One thing the unit owes, as a card: an obligation, or a spot check waiting for its acknowledgement. */
interface OwedItem {
  key: string;
  incidentId?: string;
  title: string;
  /** `owed.<kind>`: the one button's label. */
  kind: string;
  dueAt: string;
  drillSpeed: number;
  route: Route;
  /** 确认催报: the obligation's escalation that reached the unit (R-LADDER). */
  escalation?: ObligationSummary['escalation'] & { obligationId: string };
}

/**
 * Issue 14 — what a reporting unit sees first: everything it owes, most urgent first (overdue first, then the soonest
 * due), each a card with its countdown and ONE large button to file what is owed (R-WRITTEN-30, R-FOLLOWUP,
 * R-VERIFY-20-40, R-INSTRUCTION-12H, R-SPOTCHECK); its open incidents, each with its final report (R-LIFECYCLE); and a
 * first report (R-INTAKE). GET /obligations and GET /incidents already answer a reporter with its own unit's only.
 */
export function ReporterHome({ unitId }: { unitId: string }) {
  // Read at each render (the countdown re-renders every second): a draft sent meanwhile drops off.
  const unsent = unsentDrafts(unitId);
  const obligations = usePolling(
    () =>
      getJson<{ now: string; obligations: ObligationSummary[] }>('/obligations').then((body) => ({
        ...body,
        fetchedAt: Date.now(),
      })),
    3000,
  );
  const incidents = usePolling(() => getJson<{ incidents: IncidentSummary[] }>('/incidents'), 3000);
  const spotChecks = usePolling(
    () => getJson<{ drillSpeed: number; spotChecks: SpotCheckSummary[] }>('/spot-checks'),
    3000,
  );
  const now = useNow();
  // Count down on the server's clock, as the Board does: the phone's may be off.
  const skew = obligations.value ? Date.parse(obligations.value.now) - obligations.value.fetchedAt : 0;
  const titleOf = (incidentId: string) =>
    incidents.value?.incidents.find((incident) => incident.incidentId === incidentId)?.title ?? incidentId;
  const owed: OwedItem[] = [
    ...(obligations.value?.obligations ?? []).map((obligation): OwedItem => ({
      key: `${obligation.incidentId}/${obligation.obligationId}`,
      incidentId: obligation.incidentId,
      title: titleOf(obligation.incidentId),
      kind: obligation.kind,
      dueAt: obligation.dueAt,
      drillSpeed: obligation.drillSpeed ?? 1,
      route: { name: 'incident', incidentId: obligation.incidentId, obligationId: obligation.obligationId },
      ...(obligation.escalation
        ? { escalation: { ...obligation.escalation, obligationId: obligation.obligationId } }
        : {}),
    })),
    ...(spotChecks.value?.spotChecks ?? [])
      .filter((spotCheck) => !spotCheck.acknowledgedAt)
      .map((spotCheck): OwedItem => ({
        key: spotCheck.spotCheckId,
        title: `${t('kind.spot-check')}${spotCheck.note ? ` · ${spotCheck.note}` : ''}`,
        kind: 'spot-check',
        dueAt: spotCheck.dueAt,
        drillSpeed: spotChecks.value?.drillSpeed ?? 1,
        route: { name: 'spot-check', spotCheckId: spotCheck.spotCheckId },
      })),
  ];
  // Overdue ones have the earliest due times, so one order by due time puts them first, the soonest next.
  owed.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return (
    <div class="reporter-home">
      <a class="big-button primary" href={hrefOf({ name: 'new-report' })} data-testid="new-first-report">
        {t('newFirstReport')}
      </a>
      {unsent.length > 0 && (
        <section class="unsent" data-testid="unsent-drafts">
          <h2>{t('unsentTitle')}</h2>
          <p>{t('offlineRetry')}</p>
          <ul>
            {unsent.map((draft) => (
              <li key={draft.key}>
                <a class="big-button secondary" href={draft.href} data-testid="unsent-draft">
                  {t('unsentOpen')}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t('reporterTitle')}</h2>
        <ErrorNote error={obligations.error} />
        <ErrorNote error={spotChecks.error} />
        {obligations.value && owed.length === 0 && <p class="empty">{t('reporterNothingOwed')}</p>}
        <ul class="owed-cards" data-testid="owed-cards">
          {owed.map((item) => {
            const left = inPolicyTime(Date.parse(item.dueAt) - (now + skew), item.drillSpeed);
            const overdue = left <= 0;
            return (
              <li
                key={item.key}
                class={`owed-card${overdue ? ' overdue' : ''}`}
                data-testid="owed-card"
                data-kind={item.kind}
                data-incident={item.incidentId ?? ''}
                data-overdue={String(overdue)}
              >
                <h3>{item.title}</h3>
                <p class="owed-what">
                  {t(`kind.${item.kind}`)} · {t('dueAt')} {formatTime(item.dueAt)}
                </p>
                <p class="owed-countdown">
                  {overdue ? `${t('overdueBy')} ${formatDuration(left)}` : `${t('timeLeft')} ${formatDuration(left)}`}
                </p>
                <a class="big-button" href={hrefOf(item.route)} data-testid="owed-action">
                  {t(`owed.${item.kind}`)}
                </a>
                {item.incidentId && item.escalation && (
                  <EscalationAcknowledgement incidentId={item.incidentId} escalation={item.escalation} />
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section>
        <h2>{t('openIncidentsOfUnit')}</h2>
        <ErrorNote error={incidents.error} />
        {incidents.value && incidents.value.incidents.length === 0 && <p class="empty">{t('noOpenIncidents')}</p>}
        <ul class="owed-cards" data-testid="unit-incidents">
          {(incidents.value?.incidents ?? []).map((incident) => (
            <li
              key={incident.incidentId}
              class="owed-card"
              data-testid="unit-incident"
              data-incident={incident.incidentId}
            >
              <h3>{incident.title}</h3>
              <p class="owed-what">
                <span class={`severity severity-${incident.severity}`}>{t(`severity.${incident.severity}`)}</span>{' '}
                {t('receivedAt')} {formatTime(incident.receivedAt)}
              </p>
              <a
                class="big-button secondary"
                href={hrefOf({ name: 'final-report', incidentId: incident.incidentId })}
                data-testid="final-report-action"
              >
                {t('owed.final')}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/**
 * Issue 14 (确认催报, R-LADDER): the escalation step that reached the unit, and one button to acknowledge it — as the
 * SMS code or the signed link would, for the contact it reached. It stops that step's repeats; the document stops the
 * escalation, which the card's first button files. The step is the one shown, so a step sent meanwhile is not
 * acknowledged unseen: it gets its own button at the next poll.
 */
function EscalationAcknowledgement({
  incidentId,
  escalation,
}: {
  incidentId: string;
  escalation: NonNullable<OwedItem['escalation']>;
}) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<Acknowledgement | undefined>();
  const { escalationStep } = escalation;
  const acknowledgement = escalation.acknowledgement ?? (done?.escalationStep === escalationStep ? done : undefined);
  const acknowledge = async () => {
    setSending(true);
    setError(undefined);
    try {
      setDone(
        await postJson<Acknowledgement>(
          `/incidents/${encodeURIComponent(incidentId)}/obligations/${encodeURIComponent(escalation.obligationId)}/acknowledgement`,
          { escalationStep },
        ),
      );
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setSending(false);
    }
  };
  if (acknowledgement)
    return (
      <p class="owed-acknowledged" data-testid="escalation-acknowledged" data-step={escalationStep}>
        {t('escalationAcknowledged')
          .replace('{step}', String(escalationStep))
          .replace('{time}', formatTime(acknowledgement.acknowledgedAt))}
      </p>
    );
  return (
    <div class="owed-escalation" data-testid="escalation" data-step={escalationStep}>
      <p>
        {t('escalationReached')
          .replace('{step}', String(escalationStep))
          .replace('{time}', formatTime(escalation.firstSentAt))}
      </p>
      <button
        type="button"
        class="big-button secondary"
        data-testid="acknowledge-escalation"
        disabled={sending}
        onClick={() => void acknowledge()}
      >
        {sending ? t('escalationAcknowledging') : t('owed.acknowledge')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
