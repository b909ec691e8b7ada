import { contactOf, contactsOf, type Contact, type ContactRole, type Unit } from './directory';
import type { DutySource, OnDutyAnswer, RosterRole } from './roster';

/**
 * Issue 15 item 4, R-LADDER: who a message to a unit's role reaches at the moment of sending. The obligation keeps
 * its schedule from when it opened; only the person behind each step is resolved here, from the unit's roster.
 */

/** Who is on duty in a unit now, and whether it keeps a roster at all (a shift in the last 24 hours). */
export type DutyCoverage = OnDutyAnswer & { rostered: boolean };

/** The coverage of each unit a sending involves, by unit ID (units not in it are treated as keeping no roster). */
export type CoverageByUnit = ReadonlyMap<string, DutyCoverage>;

/** Why a contact got a message: the roster's role and the shift or override that made them its holder. */
export interface DutyBasis {
  role: RosterRole;
  source: DutySource;
}

/** One contact a role resolves to: the roster entry behind it, or the roster gap that sent it to the standing one. */
export interface ResolvedContact {
  contact: Contact;
  onDuty?: DutyBasis;
  /** The unit keeps a roster and no shift covers now: the standing contact gets it, and the operators are told. */
  rosterGap?: boolean;
}

/**
 * The contacts a message to `role` of `unit` goes to now:
 * - `dutyContact`: the duty officer on shift (值班员), else the unit's standing duty phone;
 * - `principalLeader`: the shift leader on shift (带班领导), then the principal leader (once, if the same person).
 * A rostered person who is not (any longer) a contact of the unit is passed over for the standing contact.
 */
export function resolveRole(unit: Unit, role: ContactRole, coverage: DutyCoverage | undefined): ResolvedContact[] {
  const standing = contactOf(unit, role);
  const rosterRole: RosterRole = role === 'dutyContact' ? 'duty-officer' : 'shift-leader';
  const holder = role === 'dutyContact' ? coverage?.dutyOfficer : coverage?.shiftLeader;
  const contact = holder && contactsOf(unit).find((candidate) => candidate.contactId === holder.contactId);
  const rosterGap = coverage?.rostered === true && !contact;
  const rostered: ResolvedContact[] = contact ? [{ contact, onDuty: { role: rosterRole, source: holder.source } }] : [];
  if (role === 'dutyContact') return contact ? rostered : [{ contact: standing, ...(rosterGap ? { rosterGap } : {}) }];
  const leader: ResolvedContact = { contact: standing, ...(rosterGap ? { rosterGap } : {}) };
  return contact && contact.contactId !== standing.contactId ? [...rostered, leader] : contact ? rostered : [leader];
}
