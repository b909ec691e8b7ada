import canonicalize from 'canonicalize';
import type * as z from 'zod/mini';
import { contactInputSchema, contactsOf, findUnit, type Contact, type Directory, type Unit } from './directory';
import {
  DirectoryChangeRefusedError,
  DirectoryConflictError,
  DocumentNotFoundError,
  type FieldProblem,
} from './errors';

/**
 * Issue 15: the directory is data. Each change an admin makes is decided here — what the unit becomes, and whether the
 * directory would still hold together — and the repository stores it with its audit event, before and after.
 */
export type DirectoryChange =
  | { kind: 'unit-created'; unit: Unit }
  | { kind: 'unit-updated'; unit: Unit }
  | { kind: 'unit-deactivated'; unitId: string; at: string }
  | { kind: 'contact-saved'; unitId: string; contactId: string; contact: z.infer<typeof contactInputSchema> }
  | { kind: 'contact-removed'; unitId: string; contactId: string };

/** What a change makes of one unit. `before` is undefined for a new unit; `after` equal to it means nothing to do. */
export interface UnitChange {
  unitId: string;
  before?: Unit;
  after: Unit;
}

/**
 * The unit a change produces, checked against the rest of the directory.
 * @throws {DocumentNotFoundError} for a unit or contact that is not there (404).
 * @throws {DirectoryConflictError} for a unit created twice, or a standing contact removed (409).
 * @throws {DirectoryChangeRefusedError} for a change that breaks the directory, naming each field (422).
 */
export function applyDirectoryChange(directory: Directory, change: DirectoryChange): UnitChange {
  const unitId = change.kind === 'unit-created' || change.kind === 'unit-updated' ? change.unit.unitId : change.unitId;
  const before = findUnit(directory, unitId);
  if (change.kind === 'unit-created') {
    // The same unit posted again (a retry after a lost answer) changes nothing; another one under its ID conflicts.
    if (before && sameUnit(before, change.unit)) return { unitId, before, after: before };
    if (before)
      throw new DirectoryConflictError(`Unit "${unitId}" already exists; change it with PUT /units/${unitId}`);
  } else if (!before) {
    throw new DocumentNotFoundError('Unit', unitId);
  }
  const after = nextUnit(before, change);
  const problems = unitProblems(directory, after);
  if (problems.length > 0) throw new DirectoryChangeRefusedError(problems);
  return { unitId, ...(before ? { before } : {}), after };
}

function nextUnit(before: Unit | undefined, change: DirectoryChange): Unit {
  switch (change.kind) {
    case 'unit-created':
      return change.unit;
    case 'unit-updated':
      // What the unit page does not edit stays: its staff and whether it is deactivated.
      return { ...change.unit, staff: change.unit.staff ?? before!.staff, deactivatedAt: before!.deactivatedAt };
    case 'unit-deactivated':
      return { ...before!, deactivatedAt: before!.deactivatedAt ?? change.at };
    case 'contact-saved':
      return withContact(before!, change.contactId, change.contact);
    case 'contact-removed':
      return withoutContact(before!, change.contactId);
  }
}

/** The unit with the contact saved: a standing contact keeps its role, any other is staff. */
function withContact(unit: Unit, contactId: string, input: z.infer<typeof contactInputSchema>): Unit {
  const { role: _role, ...fields } = input;
  for (const standing of ['dutyContact', 'principalLeader'] as const) {
    const current = unit.contacts[standing];
    if (current.contactId === contactId)
      return { ...unit, contacts: { ...unit.contacts, [standing]: { ...fields, contactId, role: current.role } } };
  }
  const contact: Contact = { ...fields, contactId, role: 'staff' };
  const staff = unit.staff ?? [];
  const at = staff.findIndex((existing) => existing.contactId === contactId);
  return { ...unit, staff: at < 0 ? [...staff, contact] : staff.map((existing, i) => (i === at ? contact : existing)) };
}

function withoutContact(unit: Unit, contactId: string): Unit {
  if (unit.contacts.dutyContact.contactId === contactId || unit.contacts.principalLeader.contactId === contactId)
    throw new DirectoryConflictError(
      `Contact "${contactId}" is a standing contact of unit "${unit.unitId}": change it, it cannot be removed`,
    );
  if (!(unit.staff ?? []).some((contact) => contact.contactId === contactId))
    throw new DocumentNotFoundError('Contact', contactId);
  return { ...unit, staff: unit.staff!.filter((contact) => contact.contactId !== contactId) };
}

/**
 * Why a unit would not fit the directory: its parent unknown or deactivated, a cycle in the unit tree (属地管理), a
 * contact ID used twice or already another unit's. Empty when it fits.
 */
export function unitProblems(directory: Directory, unit: Unit): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (unit.parentUnitId !== undefined) {
    const parent = findUnit(directory, unit.parentUnitId);
    if (unit.parentUnitId === unit.unitId)
      problems.push({ field: 'parentUnitId', message: 'A unit cannot be its own parent' });
    else if (!parent)
      problems.push({ field: 'parentUnitId', message: `No unit "${unit.parentUnitId}" in the directory` });
    else if (parent.deactivatedAt && !unit.deactivatedAt)
      problems.push({ field: 'parentUnitId', message: `Unit "${unit.parentUnitId}" is deactivated` });
    else {
      const cycle = pathToRoot(directory, unit.parentUnitId, unit.unitId);
      if (cycle)
        problems.push({
          field: 'parentUnitId',
          message: `Would make a cycle in the unit tree: ${[unit.unitId, ...cycle].join(' → ')}`,
        });
    }
  }
  const seen = new Set<string>();
  contactsOf(unit).forEach((contact, index) => {
    const field = contactField(index);
    if (seen.has(contact.contactId))
      problems.push({ field, message: `Contact ID "${contact.contactId}" is used twice in this unit` });
    seen.add(contact.contactId);
    const owner = directory.units.find(
      (other) => other.unitId !== unit.unitId && contactsOf(other).some((c) => c.contactId === contact.contactId),
    );
    if (owner) problems.push({ field, message: `Contact ID "${contact.contactId}" belongs to unit "${owner.unitId}"` });
  });
  return problems;
}

function contactField(index: number): string {
  if (index === 0) return 'contacts.dutyContact.contactId';
  if (index === 1) return 'contacts.principalLeader.contactId';
  return `staff.${index - 2}.contactId`;
}

/** The units from `startId` up to the root, if the walk reaches `unitId` (a cycle through it); else undefined. */
function pathToRoot(directory: Directory, startId: string, unitId: string): string[] | undefined {
  const path: string[] = [];
  const visited = new Set<string>();
  for (let at: string | undefined = startId; at !== undefined && !visited.has(at);) {
    path.push(at);
    if (at === unitId) return path;
    visited.add(at);
    at = findUnit(directory, at)?.parentUnitId;
  }
  return undefined;
}

/** The directory with one unit put in place of its old self (or added): what the next message is sent from. */
export function withUnit(directory: Directory, unit: Unit): Directory {
  const known = directory.units.some((existing) => existing.unitId === unit.unitId);
  return {
    units: known
      ? directory.units.map((existing) => (existing.unitId === unit.unitId ? unit : existing))
      : [...directory.units, unit],
  };
}

/** Whether the change changes anything (a PUT of what is there already writes nothing, and audits nothing). */
export function changesSomething(change: UnitChange): boolean {
  return !change.before || !sameUnit(change.before, change.after);
}

/** Two units alike, whatever order their fields come in (DynamoDB keeps none), absent fields left out. */
function sameUnit(a: Unit, b: Unit): boolean {
  return canonicalize(JSON.parse(JSON.stringify(a))) === canonicalize(JSON.parse(JSON.stringify(b)));
}
