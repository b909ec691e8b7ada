import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, deleteJson, getJson, putJson } from '../api';
import { usePolling } from '../hooks';
import { formatTime, locale, t, type Locale } from '../i18n';
import { hrefOf } from '../router';
import type { Contact, Unit } from '../types';
import { ErrorNote, FormError } from './common';

/**
 * Issue 15 item 1: the directory of units and contacts is data, kept by admins and the county duty office in the
 * console — who is called at 3 a.m. is changed here, and the next escalation goes to the new number (no deploy).
 */

const fill = (key: string, values: Record<string, string>) =>
  Object.entries(values).reduce((text, [name, value]) => text.replace(`{${name}}`, value), t(key));

const nameOf = (units: Unit[] | undefined, unitId: string | undefined) =>
  unitId ? (units?.find((unit) => unit.unitId === unitId)?.name[locale.value] ?? unitId) : t('dir.noParent');

/** Everything a duty officer may look a unit up by: its ID, names, short names, contacts' names and phones. */
function matches(unit: Unit, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  const contacts = [unit.contacts.dutyContact, unit.contacts.principalLeader, ...(unit.staff ?? [])];
  return [
    unit.unitId,
    unit.name['zh-CN'],
    unit.name.en,
    unit.shortName['zh-CN'],
    unit.shortName.en,
    ...contacts.flatMap((contact) => [contact.name, contact.phone, contact.email ?? '']),
  ].some((text) => text.toLowerCase().includes(needle));
}

function DeactivatedBadge() {
  return <span class="dir-badge">{t('dir.deactivated')}</span>;
}

function ContactCell({ contact }: { contact: Contact }) {
  return (
    <>
      {contact.name}
      <div>
        <a href={`tel:${contact.phone}`} class="dir-phone">
          {contact.phone}
        </a>
      </div>
    </>
  );
}

/** `#/directory`: every unit, with whom it calls and how many staff a roster can name; a filter box above. */
export function DirectoryList() {
  const units = usePolling(() => getJson<{ units: Unit[] }>('/units').then((body) => body.units), 0);
  const [query, setQuery] = useState('');
  const shown = (units.value ?? []).filter((unit) => matches(unit, query));
  return (
    <section class="directory" data-testid="directory">
      <h2>{t('dir.title')}</h2>
      <p class="muted">{t('dir.hint')}</p>
      <div class="dir-filter">
        <label for="dir-filter">{t('dir.filter')}</label>
        <input
          id="dir-filter"
          type="search"
          name="filter"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </div>
      <ErrorNote error={units.error} />
      {!units.value && !units.error && <p class="muted">{t('loading')}</p>}
      {units.value && (
        <p class="muted" aria-live="polite">
          {fill('dir.count', { n: String(shown.length) })}
        </p>
      )}
      {units.value && shown.length === 0 && <p class="empty">{t('dir.noMatch')}</p>}
      {shown.length > 0 && (
        <table data-testid="directory-units">
          <thead>
            <tr>
              <th>{t('unit')}</th>
              <th>{t('dir.kind')}</th>
              <th>{t('dir.parent')}</th>
              <th>{t('dir.dutyContact')}</th>
              <th>{t('dir.principalLeader')}</th>
              <th>{t('dir.staffCount')}</th>
              <th>
                <span class="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((unit) => (
              <tr
                key={unit.unitId}
                data-testid="directory-row"
                data-unit={unit.unitId}
                class={unit.deactivatedAt ? 'dir-inactive' : ''}
              >
                <td class="card-title" data-label={t('unit')}>
                  <a href={hrefOf({ name: 'directory-unit', unitId: unit.unitId })}>{unit.name[locale.value]}</a>
                  {unit.deactivatedAt && (
                    <>
                      {' '}
                      <DeactivatedBadge />
                    </>
                  )}
                  <div class="muted">{unit.unitId}</div>
                </td>
                <td data-label={t('dir.kind')}>{t(`unitKind.${unit.kind}`)}</td>
                <td data-label={t('dir.parent')}>{nameOf(units.value, unit.parentUnitId)}</td>
                <td data-label={t('dir.dutyContact')} data-testid="duty-contact">
                  <ContactCell contact={unit.contacts.dutyContact} />
                </td>
                <td data-label={t('dir.principalLeader')}>
                  <ContactCell contact={unit.contacts.principalLeader} />
                </td>
                <td data-label={t('dir.staffCount')} data-testid="staff-count">
                  {unit.staff?.length ?? 0}
                </td>
                <td class="row-actions">
                  <a
                    class="duty-button"
                    href={hrefOf({ name: 'directory-unit', unitId: unit.unitId })}
                    aria-label={fill('dir.editUnit', { name: unit.name[locale.value] })}
                  >
                    {t('dir.edit')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The bad fields of a refused save, by the API's path (`contacts.dutyContact.phone`). */
type FieldErrors = Record<string, string>;

const fieldErrorsOf = (error: Error | undefined): FieldErrors =>
  error instanceof ApiProblem
    ? Object.fromEntries(error.fields.map((problem) => [problem.field, problem.message]))
    : {};

interface FieldProps {
  /** The API's path of the field: its problems are named by it. */
  field: string;
  /** Unique on the page (a staff member's form and a standing contact both have a `phone`). */
  id: string;
  label: string;
  hint?: string;
  value: string;
  type?: 'text' | 'tel' | 'email';
  errors: FieldErrors;
  onInput: (value: string) => void;
  wide?: boolean;
}

/** One input with its label, its hint and — after a refused save — its own message beside it (aria-describedby). */
function Field({ field, id, label, hint, value, type = 'text', errors, onInput, wide }: FieldProps) {
  const error = errors[field];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const input = {
    id,
    name: field,
    value,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
    onInput: (event: { currentTarget: { value: string } }) => onInput(event.currentTarget.value),
  };
  return (
    <div class={`dir-field${wide ? ' wide' : ''}`} data-field={field}>
      <label for={id}>{label}</label>
      {hint && (
        <span class="muted" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {/* One element per type: preact types an input by its `type` literal. */}
      {type === 'tel' && <input type="tel" inputMode="tel" {...input} />}
      {type === 'email' && <input type="email" {...input} />}
      {type === 'text' && <input type="text" {...input} />}
      {error && (
        <span class="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function LocaleField({
  id,
  field,
  value,
  onChange,
  errors,
}: {
  id: string;
  field: string;
  value: Locale;
  onChange: (value: Locale) => void;
  errors: FieldErrors;
}) {
  const error = errors[field];
  return (
    <div class="dir-field" data-field={field}>
      <label for={id}>{t('dir.locale')}</label>
      <select
        id={id}
        name={field}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.currentTarget.value as Locale)}
      >
        <option value="zh-CN">{t('dir.locale.zh-CN')}</option>
        <option value="en">{t('dir.locale.en')}</option>
      </select>
      {error && (
        <span class="field-error" id={`${id}-error`} data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The labels of a refused save's fields, for its summary: the person reads "电话", not `contacts.dutyContact.phone`. */
function labelOf(field: string): string {
  const [first, second, third] = field.split('.');
  const contactLabels: Record<string, string> = {
    name: t('dir.contactName'),
    phone: t('dir.phone'),
    email: t('dir.email'),
    locale: t('dir.locale'),
  };
  if (first === 'contacts' && (second === 'dutyContact' || second === 'principalLeader'))
    return `${t(`dir.${second}`)} · ${contactLabels[third] ?? third}`;
  if (first === 'name') return t(second === 'en' ? 'dir.nameEn' : 'dir.nameZh');
  if (first === 'shortName') return t(second === 'en' ? 'dir.shortNameEn' : 'dir.shortNameZh');
  if (first === 'parentUnitId') return t('dir.parent');
  return contactLabels[first] ?? field;
}

/** A refused save said once above the form (each field also beside its input), or a conflict's detail. */
function SaveRefusal({ error }: { error?: Error }) {
  if (error instanceof ApiProblem && error.fields.length > 0)
    return (
      <div class="error dir-summary" role="alert" data-testid="save-refused">
        <p>{t('dir.refused')}</p>
        <ul>
          {error.fields.map((problem) => (
            <li key={problem.field}>
              {labelOf(problem.field)}: {problem.message}
            </li>
          ))}
        </ul>
      </div>
    );
  return <FormError error={error} />;
}

type ContactDraft = Pick<Contact, 'name' | 'phone' | 'email' | 'locale'>;

const draftOf = (contact: Contact): ContactDraft => ({
  name: contact.name,
  phone: contact.phone,
  email: contact.email ?? '',
  locale: contact.locale,
});

/** What the API takes for a contact: an empty e-mail is none (the contact gets SMS only). */
const contactBody = (draft: ContactDraft) => ({
  name: draft.name.trim(),
  phone: draft.phone.trim(),
  ...(draft.email?.trim() ? { email: draft.email.trim() } : {}),
  locale: draft.locale,
});

/** The unit as `PUT /units/{unitId}` takes it: no staff (kept as stored; changed one by one below), no deactivation. */
function unitBody(unit: Unit) {
  return {
    unitId: unit.unitId,
    kind: unit.kind,
    name: unit.name,
    shortName: unit.shortName,
    example: unit.example,
    ...(unit.enterprise ? { enterprise: unit.enterprise } : {}),
    ...(unit.parentUnitId ? { parentUnitId: unit.parentUnitId } : {}),
    contacts: {
      dutyContact: { ...unit.contacts.dutyContact, ...contactBody(draftOf(unit.contacts.dutyContact)) },
      principalLeader: { ...unit.contacts.principalLeader, ...contactBody(draftOf(unit.contacts.principalLeader)) },
    },
  };
}

/** One contact's four fields, under `prefix` (the API's path: `contacts.dutyContact.` or none for a staff member). */
function ContactFields({
  idPrefix,
  prefix,
  draft,
  errors,
  onChange,
}: {
  idPrefix: string;
  prefix: string;
  draft: ContactDraft;
  errors: FieldErrors;
  onChange: (next: ContactDraft) => void;
}) {
  return (
    <>
      <Field
        id={`${idPrefix}-name`}
        field={`${prefix}name`}
        label={t('dir.contactName')}
        value={draft.name}
        errors={errors}
        onInput={(name) => onChange({ ...draft, name })}
      />
      <Field
        id={`${idPrefix}-phone`}
        field={`${prefix}phone`}
        label={t('dir.phone')}
        hint={t('dir.phoneHint')}
        type="tel"
        value={draft.phone}
        errors={errors}
        onInput={(phone) => onChange({ ...draft, phone })}
      />
      <Field
        id={`${idPrefix}-email`}
        field={`${prefix}email`}
        label={t('dir.email')}
        type="email"
        value={draft.email ?? ''}
        errors={errors}
        onInput={(email) => onChange({ ...draft, email })}
      />
      <LocaleField
        id={`${idPrefix}-locale`}
        field={`${prefix}locale`}
        value={draft.locale}
        errors={errors}
        onChange={(value) => onChange({ ...draft, locale: value })}
      />
    </>
  );
}

/** A status line read out when it changes (aria-live), e.g. "已保存". */
function Status({ text, testId }: { text: string; testId: string }) {
  return (
    <p class="ok dir-status" role="status" aria-live="polite" data-testid={testId}>
      {text}
    </p>
  );
}

/** `#/directory/<unitId>`: the unit's names, parent and standing contacts; its staff; its deactivation. */
export function DirectoryUnit({ unitId, onChanged }: { unitId: string; onChanged?: () => void }) {
  const [stored, setStored] = useState<Unit>();
  const [loadError, setLoadError] = useState<Error>();
  const [unitStatus, setUnitStatus] = useState('');
  const all = usePolling(() => getJson<{ units: Unit[] }>('/units').then((body) => body.units), 0, [unitId]);
  useEffect(() => {
    setStored(undefined);
    setLoadError(undefined);
    setUnitStatus('');
    getJson<Unit>(`/units/${encodeURIComponent(unitId)}`).then(setStored, setLoadError);
  }, [unitId]);
  const changed = (unit: Unit) => {
    setStored(unit);
    onChanged?.();
  };
  return (
    <div class="directory-unit" data-testid="directory-unit">
      <p class="no-print">
        <a href={hrefOf({ name: 'directory' })}>{t('dir.back')}</a>
      </p>
      <ErrorNote error={loadError} />
      {!stored && !loadError && <p class="muted">{t('loading')}</p>}
      {stored && (
        <>
          <h2>
            {stored.name[locale.value]} {stored.deactivatedAt && <DeactivatedBadge />}
          </h2>
          <p class="muted">
            {stored.unitId} · {t(`unitKind.${stored.kind}`)}
            {stored.deactivatedAt && ` · ${fill('dir.deactivatedAt', { time: formatTime(stored.deactivatedAt) })}`}
          </p>
          <UnitForm
            unit={stored}
            units={all.value ?? []}
            status={unitStatus}
            onStatus={setUnitStatus}
            onSaved={changed}
          />
          <StaffSection unit={stored} onChanged={changed} />
          {!stored.deactivatedAt && <DeactivateSection unit={stored} onDeactivated={changed} />}
        </>
      )}
    </div>
  );
}

interface UnitFormProps {
  unit: Unit;
  units: Unit[];
  /** Kept by the page: it says what the last save did. */
  status: string;
  onStatus: (status: string) => void;
  onSaved: (unit: Unit) => void;
}

function UnitForm({ unit, units, status, onStatus, onSaved }: UnitFormProps) {
  const [draft, setDraft] = useState<Unit>(unit);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // After a save the form shows the unit as the API returned it; a staff change elsewhere on the page (the same unit,
  // another version) keeps what is typed here.
  const asSaved = JSON.stringify(unitBody(unit));
  useEffect(() => setDraft(unit), [asSaved]);
  const errors = fieldErrorsOf(error);
  // Its parent may be any other active unit; the one it has stays offered even if deactivated since (no silent change).
  const parents = units.filter(
    (other) => other.unitId !== unit.unitId && (!other.deactivatedAt || other.unitId === unit.parentUnitId),
  );
  const names = (key: 'name' | 'shortName', language: Locale) => (value: string) =>
    setDraft((previous) => ({ ...previous, [key]: { ...previous[key], [language]: value } }));
  const contact = (role: 'dutyContact' | 'principalLeader') => (next: ContactDraft) =>
    setDraft((previous) => ({
      ...previous,
      contacts: { ...previous.contacts, [role]: { ...previous.contacts[role], ...next } },
    }));
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    onStatus('');
    try {
      const saved = await putJson<Unit>(`/units/${encodeURIComponent(unit.unitId)}`, unitBody(draft));
      onStatus(t('dir.saved'));
      onSaved(saved);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h3>{t('dir.unitSection')}</h3>
      <form class="duty-form dir-form" data-testid="unit-form" onSubmit={submit} noValidate>
        <div class="wide">
          <SaveRefusal error={error} />
        </div>
        <Field
          id="unit-name-zh"
          field="name.zh-CN"
          label={t('dir.nameZh')}
          value={draft.name['zh-CN']}
          errors={errors}
          onInput={names('name', 'zh-CN')}
        />
        <Field
          id="unit-name-en"
          field="name.en"
          label={t('dir.nameEn')}
          value={draft.name.en}
          errors={errors}
          onInput={names('name', 'en')}
        />
        <Field
          id="unit-short-zh"
          field="shortName.zh-CN"
          label={t('dir.shortNameZh')}
          value={draft.shortName['zh-CN']}
          errors={errors}
          onInput={names('shortName', 'zh-CN')}
        />
        <Field
          id="unit-short-en"
          field="shortName.en"
          label={t('dir.shortNameEn')}
          value={draft.shortName.en}
          errors={errors}
          onInput={names('shortName', 'en')}
        />
        <div class="dir-field" data-field="parentUnitId">
          <label for="unit-parent">{t('dir.parent')}</label>
          <select
            id="unit-parent"
            name="parentUnitId"
            value={draft.parentUnitId ?? ''}
            aria-invalid={errors.parentUnitId ? 'true' : undefined}
            aria-describedby={errors.parentUnitId ? 'unit-parent-error' : undefined}
            onChange={(event) => {
              const parentUnitId = event.currentTarget.value;
              setDraft((previous) => ({ ...previous, parentUnitId: parentUnitId || undefined }));
            }}
          >
            <option value="">{t('dir.noParent')}</option>
            {parents.map((other) => (
              <option key={other.unitId} value={other.unitId}>
                {other.name[locale.value]}
                {other.deactivatedAt ? ` (${t('dir.deactivated')})` : ''}
              </option>
            ))}
          </select>
          {errors.parentUnitId && (
            <span class="field-error" id="unit-parent-error" data-testid="field-error">
              {errors.parentUnitId}
            </span>
          )}
        </div>
        {(['dutyContact', 'principalLeader'] as const).map((role) => (
          <fieldset key={role} class="wide dir-fieldset" data-testid={`contact-${role}`}>
            <legend>{t(`dir.${role}`)}</legend>
            <ContactFields
              idPrefix={`unit-${role}`}
              prefix={`contacts.${role}.`}
              draft={draftOf(draft.contacts[role])}
              errors={errors}
              onChange={contact(role)}
            />
          </fieldset>
        ))}
        <div class="wide dir-actions">
          <button type="submit" disabled={busy} data-testid="unit-save">
            {busy ? t('dir.saving') : t('dir.save')}
          </button>
          <Status text={status} testId="unit-status" />
        </div>
      </form>
    </section>
  );
}

const EMPTY_CONTACT: ContactDraft = { name: '', phone: '', email: '', locale: 'zh-CN' };

/** A unit's staff (值班员, 带班领导 a roster names): each one edited or removed on its own, and one added. */
function StaffSection({ unit, onChanged }: { unit: Unit; onChanged: (unit: Unit) => void }) {
  const [editing, setEditing] = useState<string>();
  const [removing, setRemoving] = useState<string>();
  const [error, setError] = useState<Error>();
  const [status, setStatus] = useState('');
  const staff = unit.staff ?? [];
  const remove = async (member: Contact) => {
    setError(undefined);
    setStatus('');
    try {
      const saved = await deleteJson<Unit>(
        `/units/${encodeURIComponent(unit.unitId)}/contacts/${encodeURIComponent(member.contactId)}`,
      );
      setRemoving(undefined);
      onChanged(saved);
      setStatus(`${t('dir.removed')}: ${member.name}`);
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <section data-testid="staff-section">
      <h3>{t('dir.staff')}</h3>
      <Status text={status} testId="staff-status" />
      <FormError error={error} />
      {staff.length === 0 && <p class="empty">{t('dir.noStaff')}</p>}
      {staff.length > 0 && (
        <ul class="dir-staff" data-testid="staff-list">
          {staff.map((member) => (
            <li key={member.contactId} data-testid="staff-member" data-contact={member.contactId}>
              {editing === member.contactId ? (
                <StaffForm
                  unitId={unit.unitId}
                  contactId={member.contactId}
                  initial={draftOf(member)}
                  submitLabel={t('dir.save')}
                  onCancel={() => setEditing(undefined)}
                  onSaved={(saved) => {
                    setEditing(undefined);
                    onChanged(saved);
                    setStatus(`${t('dir.saved')}: ${member.name}`);
                  }}
                />
              ) : (
                <div class="dir-staff-row">
                  <div class="dir-staff-who">
                    <strong>{member.name}</strong> <a href={`tel:${member.phone}`}>{member.phone}</a>
                    {member.email && <span class="muted"> · {member.email}</span>}
                    <span class="muted"> · {t(`dir.locale.${member.locale}`)}</span>
                  </div>
                  {removing === member.contactId ? (
                    <div class="dir-confirm" role="group" aria-label={fill('dir.confirmRemove', { name: member.name })}>
                      <span>{fill('dir.confirmRemove', { name: member.name })}</span>
                      <button type="button" class="dir-danger" onClick={() => void remove(member)}>
                        {t('dir.remove')}
                      </button>
                      <button type="button" onClick={() => setRemoving(undefined)}>
                        {t('dir.cancel')}
                      </button>
                    </div>
                  ) : (
                    <div class="dir-row-buttons">
                      <button
                        type="button"
                        aria-label={fill('dir.editStaff', { name: member.name })}
                        onClick={() => setEditing(member.contactId)}
                      >
                        {t('dir.edit')}
                      </button>
                      <button
                        type="button"
                        aria-label={fill('dir.removeStaff', { name: member.name })}
                        onClick={() => setRemoving(member.contactId)}
                      >
                        {t('dir.remove')}
                      </button>
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <details class="dir-add" data-testid="add-staff">
        <summary>{t('dir.addStaff')}</summary>
        <StaffForm
          key={staff.length}
          unitId={unit.unitId}
          initial={EMPTY_CONTACT}
          submitLabel={t('dir.add')}
          onSaved={(saved, name) => {
            onChanged(saved);
            setStatus(`${t('dir.saved')}: ${name}`);
          }}
        />
      </details>
    </section>
  );
}

/** A new staff member's ID: readable in the audit trail, unique within the directory. */
const newContactId = (unitId: string) =>
  `${unitId}.staff-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function StaffForm({
  unitId,
  contactId,
  initial,
  submitLabel,
  onSaved,
  onCancel,
}: {
  unitId: string;
  /** None: a new member. */
  contactId?: string;
  initial: ContactDraft;
  submitLabel: string;
  onSaved: (unit: Unit, name: string) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<ContactDraft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // A new member keeps its ID across retries of a refused save: the same PUT, not a second person.
  const [id] = useState(() => contactId ?? newContactId(unitId));
  const errors = fieldErrorsOf(error);
  const idPrefix = `staff-${id.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await putJson<Unit>(`/units/${encodeURIComponent(unitId)}/contacts/${encodeURIComponent(id)}`, {
        ...contactBody(draft),
        role: 'staff',
      });
      onSaved(saved, draft.name.trim());
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="duty-form dir-form" data-testid="staff-form" onSubmit={submit} noValidate>
      <div class="wide">
        <SaveRefusal error={error} />
      </div>
      <ContactFields idPrefix={idPrefix} prefix="" draft={draft} errors={errors} onChange={setDraft} />
      <div class="wide dir-actions">
        <button type="submit" disabled={busy} data-testid="staff-save">
          {busy ? t('dir.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('dir.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** DELETE /units/{unitId} deactivates (its history stays): asked twice, and a 409 (open incidents) says why not. */
function DeactivateSection({ unit, onDeactivated }: { unit: Unit; onDeactivated: (unit: Unit) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const name = unit.name[locale.value];
  const deactivate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDeactivated(await deleteJson<Unit>(`/units/${encodeURIComponent(unit.unitId)}`));
    } catch (caught) {
      setError(caught as Error);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section data-testid="deactivate-section">
      <h3>{t('dir.deactivateSection')}</h3>
      <p class="muted">{t('dir.deactivateHint')}</p>
      <FormError error={error} />
      {confirming ? (
        <div class="dir-confirm" role="group" aria-label={fill('dir.confirmDeactivate', { name })}>
          <span>{fill('dir.confirmDeactivate', { name })}</span>
          <button
            type="button"
            class="dir-danger"
            disabled={busy}
            data-testid="confirm-deactivate"
            onClick={() => void deactivate()}
          >
            {t('dir.confirmDeactivateButton')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('dir.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="dir-danger" data-testid="deactivate" onClick={() => setConfirming(true)}>
          {t('dir.deactivate')}
        </button>
      )}
    </section>
  );
}
