import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../../api';
import { draftKey, useDraftForm, type DraftForm } from '../../drafts';
import { usePolling } from '../../hooks';
import { formatTime, locale, t } from '../../i18n';
import { hrefOf } from '../../router';
import type { ObligationSummary } from '../../types';
import { ErrorNote, FormError } from '../common';
import { beijingClockToIso, beijingInputToIso } from '../../intake-fields';
import { Attachments } from '../attachments';
import { missingElements, REPORT_ELEMENT_NAMES, REPORT_ELEMENTS } from '../../../../functions/domain/elements';
import type { Instruction, VerificationRequest } from '../../../../functions/domain/incident';
import type { ObligationOrigin } from '../../../../functions/domain/obligations';
import type { SpotCheck } from '../../../../functions/domain/spot-checks';

/** A spot check as GET /spot-checks answers it (R-SPOTCHECK). */
export type SpotCheckSummary = Pick<
  SpotCheck,
  'spotCheckId' | 'unitId' | 'startedAt' | 'dueAt' | 'note' | 'acknowledgedAt'
> & {
  result?: string;
  drillSpeed?: number;
};

/** What the reporter's forms read of GET /incidents/{id}: the incident, its deadlines, questions and instructions. */
interface IncidentForReporter {
  incidentId: string;
  unitId: string;
  title: string;
  status: 'open' | 'closed';
  occurredAt: string;
  location: string;
  obligations: (ObligationSummary & { origin?: ObligationOrigin })[];
  verificationRequests: Pick<VerificationRequest, 'requestId' | 'question' | 'writtenAnswerRequired' | 'requestedAt'>[];
  instructions: Pick<Instruction, 'instructionId' | 'leader' | 'text' | 'receivedAt'>[];
}

const REPORTER_KEY = 'console.reporter';

/** Who reports for this unit on this device: remembered after a filing, so the next form starts with it. */
function rememberedReporter(unitId: string): { reporterName: string; reporterPhone: string } {
  try {
    const stored = JSON.parse(localStorage.getItem(`${REPORTER_KEY}/${unitId}`) ?? '{}') as Record<string, string>;
    return { reporterName: stored.reporterName ?? '', reporterPhone: stored.reporterPhone ?? '' };
  } catch {
    return { reporterName: '', reporterPhone: '' };
  }
}

function rememberReporter(unitId: string, fields: { reporterName: string; reporterPhone: string }): void {
  if (fields.reporterName.trim() && fields.reporterPhone.trim())
    localStorage.setItem(`${REPORTER_KEY}/${unitId}`, JSON.stringify(fields));
}

const trimmed = (text: string) => (text.trim() ? text.trim() : undefined);

function reporterOf(fields: { reporterName: string; reporterPhone: string }) {
  const name = trimmed(fields.reporterName);
  const phone = trimmed(fields.reporterPhone);
  return name || phone ? { name: name ?? '', phone: phone ?? '' } : undefined;
}

/** Now in Beijing time, as a datetime-local value. */
function beijingNowLocal(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A labelled field; every input on a reporter's form has a visible label (and so a name axe accepts). */
function Field({ label, children, wide }: { label: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <label class={`field${wide ? ' wide' : ''}`}>
      <span>{label}</span>
      {children}
    </label>
  );
}

type TextProps = { value: string; onInput: (value: string) => void; name: string; required?: boolean };
const Text = ({
  value,
  onInput,
  name,
  required,
  type = 'text',
}: TextProps & { type?: 'text' | 'tel' | 'time' | 'datetime-local' }) => {
  const common = {
    name,
    value,
    required,
    onInput: (event: { currentTarget: HTMLInputElement }) => onInput(event.currentTarget.value),
  };
  // preact types each kind of input apart, so each gets its own element.
  if (type === 'tel') return <input type="tel" {...common} />;
  if (type === 'time' || type === 'datetime-local') return <input type={type} {...common} />;
  return <input type="text" {...common} />;
};
const Area = ({ value, onInput, name, required }: TextProps) => (
  <textarea
    name={name}
    rows={3}
    value={value}
    required={required}
    onInput={(event) => onInput(event.currentTarget.value)}
  />
);

/**
 * The submit button and what became of the submit: sending, refused (each bad field named), or the network down — then
 * it says so and goes again by itself when the browser is back online (Issue 14), or by the button.
 */
function SubmitBar<F extends object, R>({
  form,
  label,
  disabled,
  describedBy,
}: {
  form: DraftForm<F, R>;
  label: string;
  disabled?: boolean;
  describedBy?: string;
}) {
  const { status } = form;
  return (
    <div class="submit-bar">
      <button
        type="submit"
        class="big-button"
        data-testid="submit"
        disabled={disabled || status.state === 'sending' || status.state === 'offline'}
        aria-describedby={describedBy}
      >
        {status.state === 'sending' ? t('sending') : label}
      </button>
      <p class="muted">{t('draftSaved')}</p>
      {status.state === 'offline' && (
        <div class="offline-note" role="status" data-testid="offline-note">
          <p>{t('offlineRetry')}</p>
          <button type="button" data-testid="retry" onClick={form.retry}>
            {t('retryNow')}
          </button>
        </div>
      )}
      {status.state === 'refused' && <FormError error={status.error} />}
    </div>
  );
}

/** After the API took the document: said plainly, with the way back to what is still owed. */
function Filed({ children }: { children?: ComponentChildren }) {
  return (
    <div class="filed" role="status" data-testid="filed">
      <p class="ok">{t('filed')}</p>
      {children}
      <a class="big-button" href={hrefOf({ name: 'board' })} data-testid="back-home">
        {t('backHome')}
      </a>
    </div>
  );
}

/** 迟报原因: asked for when the document is past its deadline (R-LIFECYCLE: a late one keeps why). */
function LateReason({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  return (
    <div class="late-ask" data-testid="late-reason">
      <p class="error">{t('lateAsk')}</p>
      <Field label={t('fieldLateReason')} wide>
        <Area name="lateReason" value={value} onInput={onInput} required />
      </Field>
    </div>
  );
}

function PageHead({ title, incident }: { title: string; incident?: IncidentForReporter }) {
  return (
    <>
      <p>
        <a href={hrefOf({ name: 'board' })}>← {t('backHome')}</a>
      </p>
      <h2>{title}</h2>
      {incident && (
        <p class="muted">
          {incident.title} · {incident.incidentId}
        </p>
      )}
    </>
  );
}

function useIncident(incidentId: string) {
  return usePolling(() => getJson<IncidentForReporter>(`/incidents/${encodeURIComponent(incidentId)}`), 0, [
    incidentId,
  ]);
}

/**
 * `#/incidents/<id>/obligations/<obligationId>` for a reporter — the link in an escalation e-mail lands here, on the
 * form that meets that obligation, ready to file (Issue 14).
 */
export function ReporterObligation({
  incidentId,
  obligationId,
  unitId,
}: {
  incidentId: string;
  obligationId: string;
  unitId: string;
}) {
  const incident = useIncident(incidentId);
  if (incident.error) return <ErrorNote error={incident.error} />;
  if (!incident.value) return <p>{t('loading')}</p>;
  const obligation = incident.value.obligations.find((candidate) => candidate.obligationId === obligationId);
  if (!obligation)
    return (
      <section>
        <PageHead title={t('notOwed')} incident={incident.value} />
      </section>
    );
  const owed = obligation.status === 'pending' || obligation.status === 'overdue';
  if (!owed)
    return (
      <section data-testid="obligation-done">
        <PageHead title={t(`kind.${obligation.kind}`)} incident={incident.value} />
        <p>
          {t('alreadyDone')}
          {t(`status.${obligation.status}`)} {formatTime(obligation.metAt ?? obligation.closedAt)}
        </p>
      </section>
    );
  switch (obligation.kind) {
    case 'written-report':
      return <ReportForm incident={incident.value} kind="written" unitId={unitId} dueAt={obligation.dueAt} />;
    case 'follow-up':
      return (
        <ReportForm
          incident={incident.value}
          kind="follow-up"
          unitId={unitId}
          dueAt={obligation.dueAt}
          formId={obligation.obligationId}
        />
      );
    case 'verification-phone':
    case 'verification-written': {
      const request = incident.value.verificationRequests.find(
        (candidate) => candidate.requestId === obligation.origin?.verificationRequestId,
      );
      return request ? (
        <VerificationAnswerForm
          incident={incident.value}
          request={request}
          channel={obligation.kind === 'verification-written' ? 'written' : 'phone'}
          unitId={unitId}
          dueAt={obligation.dueAt}
        />
      ) : (
        <PageHead title={t('notOwed')} incident={incident.value} />
      );
    }
    case 'instruction-feedback': {
      const instruction = incident.value.instructions.find(
        (candidate) => candidate.instructionId === obligation.origin?.instructionId,
      );
      return instruction ? (
        <InstructionFeedbackForm
          incident={incident.value}
          instruction={instruction}
          unitId={unitId}
          dueAt={obligation.dueAt}
        />
      ) : (
        <PageHead title={t('notOwed')} incident={incident.value} />
      );
    }
  }
}

/** `#/incidents/<id>/final-report`: the final report that closes the incident (R-LIFECYCLE, R-ELEMENTS). */
export function ReporterFinalReport({ incidentId, unitId }: { incidentId: string; unitId: string }) {
  const incident = useIncident(incidentId);
  if (incident.error) return <ErrorNote error={incident.error} />;
  if (!incident.value) return <p>{t('loading')}</p>;
  return <ReportForm incident={incident.value} kind="final" unitId={unitId} />;
}

interface ReportFields {
  summary: string;
  cause: string;
  deaths: string;
  injured: string;
  missing: string;
  losses: string;
  measuresTaken: string;
  trend: string;
  reporterName: string;
  reporterPhone: string;
  lateReason: string;
  /** R-INTAKE: the photos and videos uploaded for this document, kept with the draft. */
  attachmentIds?: string[];
  /** R-ELEMENTS (place): the phone's position, when the reporter asked for it. */
  coordinates?: { latitude: number; longitude: number; accuracyMeters?: number };
}

const count = (text: string) => (text.trim() ? Number(text) : 0);

/**
 * A written (R-WRITTEN-30), follow-up (R-FOLLOWUP) or final report (R-LIFECYCLE). R-ELEMENTS: the checklist is the
 * domain's own `missingElements`, so the form and the API agree on what is missing; it updates as the reporter types,
 * and a final report cannot be submitted until it is complete (the API would refuse it with 422).
 */
function ReportForm({
  incident,
  kind,
  unitId,
  dueAt,
  formId = kind,
}: {
  incident: IncidentForReporter;
  kind: 'written' | 'follow-up' | 'final';
  unitId: string;
  dueAt?: string;
  formId?: string;
}) {
  const form = useDraftForm<ReportFields, unknown>(draftKey(unitId, incident.incidentId, formId), {
    summary: '',
    cause: '',
    deaths: '',
    injured: '',
    missing: '',
    losses: '',
    measuresTaken: '',
    trend: '',
    lateReason: '',
    ...rememberedReporter(unitId),
  });
  const { fields, update } = form;
  // Files uploaded before a reload stay with the draft: the picker shows only this visit's, so they are added to its.
  const [keptAttachmentIds] = useState(() => fields.attachmentIds ?? []);
  const late = useLate(dueAt);
  const casualtiesGiven = [fields.deaths, fields.injured, fields.missing].some((value) => value.trim() !== '');
  const body = {
    kind,
    summary: fields.summary.trim(),
    ...optional('cause', trimmed(fields.cause)),
    ...(casualtiesGiven
      ? { casualties: { deaths: count(fields.deaths), injured: count(fields.injured), missing: count(fields.missing) } }
      : {}),
    ...optional('losses', trimmed(fields.losses)),
    ...optional('measuresTaken', trimmed(fields.measuresTaken)),
    ...optional('trend', trimmed(fields.trend)),
    ...optional('reporter', reporterOf(fields)),
    ...(late ? optional('lateReason', trimmed(fields.lateReason)) : {}),
    ...(fields.attachmentIds?.length ? { attachmentIds: fields.attachmentIds } : {}),
    ...optional('coordinates', fields.coordinates),
  };
  const missing = missingElements(body, incident);
  const blocked = kind === 'final' && missing.length > 0;
  const title = t(kind === 'written' ? 'formWritten' : kind === 'follow-up' ? 'formFollowUp' : 'formFinal');
  if (form.status.state === 'done') {
    return (
      <section data-testid="report-form" data-kind={kind}>
        <PageHead title={title} incident={incident} />
        <Filed />
      </section>
    );
  }
  return (
    <section data-testid="report-form" data-kind={kind}>
      <PageHead title={title} incident={incident} />
      <form
        class="reporter-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (blocked) return;
          rememberReporter(unitId, fields);
          form.submit(`/incidents/${encodeURIComponent(incident.incidentId)}/reports`, body);
        }}
      >
        <Field label={t('fieldSummary')} wide>
          <Area name="summary" value={fields.summary} onInput={(summary) => update({ summary })} required />
        </Field>
        <Field label={t('fieldCause')} wide>
          <Area name="cause" value={fields.cause} onInput={(cause) => update({ cause })} />
        </Field>
        <CasualtyFields fields={fields} update={update} />
        <Field label={t('fieldLosses')} wide>
          <Area name="losses" value={fields.losses} onInput={(losses) => update({ losses })} />
        </Field>
        <Field label={t('fieldMeasures')} wide>
          <Area
            name="measuresTaken"
            value={fields.measuresTaken}
            onInput={(measuresTaken) => update({ measuresTaken })}
          />
        </Field>
        <Field label={t('fieldTrend')} wide>
          <Area name="trend" value={fields.trend} onInput={(trend) => update({ trend })} />
        </Field>
        <Attachments
          incidentId={incident.incidentId}
          onChange={(attachmentIds) =>
            update({
              attachmentIds: [...keptAttachmentIds, ...attachmentIds.filter((id) => !keptAttachmentIds.includes(id))],
            })
          }
          onLocation={(coordinates) => update({ coordinates })}
        />
        {(fields.attachmentIds?.length ?? 0) > 0 && (
          <p class="muted" data-testid="attachments-kept">
            {t('attachmentsKept').replace('{count}', String(fields.attachmentIds!.length))}
          </p>
        )}
        <ReporterFields fields={fields} update={update} />
        {late && <LateReason value={fields.lateReason} onInput={(lateReason) => update({ lateReason })} />}
        <ElementChecklist missing={missing} blocking={kind === 'final'} />
        <SubmitBar form={form} label={title} disabled={blocked} describedBy="element-checklist" />
      </form>
    </section>
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Dead, injured, missing (R-ELEMENTS: casualties and losses), as the written reports and the first report ask them. */
function CasualtyFields({
  fields,
  update,
}: {
  fields: Record<'deaths' | 'injured' | 'missing', string>;
  update: (change: Partial<Record<'deaths' | 'injured' | 'missing', string>>) => void;
}) {
  return (
    <fieldset class="casualties">
      <legend>{t('fieldCasualties')}</legend>
      {(['deaths', 'injured', 'missing'] as const).map((field) => (
        <Field key={field} label={t(`field${field[0].toUpperCase()}${field.slice(1)}`)}>
          <input
            name={field}
            type="number"
            min={0}
            inputMode="numeric"
            value={fields[field]}
            onInput={(event) => update({ [field]: event.currentTarget.value })}
          />
        </Field>
      ))}
    </fieldset>
  );
}

function ReporterFields({
  fields,
  update,
}: {
  fields: { reporterName: string; reporterPhone: string };
  update: (change: { reporterName?: string; reporterPhone?: string }) => void;
}) {
  return (
    <div class="pair">
      <Field label={t('fieldReporterName')}>
        <Text name="reporterName" value={fields.reporterName} onInput={(reporterName) => update({ reporterName })} />
      </Field>
      <Field label={t('fieldReporterPhone')}>
        <Text
          name="reporterPhone"
          type="tel"
          value={fields.reporterPhone}
          onInput={(reporterPhone) => update({ reporterPhone })}
        />
      </Field>
    </div>
  );
}

/** R-ELEMENTS: every element, ticked or not, and what is missing by name — as the API would name it. */
function ElementChecklist({ missing, blocking }: { missing: readonly string[]; blocking: boolean }) {
  const names = (element: (typeof REPORT_ELEMENTS)[number]) => REPORT_ELEMENT_NAMES[element][locale.value];
  return (
    <div class="element-checklist" id="element-checklist" data-testid="element-checklist" aria-live="polite">
      <h3>{t('elementsTitle')}</h3>
      <ul>
        {REPORT_ELEMENTS.map((element) => (
          <li key={element} class={missing.includes(element) ? 'missing' : 'present'} data-element={element}>
            <span aria-hidden="true">{missing.includes(element) ? '×' : '✓'}</span> {names(element)}
          </li>
        ))}
      </ul>
      <p class={missing.length > 0 ? 'error' : 'ok'} data-testid="elements-summary">
        {missing.length === 0
          ? t('elementsComplete')
          : `${t('elementsMissing')}${REPORT_ELEMENTS.filter((element) => missing.includes(element))
              .map(names)
              .join(locale.value === 'zh-CN' ? '、' : ', ')}`}
      </p>
      {blocking && missing.length > 0 && <p class="error">{t('finalNeedsElements')}</p>}
    </div>
  );
}

/** True once `dueAt` has passed: the form then asks for the 迟报原因. Rechecked every few seconds while it is open. */
function useLate(dueAt: string | undefined): boolean {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(timer);
  }, []);
  return dueAt !== undefined && Date.parse(dueAt) <= now;
}

interface AnswerFields {
  answer: string;
  reporterName: string;
  reporterPhone: string;
  lateReason: string;
}

/** R-VERIFY-20-40: the duty office's question stands above the answer. */
function VerificationAnswerForm({
  incident,
  request,
  channel,
  unitId,
  dueAt,
}: {
  incident: IncidentForReporter;
  request: IncidentForReporter['verificationRequests'][number];
  channel: 'phone' | 'written';
  unitId: string;
  dueAt: string;
}) {
  const form = useDraftForm<AnswerFields, unknown>(
    draftKey(unitId, incident.incidentId, `${request.requestId}-${channel}`),
    { answer: '', lateReason: '', ...rememberedReporter(unitId) },
  );
  const { fields, update } = form;
  const late = useLate(dueAt);
  const title = `${t('formVerification')} · ${t(channel === 'phone' ? 'answerByPhone' : 'answerInWriting')}`;
  return (
    <section data-testid="verification-form">
      <PageHead title={title} incident={incident} />
      <blockquote class="asked" data-testid="verification-question">
        <p class="muted">
          {t('verificationQuestion')} · {formatTime(request.requestedAt)}
        </p>
        <p>{request.question}</p>
      </blockquote>
      {form.status.state === 'done' ? (
        <Filed />
      ) : (
        <form
          class="reporter-form"
          onSubmit={(event) => {
            event.preventDefault();
            rememberReporter(unitId, fields);
            const answeredBy = reporterOf(fields);
            form.submit(
              `/incidents/${encodeURIComponent(incident.incidentId)}/verification-requests/${encodeURIComponent(request.requestId)}/answers`,
              {
                channel,
                answer: fields.answer.trim(),
                ...(answeredBy?.name && answeredBy.phone ? { answeredBy } : {}),
                ...(late ? optional('lateReason', trimmed(fields.lateReason)) : {}),
              },
            );
          }}
        >
          <Field label={t('fieldAnswer')} wide>
            <Area name="answer" value={fields.answer} onInput={(answer) => update({ answer })} required />
          </Field>
          <ReporterFields fields={fields} update={update} />
          {late && <LateReason value={fields.lateReason} onInput={(lateReason) => update({ lateReason })} />}
          <SubmitBar form={form} label={t('owed.verification-written')} />
        </form>
      )}
    </section>
  );
}

interface FeedbackFields {
  text: string;
  measuresTaken: string;
  reporterName: string;
  reporterPhone: string;
  lateReason: string;
}

/** R-INSTRUCTION-12H: the leader's instruction stands above the feedback. */
function InstructionFeedbackForm({
  incident,
  instruction,
  unitId,
  dueAt,
}: {
  incident: IncidentForReporter;
  instruction: IncidentForReporter['instructions'][number];
  unitId: string;
  dueAt: string;
}) {
  const form = useDraftForm<FeedbackFields, unknown>(
    draftKey(unitId, incident.incidentId, `${instruction.instructionId}-feedback`),
    { text: '', measuresTaken: '', lateReason: '', ...rememberedReporter(unitId) },
  );
  const { fields, update } = form;
  const late = useLate(dueAt);
  return (
    <section data-testid="feedback-form">
      <PageHead title={t('formFeedback')} incident={incident} />
      <blockquote class="asked" data-testid="instruction-text">
        <p class="muted">
          {t('instructionOf')} · {instruction.leader} · {formatTime(instruction.receivedAt)}
        </p>
        <p>{instruction.text}</p>
      </blockquote>
      {form.status.state === 'done' ? (
        <Filed />
      ) : (
        <form
          class="reporter-form"
          onSubmit={(event) => {
            event.preventDefault();
            rememberReporter(unitId, fields);
            const reporter = reporterOf(fields);
            form.submit(
              `/incidents/${encodeURIComponent(incident.incidentId)}/instructions/${encodeURIComponent(instruction.instructionId)}/feedback`,
              {
                text: fields.text.trim(),
                ...optional('measuresTaken', trimmed(fields.measuresTaken)),
                ...(reporter?.name && reporter.phone ? { reporter } : {}),
                ...(late ? optional('lateReason', trimmed(fields.lateReason)) : {}),
              },
            );
          }}
        >
          <Field label={t('fieldFeedback')} wide>
            <Area name="text" value={fields.text} onInput={(text) => update({ text })} required />
          </Field>
          <Field label={t('fieldMeasures')} wide>
            <Area
              name="measuresTaken"
              value={fields.measuresTaken}
              onInput={(measuresTaken) => update({ measuresTaken })}
            />
          </Field>
          <ReporterFields fields={fields} update={update} />
          {late && <LateReason value={fields.lateReason} onInput={(lateReason) => update({ lateReason })} />}
          <SubmitBar form={form} label={t('owed.instruction-feedback')} />
        </form>
      )}
    </section>
  );
}

interface FirstReportFields {
  title: string;
  category: string;
  severity: string;
  occurredAt: string;
  location: string;
  summary: string;
  deaths: string;
  injured: string;
  missing: string;
  phonedFirst: boolean;
  phonedInAt: string;
  reporterName: string;
  reporterPhone: string;
}

interface Taxonomy {
  classes: {
    id: string;
    name: Record<'zh-CN' | 'en', string>;
    categories: { id: string; name: Record<'zh-CN' | 'en', string> }[];
  }[];
  severities: { id: string }[];
}

/**
 * `#/new-report` — R-INTAKE: a first report with what is known. When the unit phoned it in first, the form says so:
 * the report goes as `channel: "phone"` with the time of the call (`phonedAt`), which opens the written report, due 30
 * minutes after the call (R-WRITTEN-30).
 */
export function ReporterFirstReport({ unitId }: { unitId: string }) {
  const taxonomy = usePolling(() => getJson<Taxonomy>('/categories'), 0);
  const form = useDraftForm<
    FirstReportFields,
    { incidentId: string; obligations: { obligationId: string; kind: string }[] }
  >(draftKey(unitId, 'new', 'first-report'), {
    title: '',
    category: '',
    severity: 'general',
    occurredAt: beijingNowLocal(),
    location: '',
    summary: '',
    deaths: '',
    injured: '',
    missing: '',
    phonedFirst: false,
    phonedInAt: '',
    ...rememberedReporter(unitId),
  });
  const { fields, update } = form;
  const casualtiesGiven = [fields.deaths, fields.injured, fields.missing].some((value) => value.trim() !== '');
  const summary = trimmed(fields.summary);
  if (form.status.state === 'done') {
    const { incidentId, obligations } = form.status.result;
    // R-WRITTEN-30: a phone report owes its written report in 30 minutes — its form is one tap away.
    const written = obligations.find((obligation) => obligation.kind === 'written-report');
    return (
      <section data-testid="first-report-form">
        <PageHead title={t('formFirstReport')} />
        <Filed>
          <p data-testid="filed-incident">{incidentId}</p>
          {written && (
            <a
              class="big-button secondary"
              data-testid="written-report-next"
              href={hrefOf({ name: 'incident', incidentId, obligationId: written.obligationId })}
            >
              {t('owed.written-report')}
            </a>
          )}
        </Filed>
      </section>
    );
  }
  return (
    <section data-testid="first-report-form">
      <PageHead title={t('formFirstReport')} />
      <form
        class="reporter-form"
        onSubmit={(event) => {
          event.preventDefault();
          rememberReporter(unitId, fields);
          form.submit('/incidents', {
            unitId,
            title: fields.title.trim(),
            category: fields.category,
            severity: fields.severity,
            occurredAt: beijingInputToIso(fields.occurredAt) || undefined,
            location: fields.location.trim(),
            channel: fields.phonedFirst ? 'phone' : 'written',
            // R-WRITTEN-30: the written report is due 30 minutes after the call, not after this form.
            ...(fields.phonedFirst && beijingClockToIso(fields.phonedInAt, new Date())
              ? { phonedAt: beijingClockToIso(fields.phonedInAt, new Date()) }
              : {}),
            ...(summary ? { summary } : {}),
            ...(casualtiesGiven
              ? {
                  casualties: {
                    deaths: count(fields.deaths),
                    injured: count(fields.injured),
                    missing: count(fields.missing),
                  },
                }
              : {}),
            reporter: reporterOf(fields) ?? { name: '', phone: '' },
          });
        }}
      >
        <ErrorNote error={taxonomy.error} />
        <Field label={t('fieldTitle')} wide>
          <Text name="title" value={fields.title} onInput={(title) => update({ title })} required />
        </Field>
        <div class="pair">
          <Field label={t('fieldCategory')}>
            <select
              name="category"
              value={fields.category}
              required
              onChange={(event) => update({ category: event.currentTarget.value })}
            >
              <option value="">{t('chooseCategory')}</option>
              {(taxonomy.value?.classes ?? []).map((incidentClass) => (
                <optgroup key={incidentClass.id} label={incidentClass.name[locale.value]}>
                  {incidentClass.categories.map((category) => (
                    <option key={category.id} value={category.id}>
                      {category.name[locale.value]}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field label={t('fieldSeverity')}>
            <select
              name="severity"
              value={fields.severity}
              onChange={(event) => update({ severity: event.currentTarget.value })}
            >
              {(taxonomy.value?.severities ?? [{ id: 'general' }]).map((severity) => (
                <option key={severity.id} value={severity.id}>
                  {t(`severity.${severity.id}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div class="pair">
          <Field label={t('fieldOccurredAt')}>
            <Text
              name="occurredAt"
              type="datetime-local"
              value={fields.occurredAt}
              onInput={(occurredAt) => update({ occurredAt })}
              required
            />
          </Field>
          <Field label={t('fieldLocation')}>
            <Text name="location" value={fields.location} onInput={(location) => update({ location })} required />
          </Field>
        </div>
        <label class="check">
          <input
            type="checkbox"
            name="phonedFirst"
            checked={fields.phonedFirst}
            onChange={(event) => update({ phonedFirst: event.currentTarget.checked })}
          />{' '}
          {t('phonedFirst')}
        </label>
        {fields.phonedFirst && (
          <div class="phoned">
            <Field label={t('phonedInAt')}>
              <Text
                name="phonedInAt"
                type="time"
                value={fields.phonedInAt}
                onInput={(phonedInAt) => update({ phonedInAt })}
              />
            </Field>
            <p class="muted">{t('phonedInNote')}</p>
          </div>
        )}
        <Field label={t('fieldSummary')} wide>
          <Area name="summary" value={fields.summary} onInput={(text) => update({ summary: text })} />
        </Field>
        <CasualtyFields fields={fields} update={update} />
        <ReporterFields fields={fields} update={update} />
        <SubmitBar form={form} label={t('newFirstReport')} />
      </form>
    </section>
  );
}

/** `#/spot-checks/<id>` — R-SPOTCHECK: the duty post acknowledges the county's spot check. */
export function ReporterSpotCheck({ spotCheckId, unitId }: { spotCheckId: string; unitId: string }) {
  const spotCheck = usePolling(() => getJson<SpotCheckSummary>(`/spot-checks/${encodeURIComponent(spotCheckId)}`), 0, [
    spotCheckId,
  ]);
  const form = useDraftForm<{ acknowledgedBy: string }, SpotCheckSummary>(draftKey(unitId, spotCheckId, 'spot-check'), {
    acknowledgedBy: rememberedReporter(unitId).reporterName,
  });
  return (
    <section data-testid="spot-check-form">
      <PageHead title={t('formSpotCheck')} />
      <ErrorNote error={spotCheck.error} />
      {spotCheck.value && (
        <dl class="facts">
          <dt>{t('spotCheckStartedAt')}</dt>
          <dd>{formatTime(spotCheck.value.startedAt)}</dd>
          <dt>{t('dueAt')}</dt>
          <dd>{formatTime(spotCheck.value.dueAt)}</dd>
          {spotCheck.value.note && (
            <>
              <dt>{t('note')}</dt>
              <dd>{spotCheck.value.note}</dd>
            </>
          )}
          {spotCheck.value.acknowledgedAt && (
            <>
              <dt>{t('spotCheckAcknowledged')}</dt>
              <dd>{formatTime(spotCheck.value.acknowledgedAt)}</dd>
            </>
          )}
        </dl>
      )}
      {form.status.state === 'done' ? (
        <Filed />
      ) : (
        spotCheck.value &&
        !spotCheck.value.acknowledgedAt && (
          <form
            class="reporter-form"
            onSubmit={(event) => {
              event.preventDefault();
              form.submit(`/spot-checks/${encodeURIComponent(spotCheckId)}/acknowledgement`, {
                acknowledgedBy: form.fields.acknowledgedBy.trim(),
              });
            }}
          >
            <Field label={t('fieldAcknowledgedBy')} wide>
              <Text
                name="acknowledgedBy"
                value={form.fields.acknowledgedBy}
                onInput={(acknowledgedBy) => form.update({ acknowledgedBy })}
                required
              />
            </Field>
            <SubmitBar form={form} label={t('owed.spot-check')} />
          </form>
        )
      )}
    </section>
  );
}
