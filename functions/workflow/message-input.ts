import type { Unit } from '../domain/directory';
import type { Incident } from '../domain/incident';
import { filingInstructionFor, type ObligationMessageInput } from '../domain/messages';
import type { Obligation } from '../domain/obligations';
import type { Contact } from '../domain/directory';

/** What every message about an obligation says, for one contact. */
export function obligationMessageInput(obligation: Obligation, incident: Incident | undefined, unit: Unit, contact: Contact, apiUrl: string, now: Date): ObligationMessageInput {
  return {
    locale: contact.locale,
    incidentId: obligation.incidentId,
    incidentTitle: incident?.title ?? obligation.incidentId,
    unitName: unit.name[contact.locale],
    unitShortName: unit.shortName[contact.locale],
    obligationKind: obligation.kind,
    dueAt: new Date(obligation.dueAt),
    now,
    apiUrl,
    filing: filingInstructionFor(obligation),
    drill: obligation.drillSpeed > 1,
  };
}
