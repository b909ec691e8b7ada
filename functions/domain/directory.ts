import * as z from 'zod/mini';
import { ConfigurationError, UnknownReferenceError, UnknownUnitError } from './errors';

export type Locale = 'zh-CN' | 'en';
export type UnitKind = 'town' | 'department' | 'park' | 'zone' | 'duty-office' | 'enterprise';

export interface Contact {
  contactId: string;
  name: string;
  /** The two standing contacts every unit has, and `staff`: the people a duty roster names (issue 15). */
  role: 'duty-contact' | 'principal-leader' | 'staff';
  /** E.164, e.g. +8613800000001. */
  phone: string;
  /** SNS e-mail subscriptions are per contact; a contact without one gets SMS only. */
  email?: string;
  locale: Locale;
}

/** What an enterprise unit is and whom it reports to (clause 五). */
export interface EnterpriseProfile {
  /** `hazardous-chemicals`, `flammable-explosive`: R-ENTERPRISE notifies the county at once. */
  hazardFlags: string[];
  /** The town, park or zone the enterprise reports to (R-LADDER step `local-government`). */
  localGovernmentUnitId: string;
  /** Its industry authority, told at once (R-HORIZONTAL). */
  industryAuthorityUnitIds: string[];
}

/** A reporting unit of the notice: town, county department, park or zone committee, duty office, enterprise. */
export interface Unit {
  unitId: string;
  kind: UnitKind;
  name: Record<Locale, string>;
  /** The name an SMS can afford (≤ 8 Chinese characters). */
  shortName: Record<Locale, string>;
  enterprise?: EnterpriseProfile;
  /** True for the example towns that are not named in the notice. */
  example: boolean;
  contacts: { dutyContact: Contact; principalLeader: Contact };
  /** The people a duty roster can name (值班员, 带班领导) beyond the two standing contacts (issue 15). */
  staff?: Contact[];
  /** The unit above it (属地管理): the county duty office for towns, zones and departments; a town or zone for its
   * enterprises. None for the county duty office itself. */
  parentUnitId?: string;
  /** When an admin deactivated it: nothing new is filed for it, its history stays (issue 15). */
  deactivatedAt?: string;
}

/** Which of a unit's contacts a message goes to. */
export type ContactRole = 'dutyContact' | 'principalLeader';

/** The directory of units and contacts; the default one ships in `functions/config/units.json`. */
export interface Directory {
  units: Unit[];
}

const e164 = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'Must be an E.164 phone number'));
const nonEmpty = () => z.string().check(z.minLength(1));
const contactSchema = z.object({
  contactId: nonEmpty(),
  name: nonEmpty(),
  role: z.enum(['duty-contact', 'principal-leader', 'staff']),
  phone: e164,
  email: z.optional(z.email('Must be an e-mail address')),
  locale: z.enum(['zh-CN', 'en']),
});
const names = z.object({ 'zh-CN': nonEmpty(), en: nonEmpty() });
const unitIdSchema = z.string().check(z.regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and hyphens'));

/** One contact as the directory API takes it (`PUT /units/{unitId}/contacts/{contactId}`: the ID is the path's). */
export const contactInputSchema = z.object({
  name: nonEmpty().check(z.maxLength(100)),
  role: z.optional(z.enum(['duty-contact', 'principal-leader', 'staff'])),
  phone: e164,
  email: z.optional(z.email('Must be an e-mail address')),
  locale: z.enum(['zh-CN', 'en']),
});

/** One unit: what `units.json` holds for it, and what `POST /units` and `PUT /units/{unitId}` take. */
export const unitSchema = z.object({
  unitId: unitIdSchema,
  kind: z.enum(['town', 'department', 'park', 'zone', 'duty-office', 'enterprise']),
  name: names,
  shortName: names.check(
    z.refine(
      (shortName) => shortName['zh-CN'].length <= 8,
      'The Chinese short name must fit an SMS: at most 8 characters',
    ),
  ),
  example: z.boolean(),
  enterprise: z.optional(
    z.object({
      hazardFlags: z.array(z.string()),
      localGovernmentUnitId: z.string(),
      industryAuthorityUnitIds: z.array(z.string()),
    }),
  ),
  contacts: z.object({ dutyContact: contactSchema, principalLeader: contactSchema }),
  staff: z.optional(z.array(contactSchema).check(z.maxLength(200))),
  parentUnitId: z.optional(unitIdSchema),
  deactivatedAt: z.optional(z.iso.datetime()),
});

/** What `units.json` must hold: checked when it is loaded, so a bad phone or e-mail fails at once, not at 3 a.m. */
export const directorySchema = z.object({
  units: z.array(unitSchema).check(z.minLength(1)),
});

/**
 * A directory checked against `directorySchema`.
 * @throws {ConfigurationError} naming every bad entry.
 */
export function parseDirectory(configuration: unknown): Directory {
  const result = directorySchema.safeParse(configuration);
  if (!result.success) {
    throw new ConfigurationError(
      `The directory of units is invalid: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return result.data;
}

/** The unit with that ID, or undefined. */
export function findUnit(directory: Directory, unitId: string): Unit | undefined {
  return directory.units.find((unit) => unit.unitId === unitId);
}

/**
 * The unit with that ID.
 * @throws {UnknownUnitError} when the directory has no such unit (→ 422 naming `unitId`).
 */
export function requireUnit(directory: Directory, unitId: string): Unit {
  const unit = findUnit(directory, unitId);
  if (!unit) throw new UnknownUnitError(unitId);
  return unit;
}

/**
 * The unit with that ID, if it may still be filed for (issue 15).
 * @throws {UnknownUnitError} when there is no such unit, {UnknownReferenceError} naming `unitId` if it is deactivated.
 */
export function requireActiveUnit(directory: Directory, unitId: string): Unit {
  const unit = requireUnit(directory, unitId);
  if (!isActive(unit))
    throw new UnknownReferenceError([{ field: 'unitId', message: `Unit "${unitId}" is deactivated` }]);
  return unit;
}

/** Every contact of every unit, for building one e-mail subscription per contact. */
export function allContacts(directory: Directory): Contact[] {
  return directory.units.flatMap(contactsOf);
}

/** A unit's contacts: the two standing ones, then its staff. */
export function contactsOf(unit: Unit): Contact[] {
  return [unit.contacts.dutyContact, unit.contacts.principalLeader, ...(unit.staff ?? [])];
}

/** Whether the unit may still be filed for (issue 15: a deactivated unit keeps its history, nothing new). */
export function isActive(unit: Unit): boolean {
  return unit.deactivatedAt === undefined;
}

/** The contact of a unit in a role. */
export function contactOf(unit: Unit, role: ContactRole): Contact {
  return unit.contacts[role];
}

/** The unit and contact with that contact ID, or undefined. */
export function findContact(directory: Directory, contactId: string): { unit: Unit; contact: Contact } | undefined {
  return findContactWhere(directory, (contact) => contact.contactId === contactId);
}

/** The unit and contact with that E.164 phone number (an inbound SMS's sender), or undefined. */
export function findContactByPhone(directory: Directory, phone: string): { unit: Unit; contact: Contact } | undefined {
  return findContactWhere(directory, (contact) => contact.phone === phone);
}

function findContactWhere(
  directory: Directory,
  matches: (contact: Contact) => boolean,
): { unit: Unit; contact: Contact } | undefined {
  for (const unit of directory.units) {
    const contact = contactsOf(unit).find(matches);
    if (contact) return { unit, contact };
  }
  return undefined;
}
