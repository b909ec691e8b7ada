import directoryConfiguration from '../config/units.json' with { type: 'json' };
import { UnknownUnitError } from './errors';

export type Locale = 'zh-CN' | 'en';
export type UnitKind = 'town' | 'department' | 'park' | 'zone' | 'duty-office' | 'enterprise';

export interface Contact {
  contactId: string;
  name: string;
  role: 'duty-contact' | 'principal-leader';
  /** E.164, e.g. +8613800000001. */
  phone: string;
  /** SNS e-mail subscriptions are per contact; a contact without one gets SMS only. */
  email?: string;
  locale: Locale;
}

/** A reporting unit of the notice: town, county department, park or zone committee, duty office. */
export interface Unit {
  unitId: string;
  kind: UnitKind;
  name: Record<Locale, string>;
  /** True for the example towns that are not named in the notice. */
  example: boolean;
  contacts: { dutyContact: Contact; principalLeader: Contact };
}

/** The directory of units and contacts; the default one ships in `functions/config/units.json`. */
export interface Directory {
  units: Unit[];
}

export const defaultDirectory: Directory = directoryConfiguration as Directory;

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

/** Every contact of every unit, for building one e-mail subscription per contact. */
export function allContacts(directory: Directory): Contact[] {
  return directory.units.flatMap((unit) => [unit.contacts.dutyContact, unit.contacts.principalLeader]);
}
