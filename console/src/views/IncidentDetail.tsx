import { useState } from 'preact/hooks';
import { download, getJson, postJson } from '../api';
import type { ConsoleConfig } from '../config';
import { usePolling } from '../hooks';
import { formatTime, locale, t } from '../i18n';
import type { AuditExport, IncidentDetail as Incident, LocalExecution, MessageRecord, UnitSummary } from '../types';
import { ErrorNote, FormError } from './common';

interface IncidentDetailProps {
  incidentId: string;
  config: ConsoleConfig;
  units: UnitSummary[];
  canAct: boolean;
  onBack: () => void;
}

/**
 * One incident: its deadlines, every escalation sent (who, when, which step, delivered or not), its timeline and its
 * executions.
 */
export function IncidentDetail({ incidentId, config, units, canAct, onBack }: IncidentDetailProps) {
  const path = `/incidents/${encodeURIComponent(incidentId)}`;
  const incident = usePolling(() => getJson<Incident>(path), 3000, [incidentId]);
  const audit = usePolling(() => getJson<AuditExport>(`${path}/audit`), 10_000, [incidentId]);
  const unitName = (unitId: string) => units.find((unit) => unit.unitId === unitId)?.name[locale.value] ?? unitId;
  const value = incident.value;
  return (
    <div class="incident" data-testid="incident-detail">
      <p>
        <a
          href="#"
          onClick={(event) => {
            event.preventDefault();
            onBack();
          }}
        >
          ← {t('back')}
        </a>
      </p>
      <ErrorNote error={incident.error} />
      {!value && !incident.error && <p>{t('loading')}</p>}
      {value && (
        <>
          <h2>
            <span class={`severity severity-${value.severity}`}>{t(`severity.${value.severity}`)}</span> {value.title}
          </h2>
          <dl class="facts">
            <dt>{t('incident')}</dt>
            <dd>{value.incidentId}</dd>
            <dt>{t('unit')}</dt>
            <dd>{unitName(value.unitId)}</dd>
            <dt>{t('status')}</dt>
            <dd>{t(`status.${value.status}`)}</dd>
            <dt>{t('occurredAt')}</dt>
            <dd>{formatTime(value.occurredAt)}</dd>
            <dt>{t('receivedAt')}</dt>
            <dd>{formatTime(value.receivedAt)}</dd>
            <dt>{t('location')}</dt>
            <dd>{value.location}</dd>
          </dl>

          <section>
            <h3>{t('obligations')}</h3>
            <table data-testid="incident-obligations">
              <thead>
                <tr>
                  <th>{t('obligation')}</th>
                  <th>{t('dueAt')}</th>
                  <th>{t('status')}</th>
                  <th>{t('time')}</th>
                </tr>
              </thead>
              <tbody>
                {value.obligations.map((obligation) => (
                  <tr key={obligation.obligationId} class={obligation.status === 'overdue' ? 'overdue' : ''}>
                    <td>
                      {t(`kind.${obligation.kind}`)} <span class="muted">{obligation.obligationId}</span>
                    </td>
                    <td>{formatTime(obligation.dueAt)}</td>
                    <td>
                      {obligation.status === 'closed'
                        ? t(`status.closed-while-${obligation.closedWhile ?? 'pending'}`)
                        : t(`status.${obligation.status}`)}
                    </td>
                    <td>{formatTime(obligation.metAt ?? obligation.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section>
            <h3>{t('escalations')}</h3>
            <Escalations messages={value.messages} unitName={unitName} />
          </section>

          {canAct && value.status === 'open' && (
            <section class="actions">
              <VerificationRequestForm path={path} onDone={incident.reload} />
              <InstructionForm path={path} onDone={incident.reload} />
            </section>
          )}

          <section>
            <h3>{t('timeline')}</h3>
            {audit.value &&
              (audit.value.verification.valid ? (
                <p class="ok">{t('chainValid')}</p>
              ) : (
                <p class="error">
                  {t('chainBroken')}
                  {JSON.stringify(audit.value.verification.problems)}
                </p>
              ))}
            <p class="buttons">
              <button
                type="button"
                data-testid="download-audit-json"
                onClick={() => void download(`${path}/audit?download=1`, `${incidentId}-audit.json`)}
              >
                {t('downloadJson')}
              </button>
              <button
                type="button"
                data-testid="download-audit-csv"
                onClick={() => void download(`${path}/audit?format=csv`, `${incidentId}-audit.csv`)}
              >
                {t('downloadCsv')}
              </button>
            </p>
            <table data-testid="timeline">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('time')}</th>
                  <th>{t('purpose')}</th>
                  <th>{t('actor')}</th>
                  <th>{t('detail')}</th>
                </tr>
              </thead>
              <tbody>
                {value.timeline.map((event) => (
                  <tr key={event.seq}>
                    <td>{event.seq}</td>
                    <td>{formatTime(event.at)}</td>
                    <td>{t(`event.${event.type}`)}</td>
                    <td>{event.actor}</td>
                    <td class="detail">{summarize(event.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section>
            <h3>{t('executions')}</h3>
            <Executions config={config} incident={value} />
          </section>
        </>
      )}
    </div>
  );
}

const summarize = (detail: Record<string, unknown>): string =>
  Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== null && typeof value !== 'object')
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' · ');

/** R-LADDER: every message sent about the incident: who, when, which step, and whether it arrived. */
function Escalations({ messages, unitName }: { messages: MessageRecord[]; unitName: (unitId: string) => string }) {
  if (messages.length === 0) return <p class="empty">{t('noMessages')}</p>;
  const sorted = [...messages].sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt));
  return (
    <table data-testid="escalations">
      <thead>
        <tr>
          <th>{t('sentAt')}</th>
          <th>{t('purpose')}</th>
          <th>{t('step')}</th>
          <th>{t('recipient')}</th>
          <th>{t('channel')}</th>
          <th>{t('status')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((message) => {
          const state =
            message.deliveryStatus === 'failed' ? 'undelivered' : message.permanentFailure ? 'refused' : message.status;
          return (
            <tr
              key={`${message.messageKey}/${message.to}/${message.channel}`}
              data-testid="escalation-row"
              data-purpose={message.purpose}
              class={
                state === 'failed' || state === 'undelivered' || state === 'refused' || state === 'unconfirmed'
                  ? 'overdue'
                  : ''
              }
            >
              <td>{formatTime(message.sentAt ?? message.claimedAt)}</td>
              <td>
                {t(`purpose.${message.purpose}`)}
                {message.obligationId ? ` · ${message.obligationId}` : ''}
              </td>
              <td>
                {message.escalationStep !== undefined
                  ? `${message.escalationStep}${message.repeat ? ` (+${message.repeat})` : ''}`
                  : '—'}
              </td>
              <td>
                {message.contactName}
                <div class="muted">
                  {unitName(message.unitId)} · {message.to}
                </div>
              </td>
              <td>{message.channel === 'sms' ? 'SMS' : 'E-mail'}</td>
              <td title={message.lastError ?? ''}>{t(`message.${state}`)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The executions behind the incident: the local engine's history, or links to the Step Functions console. */
function Executions({ config, incident }: { config: ConsoleConfig; incident: Incident }) {
  if (config.workflow.mode === 'aws') {
    const { region, incidentStateMachineArn, obligationStateMachineArn } = config.workflow;
    const host = incidentStateMachineArn.startsWith('arn:aws-cn:')
      ? 'https://console.amazonaws.cn'
      : `https://${region}.console.aws.amazon.com`;
    const executionArn = (stateMachineArn: string, name: string) =>
      `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const link = (arn: string) =>
      `${host}/states/home?region=${region}#/v2/executions/details/${encodeURIComponent(arn)}`;
    const executions = [
      { name: incident.incidentId, arn: executionArn(incidentStateMachineArn, incident.incidentId) },
      ...incident.obligations.map((obligation) => ({
        name: `${incident.incidentId}_${obligation.obligationId}`,
        arn: executionArn(obligationStateMachineArn, `${incident.incidentId}_${obligation.obligationId}`),
      })),
    ];
    return (
      <ul>
        {executions.map((execution) => (
          <li key={execution.name}>
            <a href={link(execution.arn)} target="_blank" rel="noopener">
              {execution.name}
            </a>{' '}
            — {t('openInAwsConsole')}
          </li>
        ))}
      </ul>
    );
  }
  return <LocalExecutions incidentId={incident.incidentId} />;
}

function LocalExecutions({ incidentId }: { incidentId: string }) {
  const executions = usePolling(
    () => getJson<{ executions: LocalExecution[] }>(`/local/executions?incident=${encodeURIComponent(incidentId)}`),
    5000,
    [incidentId],
  );
  if (executions.error) return <ErrorNote error={executions.error} />;
  if (!executions.value) return <p>{t('loading')}</p>;
  if (executions.value.executions.length === 0) return <p class="empty">{t('noExecutions')}</p>;
  return (
    <div data-testid="executions">
      {executions.value.executions.map((execution) => (
        <details key={execution.executionArn}>
          <summary>
            {execution.name} — <strong>{execution.status}</strong> · {formatTime(execution.startDate)}
          </summary>
          <ol class="history">
            {execution.history.map((entry, index) => (
              <li key={index}>
                {formatTime(entry.timestamp)} {entry.type}
                {entry.stateName ? ` “${entry.stateName}”` : ''}
                {entry.error ? ` ${entry.error}: ${entry.cause ?? ''}` : ''}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </div>
  );
}

/** R-VERIFY-20-40: the duty office asks the unit to verify; answers are due in 20 (and 40) minutes. */
function VerificationRequestForm({ path, onDone }: { path: string; onDone: () => void }) {
  const [question, setQuestion] = useState('');
  const [written, setWritten] = useState(false);
  const [result, setResult] = useState<{ ok?: boolean; error?: Error }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await postJson(`${path}/verification-requests`, { question, writtenAnswerRequired: written });
      setResult({ ok: true });
      setQuestion('');
      onDone();
    } catch (error) {
      setResult({ error: error as Error });
    }
  };
  return (
    <form onSubmit={submit} data-testid="verification-form">
      <h3>{t('requestVerification')}</h3>
      <label>
        {t('question')}
        <textarea value={question} maxLength={2000} onInput={(event) => setQuestion(event.currentTarget.value)} />
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={written} onChange={(event) => setWritten(event.currentTarget.checked)} />{' '}
        {t('writtenAnswerRequired')}
      </label>
      <button type="submit">{t('submit')}</button>
      {result.ok && <p class="ok">{t('saved')}</p>}
      <FormError error={result.error} />
    </form>
  );
}

/** R-INSTRUCTION-12H: a leader's instruction; the unit's feedback is due within 12 hours of its receipt. */
function InstructionForm({ path, onDone }: { path: string; onDone: () => void }) {
  const [leader, setLeader] = useState('');
  const [level, setLevel] = useState<'province' | 'city' | 'county'>('county');
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok?: boolean; error?: Error }>({});
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await postJson(`${path}/instructions`, {
        leader,
        leaderLevel: level,
        text,
        receivedAt: new Date().toISOString(),
      });
      setResult({ ok: true });
      setText('');
      onDone();
    } catch (error) {
      setResult({ error: error as Error });
    }
  };
  return (
    <form onSubmit={submit} data-testid="instruction-form">
      <h3>{t('recordInstruction')}</h3>
      <label>
        {t('leader')}
        <input value={leader} maxLength={100} onInput={(event) => setLeader(event.currentTarget.value)} />
      </label>
      <label>
        {t('leaderLevel')}
        <select value={level} onChange={(event) => setLevel(event.currentTarget.value as typeof level)}>
          {(['province', 'city', 'county'] as const).map((option) => (
            <option key={option} value={option}>
              {t(`level.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('instructionText')}
        <textarea value={text} maxLength={4000} onInput={(event) => setText(event.currentTarget.value)} />
      </label>
      <button type="submit">{t('submit')}</button>
      {result.ok && <p class="ok">{t('saved')}</p>}
      <FormError error={result.error} />
    </form>
  );
}
