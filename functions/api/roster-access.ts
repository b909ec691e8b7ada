import { canActFor, type Principal } from '../domain/access';
import { contactsOf, findUnit, type Unit } from '../domain/directory';
import { DocumentNotFoundError, InvalidRequestError } from '../domain/errors';
import type { RosterProblem } from '../domain/roster';
import type { DirectorySource } from '../shared/directory-source';
import { withChineseMessage } from '../shared/problem-language';
import type { RosterContact } from '../shared/roster-files';

/**
 * Issue 15: the unit whose roster is asked for. The duty office and admins keep every unit's roster; a unit's own
 * reporters keep theirs. Another unit's, for a reporter, is answered 404 like a unit that does not exist.
 * @throws {DocumentNotFoundError} (404).
 */
export async function rosterUnit(directory: DirectorySource, principal: Principal, unitId: string): Promise<Unit> {
  const unit = findUnit(await directory.current(), unitId);
  const allowed = principal.role === 'admin' || canActFor(principal, unitId);
  if (!unit || !allowed) throw new DocumentNotFoundError('Unit', unitId);
  return unit;
}

/** The people a roster can name: the unit's contacts, by name and phone as a file names them. */
export function rosterContacts(unit: Unit): RosterContact[] {
  return contactsOf(unit).map(({ contactId, name, phone }) => ({ contactId, name, phone }));
}

/** A roster's problems as a 400 naming each row and field (`shifts.3.dutyOfficerContactId`, `line 5: 值班员`). */
export function rosterRefused(problems: readonly RosterProblem[], rows: 'shifts' | 'file'): InvalidRequestError {
  return new InvalidRequestError(
    problems.map((problem) => {
      const field =
        rows === 'file' && problem.line !== undefined
          ? `line ${problem.line}: ${problem.field}`
          : problem.index !== undefined
            ? `shifts.${problem.index}.${problem.field}`
            : problem.field;
      return withChineseMessage({ field, message: problem.reason.en }, problem.reason['zh-CN']);
    }),
  );
}
