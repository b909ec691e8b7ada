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

// Issue 14 item 3: the gravest first, as the notice ranks them (特别重大 → 一般).
const SEVERITY_RANK: Record<IncidentSummary['severity'], number> = {
  'especially-major': 0,
  major: 1,
  'relatively-major': 2,
  general: 3,
};

/** Open incidents by severity (especially major first), then by age (the oldest first: it has waited longest). */
export function bySeverityThenAge(incidents: IncidentSummary[]): IncidentSummary[] {
  return [...incidents].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(a.receivedAt) - Date.parse(b.receivedAt),
  );
}

function SeverityBadge({ severity }: { severity: IncidentSummary['severity'] }) {
  return <span class={`severity severity-${severity}`}>{t(`severity.${severity}`)}</span>;
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
  const incidentOf = (incidentId: string) =>
    incidents.value?.incidents.find((incident) => incident.incidentId === incidentId);
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
                <th>{t('incidentSeverity')}</th>
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
                const incident = incidentOf(obligation.incidentId);
                return (
                  <tr
                    key={`${obligation.incidentId}/${obligation.obligationId}`}
                    class={overdue ? 'overdue' : ''}
                    data-testid="deadline-row"
                    data-incident={obligation.incidentId}
                    data-overdue={String(overdue)}
                  >
                    {/* Issue 14 item 3: every deadline says how grave its incident is. */}
                    <td data-label={t('incidentSeverity')} data-testid="deadline-severity">
                      {incident ? <SeverityBadge severity={incident.severity} /> : '—'}
                    </td>
                    <td data-label={t('unit')}>{unitName(obligation.unitId)}</td>
                    <td data-label={t('incident')}>
                      <a
                        href="#"
                        onClick={(event) => {
                          event.preventDefault();
                          onOpenIncident(obligation.incidentId);
                        }}
                      >
                        {incident?.title || obligation.incidentId}
                      </a>
                    </td>
                    <td data-label={t('obligation')}>{t(`kind.${obligation.kind}`)}</td>
                    <td data-label={t('dueAt')}>{formatTime(obligation.dueAt)}</td>
                    <td data-label={t('countdown')} class="countdown">
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
                <th>
                  <span class="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {bySeverityThenAge(incidents.value.incidents).map((incident) => (
                <tr
                  key={incident.incidentId}
                  data-testid="incident-row"
                  data-incident={incident.incidentId}
                  data-severity={incident.severity}
                >
                  <td data-label={t('severity')}>
                    <SeverityBadge severity={incident.severity} />
                  </td>
                  <td data-label={t('unit')}>{unitName(incident.unitId)}</td>
                  <td data-label={t('title')}>
                    {incident.title}
                    <div class="muted">{incident.incidentId}</div>
                  </td>
                  <td data-label={t('receivedAt')}>{formatTime(incident.receivedAt)}</td>
                  <td class="row-actions">
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
  // Issue 14 item 3: no unit until the duty officer picks one — a default checked the first unit by mistake.
  const [unitId, setUnitId] = useState('');
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
          <select name="unitId" required value={unitId} onChange={(event) => setUnitId(event.currentTarget.value)}>
            <option value="" disabled>
              {t('chooseUnit')}
            </option>
            {reporting.map((unit) => (
              <option key={unit.unitId} value={unit.unitId}>
                {unit.name[locale.value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('note')}{' '}
          <input name="note" value={note} maxLength={500} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <button type="submit">{t('submit')}</button>
      </form>
      {result.ok && <p class="ok">{result.ok}</p>}
      <FormError error={result.error} />
    </section>
  );
}
