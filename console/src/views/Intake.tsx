import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api';
import type { CategoriesResponse } from '../duty-types';
import { usePolling } from '../hooks';
import { locale, t } from '../i18n';
import { hrefOf } from '../router';
import type { UnitSummary } from '../types';
import { beijingInputToIso, e164 } from '../intake-fields';
import { ErrorNote, FormError } from './common';

const count = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

interface IntakeProps {
  units: UnitSummary[];
  /** `phone`: R-INTAKE, a call logged for the unit that made it; `media`: R-MEDIA, an item the office found. */
  mode: 'phone' | 'media';
}

interface Created {
  incidentId: string;
  obligations: { obligationId: string; kind: string; dueAt: string }[];
}

/**
 * R-INTAKE: most incidents start with a call to the duty office at night; the officer logs the first report on behalf
 * of the unit that called (POST /incidents as the duty officer: access.ts lets the duty office act for every unit), and
 * the written report falls due 30 minutes later (R-WRITTEN-30). R-MEDIA: an item found in the media or online is
 * logged on the responsible unit with its source, which opens a verification on that unit at once.
 */
export function Intake({ units, mode }: IntakeProps) {
  const categories = usePolling(() => getJson<CategoriesResponse>('/categories'), 0, []);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ created?: Created; error?: Error }>({});
  const [busy, setBusy] = useState(false);
  const field = (name: string) => fields[name] ?? '';
  const set = (name: string) => (event: { currentTarget: { value: string } }) =>
    setFields((previous) => ({ ...previous, [name]: event.currentTarget.value }));
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const deaths = count(field('deaths'));
    const injured = count(field('injured'));
    const missing = count(field('missing'));
    const anyCasualty = deaths !== undefined || injured !== undefined || missing !== undefined;
    const body = {
      unitId: field('unitId'),
      title: field('title'),
      category: field('category'),
      severity: field('severity'),
      occurredAt: beijingInputToIso(field('occurredAt')),
      location: field('location'),
      // R-WRITTEN-30: a call logged after it came owes the written report 30 minutes after the call.
      ...(mode === 'phone' && field('phonedAt') ? { phonedAt: beijingInputToIso(field('phonedAt')) } : {}),
      // A media item is no call: the unit has not reported at all (R-EVAL counts it missed), so no written report is
      // owed from this first report — the verification is.
      channel: mode === 'phone' ? 'phone' : 'written',
      ...(field('summary').trim() ? { summary: field('summary') } : {}),
      ...(anyCasualty ? { casualties: { deaths: deaths ?? 0, injured: injured ?? 0, missing: missing ?? 0 } } : {}),
      reporter: { name: field('reporterName'), phone: e164(field('reporterPhone')) },
      ...(mode === 'media' ? { source: 'media', mediaSource: field('mediaSource') } : {}),
    };
    try {
      const created = await postJson<Created>('/incidents', body);
      setResult({ created });
      setFields({});
    } catch (error) {
      setResult({ error: error as Error });
    } finally {
      setBusy(false);
    }
  };
  const language = locale.value;
  // Who called (a phone report) or who logs it (a media item): the same two inputs under the mode's labels. A render
  // helper, not a component, so the inputs keep their focus as the officer types.
  const personInputs = (nameLabel: string, phoneLabel: string) => (
    <>
      <label>
        {t(nameLabel)}
        <input name="reporterName" value={field('reporterName')} maxLength={50} onInput={set('reporterName')} />
      </label>
      <label>
        {t(phoneLabel)} <span class="muted">{t('duty.phoneHint')}</span>
        <input
          name="reporterPhone"
          type="tel"
          inputMode="tel"
          value={field('reporterPhone')}
          onInput={set('reporterPhone')}
        />
      </label>
    </>
  );
  return (
    <section class="duty-intake" data-testid={`intake-${mode}`}>
      <h2>{t(mode === 'phone' ? 'duty.intakePhoneTitle' : 'duty.intakeMediaTitle')}</h2>
      <p class="muted">{t(mode === 'phone' ? 'duty.intakePhoneHint' : 'duty.intakeMediaHint')}</p>
      <ErrorNote error={categories.error} />
      {result.created && (
        <p class="ok" role="status" data-testid="intake-created">
          {t('duty.filed')}
          <a href={hrefOf({ name: 'incident', incidentId: result.created.incidentId })}>
            {result.created.incidentId}
          </a>{' '}
          — {t('duty.openIncident')}
        </p>
      )}
      <form class="duty-form" onSubmit={submit} noValidate>
        {mode === 'media' && (
          <label class="wide">
            {t('duty.mediaSource')}
            <input name="mediaSource" value={field('mediaSource')} maxLength={500} onInput={set('mediaSource')} />
          </label>
        )}
        <label>
          {t(mode === 'phone' ? 'duty.reportingUnit' : 'duty.responsibleUnit')}
          {/* No default: a unit picked by mistake would owe the written report and be escalated. */}
          <select name="unitId" value={field('unitId')} onChange={set('unitId')}>
            <option value="">{t('duty.chooseUnit')}</option>
            {/* The duty offices receive reports; they do not file them. */}
            {units
              .filter((unit) => unit.kind !== 'duty-office')
              .map((unit) => (
                <option key={unit.unitId} value={unit.unitId}>
                  {unit.name[language]}
                </option>
              ))}
          </select>
        </label>
        {mode === 'phone' && personInputs('duty.caller', 'duty.callerPhone')}
        <label>
          {t('duty.category')}
          <select name="category" value={field('category')} onChange={set('category')}>
            <option value="">{t('duty.chooseCategory')}</option>
            {categories.value?.classes.map((incidentClass) => (
              <optgroup key={incidentClass.id} label={incidentClass.name[language]}>
                {incidentClass.categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name[language]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t('severity')}
          <select name="severity" value={field('severity')} onChange={set('severity')}>
            <option value="">{t('duty.chooseSeverity')}</option>
            {categories.value?.severities.map((severity) => (
              <option key={severity.id} value={severity.id}>
                {t(`severity.${severity.id}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="wide">
          {t('duty.incidentTitle')}
          <input name="title" value={field('title')} maxLength={200} onInput={set('title')} />
        </label>
        <label>
          {t('location')}
          <input name="location" value={field('location')} maxLength={200} onInput={set('location')} />
        </label>
        <label>
          {t('duty.occurredAtBeijing')}
          <input name="occurredAt" type="datetime-local" value={field('occurredAt')} onInput={set('occurredAt')} />
        </label>
        {mode === 'phone' && (
          <label>
            {t('duty.phonedAt')}
            <input name="phonedAt" type="datetime-local" value={field('phonedAt')} onInput={set('phonedAt')} />
          </label>
        )}
        <label class="wide">
          {t(mode === 'phone' ? 'duty.whatWasSaid' : 'duty.mediaContent')}
          <textarea name="summary" value={field('summary')} maxLength={4000} rows={4} onInput={set('summary')} />
        </label>
        <fieldset class="wide duty-casualties">
          <legend>{t('duty.casualtiesKnown')}</legend>
          {(['deaths', 'injured', 'missing'] as const).map((name) => (
            <label key={name}>
              {t(`duty.${name}`)}
              <input name={name} type="number" min={0} inputMode="numeric" value={field(name)} onInput={set(name)} />
            </label>
          ))}
        </fieldset>
        {mode === 'media' && personInputs('duty.loggedBy', 'duty.loggedByPhone')}
        <p class="wide">
          <button type="submit" disabled={busy} data-testid="intake-submit">
            {t('duty.file')}
          </button>
        </p>
        <div class="wide">
          <FormError error={result.error} />
        </div>
      </form>
    </section>
  );
}
