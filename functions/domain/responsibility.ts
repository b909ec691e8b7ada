import { contactsOf, findUnit, type Directory } from './directory';
import type { DutyCoverage } from './duty-resolution';
import type { LapseItem, OnDutyPerson } from './evaluation';
import type { OnDuty } from './roster';

/**
 * Issue 15 item 7 (责任溯查, R-EVAL, R-AUDIT): each late or missed item with who was on duty in its unit when it fell
 * due. `coverageAt(unitId, dueAt)` is the roster's answer for that moment (as `coveringAt` gives it).
 */
export function withDutyAtDue(
  lapses: readonly LapseItem[],
  directory: Directory,
  coverageAt: (unitId: string, dueAt: string) => DutyCoverage | undefined,
): LapseItem[] {
  return lapses.map((lapse) => {
    const coverage = coverageAt(lapse.unitId, lapse.dueAt);
    if (!coverage?.dutyOfficer && !coverage?.shiftLeader) return lapse;
    const unit = findUnit(directory, lapse.unitId);
    const person = (held: OnDuty | undefined): OnDutyPerson | undefined => {
      if (!held) return undefined;
      const contact = unit && contactsOf(unit).find((candidate) => candidate.contactId === held.contactId);
      return { contactId: held.contactId, name: contact?.name ?? held.contactId };
    };
    const dutyOfficer = person(coverage.dutyOfficer);
    const shiftLeader = person(coverage.shiftLeader);
    return {
      ...lapse,
      onDutyAtDue: { ...(dutyOfficer ? { dutyOfficer } : {}), ...(shiftLeader ? { shiftLeader } : {}) },
    };
  });
}

/** The (unit, due time) pairs whose rosters the trace reads, each once. */
export function lapseMoments(lapses: readonly LapseItem[]): { unitId: string; dueAt: string }[] {
  const seen = new Map<string, { unitId: string; dueAt: string }>();
  for (const { unitId, dueAt } of lapses) seen.set(`${unitId}#${dueAt}`, { unitId, dueAt });
  return [...seen.values()];
}
