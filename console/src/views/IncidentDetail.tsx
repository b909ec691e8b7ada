import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { download, getJson, postJson } from '../api';
import type { ConsoleConfig } from '../config';
import type { IncidentDocument } from '../duty-types';
import { usePolling } from '../hooks';
import { formatTime, locale, t } from '../i18n';
import { e164 } from '../intake-fields';
import { hrefOf } from '../router';
import { timelineSentence, type TimelineContext } from '../timeline';
import type { AuditExport, IncidentDetail as Incident, LocalExecution, MessageRecord, UnitSummary } from '../types';
import { ErrorNote, FormError } from './common';
import { PRINTABLE_KINDS, ReportElements } from './ReportDocument';

interface IncidentDetailProps {
  incidentId: string;
  config: ConsoleConfig;
  units: UnitSummary[];
  canAct: boolean;
  onBack: () => void;
}

/**
 * One incident, read as a document: its deadlines; every report with all its elements (R-ELEMENTS), each written,
 * follow-up or final one printable; each verification question with its answers (R-VERIFY-20-40); each instruction
 * with its feedback (R-INSTRUCTION-12H); acknowledgements and every escalation sent (R-LADDER); the timeline in plain
 * sentences in Beijing time (R-AUDIT), and the executions behind it.
 */
export function IncidentDetail({ incidentId, config, units, canAct, onBack }: IncidentDetailProps) {
  const path = `/incidents/${encodeURIComponent(incidentId)}`;
  const incident = usePolling(() => getJson<IncidentDocument>(path), 3000, [incidentId]);
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
          <dl class="facts duty-facts">
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
            <dt>{t('duty.verified')}</dt>
            <dd>{t(value.verified ? 'duty.verifiedYes' : 'duty.verifiedNo')}</dd>
            {value.source === 'media' && (
              <>
                <dt>{t('duty.mediaOrigin')}</dt>
                <dd data-testid="media-source">
                  {t('duty.source.media')}: {value.mediaSource}
                </dd>
              </>
            )}
          </dl>

          <section>
            <h3>{t('obligations')}</h3>
            <table data-testid="incident-obligations" class="duty-stack">
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
                  <tr
                    key={obligation.obligationId}
                    data-obligation={obligation.obligationId}
                    class={obligation.status === 'overdue' ? 'overdue' : ''}
                  >
                    <td data-label={t('obligation')}>
                      {t(`kind.${obligation.kind}`)} <span class="muted">{obligation.obligationId}</span>
                    </td>
                    <td data-label={t('dueAt')}>{formatTime(obligation.dueAt)}</td>
                    <td data-label={t('status')}>
                      {obligation.status === 'closed'
                        ? t(`status.closed-while-${obligation.closedWhile ?? 'pending'}`)
                        : t(`status.${obligation.status}`)}
                    </td>
                    <td data-label={t('time')}>{formatTime(obligation.metAt ?? obligation.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <Collapsible title={`${t('duty.reports')} (${value.reports.length})`} testId="reports">
            <Reports incident={value} unitName={unitName} />
          </Collapsible>

          <Collapsible
            title={`${t('duty.verificationRequests')} (${value.verificationRequests.length})`}
            testId="verification-requests"
          >
            <VerificationRequests
              incident={value}
              path={path}
              canAct={canAct && value.status === 'open'}
              onDone={incident.reload}
            />
          </Collapsible>

          <Collapsible title={`${t('duty.instructions')} (${value.instructions.length})`} testId="instructions">
            <Instructions incident={value} />
          </Collapsible>

          <Collapsible
            title={`${t('duty.acknowledgements')} (${value.acknowledgements.length})`}
            testId="acknowledgements"
          >
            <Acknowledgements incident={value} />
          </Collapsible>

          <Collapsible title={t('escalations')} testId="escalations-section" alwaysOpen>
            <Escalations messages={value.messages} unitName={unitName} />
          </Collapsible>

          {canAct && value.status === 'open' && (
            <section class="actions">
              <VerificationRequestForm path={path} onDone={incident.reload} />
              <InstructionForm path={path} onDone={incident.reload} />
            </section>
          )}

          <Collapsible title={t('timeline')} testId="timeline-section">
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
            <Timeline incident={value} unitName={unitName} />
          </Collapsible>

          <Collapsible title={t('executions')} testId="executions-section">
            <Executions config={config} incident={value} />
          </Collapsible>
        </>
      )}
    </div>
  );
}

/** A word in brackets, as each language writes them: `（电话）`, ` (by phone)`. */
const aside = (words: string): string => (locale.value === 'zh-CN' ? `（${words}）` : ` (${words})`);

/** Below 640 px a section starts folded (the page stays short on a phone); at a desk it starts open. */
const wideScreen = (): boolean => typeof matchMedia !== 'function' || matchMedia('(min-width: 641px)').matches;

function Collapsible({
  title,
  testId,
  alwaysOpen,
  children,
}: {
  title: string;
  testId: string;
  /** Open on a phone too: what the duty officer reads first (the escalations sent). */
  alwaysOpen?: boolean;
  children: ComponentChildren;
}) {
  const [open] = useState(() => alwaysOpen === true || wideScreen());
  return (
    <section class="duty-section" data-testid={testId}>
      <details open={open}>
        <summary>
          <h3>{title}</h3>
        </summary>
        {children}
      </details>
    </section>
  );
}

/** R-LIFECYCLE, R-ELEMENTS: every report in the order filed, each with all its elements; the documents print. */
function Reports({ incident, unitName }: { incident: IncidentDocument; unitName: (unitId: string) => string }) {
  if (incident.reports.length === 0) return <p class="empty">{t('duty.noReports')}</p>;
  const reports = [...incident.reports].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return (
    <div class="duty-reports">
      {reports.map((report) => (
        <article key={report.reportId} class="duty-report" data-testid="report" data-kind={report.kind}>
          <h4>
            {t(`duty.report.${report.kind}`)} ·{' '}
            {/* R-MEDIA: the first "report" of a media item is what the office found, not a unit's report. */}
            {report.kind === 'first' && incident.source === 'media'
              ? t('duty.source.media')
              : t(`duty.channel.${report.channel}`)}{' '}
            ·{' '}
            <span class="muted">
              {formatTime(report.receivedAt)} · {report.reportId}
            </span>
          </h4>
          <ReportElements report={report} incident={incident} unitName={unitName} />
          {PRINTABLE_KINDS.includes(report.kind) && (
            <p class="no-print">
              <a
                class="duty-button"
                data-testid="print-report"
                href={hrefOf({ name: 'report-print', incidentId: incident.incidentId, reportId: report.reportId })}
              >
                {t('duty.print')}
              </a>
            </p>
          )}
        </article>
      ))}
    </div>
  );
}

/** R-VERIFY-20-40, R-MEDIA: each question the office asked, with each answer the unit gave. */
function VerificationRequests({
  incident,
  path,
  canAct,
  onDone,
}: {
  incident: IncidentDocument;
  path: string;
  canAct: boolean;
  onDone: () => void;
}) {
  if (incident.verificationRequests.length === 0) return <p class="empty">{t('duty.noVerificationRequests')}</p>;
  return (
    <div class="duty-qa">
      {incident.verificationRequests.map((request) => {
        const answers = incident.verificationAnswers.filter((answer) => answer.requestId === request.requestId);
        return (
          <article key={request.requestId} data-testid="verification-request" data-request={request.requestId}>
            <p class="duty-question">
              <strong>{t('question')}:</strong> {request.question}
            </p>
            <p class="muted">
              {t('duty.requestedAt')} {formatTime(request.requestedAt)} · {request.requestId}
              {request.writtenAnswerRequired ? ` · ${t('writtenAnswerRequired')}` : ''}
              {request.origin === 'media' ? ` · ${t('duty.origin.media')}` : ''}
            </p>
            {answers.length === 0 && <p class="empty">{t('duty.noAnswer')}</p>}
            {answers.map((answer) => (
              <blockquote key={answer.answerId} data-testid="verification-answer">
                <p>
                  <strong>
                    {t('duty.answer')}
                    {aside(t(`duty.channel.${answer.channel}`))}:
                  </strong>{' '}
                  {answer.answer}
                </p>
                <p class="muted">
                  {formatTime(answer.answeredAt)}
                  {answer.answeredBy
                    ? ` · ${t('duty.answeredBy')} ${answer.answeredBy.name} ${answer.answeredBy.phone}`
                    : ''}
                  {answer.lateReason ? ` · ${t('duty.lateReason')}: ${answer.lateReason}` : ''}
                </p>
              </blockquote>
            ))}
            {canAct && !answers.some((answer) => answer.channel === 'phone') && (
              <PhoneAnswerForm
                path={`${path}/verification-requests/${encodeURIComponent(request.requestId)}/answers`}
                onDone={onDone}
              />
            )}
          </article>
        );
      })}
    </div>
  );
}

/**
 * R-VERIFY-20-40: the unit often answers by calling back; the duty officer logs the phone answer it gave (the API
 * lets the duty office answer for every unit), which meets the 20-minute obligation.
 */
function PhoneAnswerForm({ path, onDone }: { path: string; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<Error>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await postJson(path, {
        channel: 'phone',
        answer,
        ...(name.trim() || phone.trim() ? { answeredBy: { name, phone: e164(phone) } } : {}),
      });
      setError(undefined);
      setAnswer('');
      onDone();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <details class="duty-answer-form">
      <summary>{t('duty.logPhoneAnswer')}</summary>
      <form class="duty-form" onSubmit={submit} data-testid="phone-answer-form">
        <label class="wide">
          {t('duty.phoneAnswer')}
          <textarea
            name="answer"
            value={answer}
            maxLength={8000}
            rows={2}
            onInput={(event) => setAnswer(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('duty.answeredBy')}
          <input
            name="answeredByName"
            value={name}
            maxLength={50}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          {t('duty.callerPhone')}
          <input
            name="answeredByPhone"
            type="tel"
            value={phone}
            onInput={(event) => setPhone(event.currentTarget.value)}
          />
        </label>
        <p class="wide">
          <button type="submit">{t('submit')}</button>
        </p>
        <div class="wide">
          <FormError error={error} />
        </div>
      </form>
    </details>
  );
}

/** R-INSTRUCTION-12H: each leader's instruction, with the unit's feedback on it. */
function Instructions({ incident }: { incident: IncidentDocument }) {
  if (incident.instructions.length === 0) return <p class="empty">{t('duty.noInstructions')}</p>;
  return (
    <div class="duty-qa">
      {incident.instructions.map((instruction) => {
        const feedback = incident.instructionFeedback.filter(
          (item) => item.instructionId === instruction.instructionId,
        );
        return (
          <article
            key={instruction.instructionId}
            data-testid="instruction"
            data-instruction={instruction.instructionId}
          >
            <p class="duty-question">
              <strong>
                {instruction.leader}
                {instruction.leaderLevel ? aside(t(`level.${instruction.leaderLevel}`)) : ''}:
              </strong>{' '}
              {instruction.text}
            </p>
            <p class="muted">
              {t('duty.instructionReceivedAt')} {formatTime(instruction.receivedAt)} · {instruction.instructionId}
            </p>
            {feedback.length === 0 && <p class="empty">{t('duty.noFeedback')}</p>}
            {feedback.map((item) => (
              <blockquote key={item.feedbackId} data-testid="instruction-feedback">
                <p>
                  <strong>{t('duty.feedback')}:</strong> {item.text}
                </p>
                {item.measuresTaken && (
                  <p>
                    <strong>{t('duty.element.measuresTaken')}:</strong> {item.measuresTaken}
                  </p>
                )}
                <p class="muted">
                  {formatTime(item.filedAt)}
                  {item.reporter ? ` · ${item.reporter.name} ${item.reporter.phone}` : ''}
                  {item.lateReason ? ` · ${t('duty.lateReason')}: ${item.lateReason}` : ''}
                </p>
              </blockquote>
            ))}
          </article>
        );
      })}
    </div>
  );
}

/** R-LADDER: who acknowledged which escalation, when and how. */
function Acknowledgements({ incident }: { incident: IncidentDocument }) {
  if (incident.acknowledgements.length === 0) return <p class="empty">{t('duty.noAcknowledgements')}</p>;
  return (
    <ul class="duty-list">
      {incident.acknowledgements.map((acknowledgement) => (
        <li key={`${acknowledgement.obligationId}/${acknowledgement.escalationStep}/${acknowledgement.contactId}`}>
          {formatTime(acknowledgement.acknowledgedAt)} · {acknowledgement.contactId} ·{' '}
          {t(
            `kind.${incident.obligations.find((item) => item.obligationId === acknowledgement.obligationId)?.kind ?? ''}`,
          )}{' '}
          ·{' '}
          {t('duty.ackLine')
            .replace('{step}', String(acknowledgement.escalationStep))
            .replace('{code}', acknowledgement.code)
            .replace('{via}', t(`via.${acknowledgement.via}`))}
        </li>
      ))}
    </ul>
  );
}

/** R-AUDIT: the timeline as sentences in Beijing time (console/src/timeline.ts), each raw event one click away. */
function Timeline({ incident, unitName }: { incident: IncidentDocument; unitName: (unitId: string) => string }) {
  const context: TimelineContext = { ...incident, unitName };
  let previousDate = '';
  return (
    <ol class="duty-timeline" data-testid="timeline">
      {incident.timeline.map((event) => {
        const sentence = timelineSentence(event, context, locale.value);
        const newDay = sentence.date !== previousDate;
        previousDate = sentence.date;
        return (
          <li key={event.seq} data-type={event.type} data-seq={event.seq}>
            {newDay && <div class="duty-day">{sentence.date}</div>}
            <details>
              <summary>
                <time dateTime={event.at}>{sentence.time}</time> <span class="duty-sentence">{sentence.text}</span>
              </summary>
              <p class="muted">
                #{event.seq} · {t(`event.${event.type}`)} · {event.actor} · {formatTime(event.at)}
              </p>
              <pre class="duty-raw">{JSON.stringify(event, null, 2)}</pre>
            </details>
          </li>
        );
      })}
    </ol>
  );
}

/** R-LADDER: every message sent about the incident: who, when, which step, and whether it arrived. */
function Escalations({ messages, unitName }: { messages: MessageRecord[]; unitName: (unitId: string) => string }) {
  if (messages.length === 0) return <p class="empty">{t('noMessages')}</p>;
  const sorted = [...messages].sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt));
  return (
    <table data-testid="escalations" class="duty-stack">
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
              <td data-label={t('sentAt')}>{formatTime(message.sentAt ?? message.claimedAt)}</td>
              <td data-label={t('purpose')}>
                {t(`purpose.${message.purpose}`)}
                {message.obligationId ? ` · ${message.obligationId}` : ''}
              </td>
              <td data-label={t('step')}>
                {message.escalationStep !== undefined
                  ? `${message.escalationStep}${message.repeat ? ` (+${message.repeat})` : ''}`
                  : '—'}
              </td>
              <td data-label={t('recipient')}>
                {message.contactName}
                <div class="muted">
                  {unitName(message.unitId)} · {message.to}
                </div>
              </td>
              <td data-label={t('channel')}>{message.channel === 'sms' ? 'SMS' : 'E-mail'}</td>
              <td data-label={t('status')} title={message.lastError ?? ''}>
                {t(`message.${state}`)}
              </td>
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
