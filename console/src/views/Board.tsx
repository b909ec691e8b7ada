import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api';
import { usePolling, useNow } from '../hooks';
import { formatDuration, formatTime, locale, t } from '../i18n';
import type { IncidentSummary, ObligationSummary, UnitSummary } from '../types';
import { ErrorNote, FormError } from './common';
import { inPolicyTime } from '../../../functions/domain/deadlines';

interface BoardProps {
  units: UnitSummary[];
  canAct: boolean;
  onOpenIncident: (incidentId: string) => void;
}

/** R-LIFECYCLE: what is about to go wrong (deadlines, overdue first, live countdown) and what is open. */
export function Board({ units, canAct, onOpenIncident }: BoardProps) {
  const unitName = (unitId: string) => units.find((unit) => unit.unitId === unitId)?.name[locale.value] ?? unitId;
  const obligations = usePolling(
    () =>
      getJson<{ now: string; obligations: ObligationSummary[] }>('/obligations').then((body) => ({
        ...body,
        fetchedAt: Date.now(),
      })),
    3000,
  );
  const incidents = usePolling(() => getJson<{ incidents: IncidentSummary[] }>('/incidents'), 3000);
  const now = useNow();
  // Count down on the server's clock: the browser's may be off.
  const skew = obligations.value ? Date.parse(obligations.value.now) - obligations.value.fetchedAt : 0;
  const titleOf = (incidentId: string) =>
    incidents.value?.incidents.find((incident) => incident.incidentId === incidentId)?.title ?? '';
  return (
    <div class="board">
      <section>
        <h2>{t('pendingDeadlines')}</h2>
        <ErrorNote error={obligations.error} />
        {obligations.value && obligations.value.obligations.length === 0 && (
          <p class="empty">{t('noPendingDeadlines')}</p>
        )}
        {obligations.value && obligations.value.obligations.length > 0 && (
          <table data-testid="pending-deadlines">
            <thead>
              <tr>
                <th>{t('unit')}</th>
                <th>{t('incident')}</th>
                <th>{t('obligation')}</th>
                <th>{t('dueAt')}</th>
                <th>{t('countdown')}</th>
              </tr>
            </thead>
            <tbody>
              {obligations.value.obligations.map((obligation) => {
                // R-LADDER: in the policy's time, as the SMS tells it (a drill's seconds are the policy's minutes).
                const left = inPolicyTime(Date.parse(obligation.dueAt) - (now + skew), obligation.drillSpeed ?? 1);
                const overdue = left <= 0;
                return (
                  <tr
                    key={`${obligation.incidentId}/${obligation.obligationId}`}
                    class={overdue ? 'overdue' : ''}
                    data-testid="deadline-row"
                    data-incident={obligation.incidentId}
                    data-overdue={String(overdue)}
                  >
                    <td>{unitName(obligation.unitId)}</td>
                    <td>
                      <a
                        href="#"
                        onClick={(event) => {
                          event.preventDefault();
                          onOpenIncident(obligation.incidentId);
                        }}
                      >
                        {titleOf(obligation.incidentId) || obligation.incidentId}
                      </a>
                    </td>
                    <td>{t(`kind.${obligation.kind}`)}</td>
                    <td>{formatTime(obligation.dueAt)}</td>
                    <td class="countdown">
                      {overdue ? `${t('overdueBy')} ${formatDuration(left)}` : formatDuration(left)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h2>{t('openIncidents')}</h2>
        <ErrorNote error={incidents.error} />
        {incidents.value && incidents.value.incidents.length === 0 && <p class="empty">{t('noOpenIncidents')}</p>}
        {incidents.value && incidents.value.incidents.length > 0 && (
          <table data-testid="open-incidents">
            <thead>
              <tr>
                <th>{t('severity')}</th>
                <th>{t('unit')}</th>
                <th>{t('title')}</th>
                <th>{t('receivedAt')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {incidents.value.incidents.map((incident) => (
                <tr key={incident.incidentId} data-testid="incident-row" data-incident={incident.incidentId}>
                  <td>
                    <span class={`severity severity-${incident.severity}`}>{t(`severity.${incident.severity}`)}</span>
                  </td>
                  <td>{unitName(incident.unitId)}</td>
                  <td>
                    {incident.title}
                    <div class="muted">{incident.incidentId}</div>
                  </td>
                  <td>{formatTime(incident.receivedAt)}</td>
                  <td>
                    <button type="button" onClick={() => onOpenIncident(incident.incidentId)}>
                      {t('open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canAct && <SpotCheckForm units={units} />}
    </div>
  );
}

/** R-SPOTCHECK: the duty office checks that a unit's duty post answers. */
function SpotCheckForm({ units }: { units: UnitSummary[] }) {
  const reporting = units.filter((unit) => unit.kind !== 'duty-office');
  const [chosenUnitId, setUnitId] = useState('');
  // The units arrive after the first render: until one is chosen, the first is.
  const unitId = chosenUnitId || (reporting[0]?.unitId ?? '');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<{ ok?: string; error?: Error }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const spotCheck = await postJson<{ spotCheckId: string; code?: string }>('/spot-checks', {
        unitId,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setResult({ ok: `${t('spotCheckStarted')}${spotCheck.code ?? ''} (${spotCheck.spotCheckId})` });
    } catch (error) {
      setResult({ error: error as Error });
    }
  };
  return (
    <section>
      <h2>{t('startSpotCheck')}</h2>
      <form onSubmit={submit} class="inline-form" data-testid="spot-check-form">
        <label>
          {t('unit')}{' '}
          <select value={unitId} onChange={(event) => setUnitId(event.currentTarget.value)}>
            {reporting.map((unit) => (
              <option key={unit.unitId} value={unit.unitId}>
                {unit.name[locale.value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('note')} <input value={note} maxLength={500} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <button type="submit">{t('submit')}</button>
      </form>
      {result.ok && <p class="ok">{result.ok}</p>}
      <FormError error={result.error} />
    </section>
  );
}
