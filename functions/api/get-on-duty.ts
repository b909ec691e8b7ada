import { contactsOf } from '../domain/directory';
import { resolveRole } from '../domain/duty-resolution';
import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rosterUnit } from './roster-access';
import { rolesFor } from './routes';
import { onDutyQuerySchema } from './schemas';

export interface GetOnDutyDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
  now: () => Date;
}

/**
 * `GET /units/{unitId}/on-duty?at=` — issue 15 items 3–4: who is on duty at that moment (default: now), from which
 * shift or override, and whom a message to the unit's duty contact and to its leader would reach then (R-LADDER):
 * the same resolution the escalations use (one Query).
 */
export function makeHandler(deps: GetOnDutyDependencies) {
  return httpEndpoint(
    rolesFor('GET /units/{unitId}/on-duty'),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const at = new Date(parseBody(onDutyQuerySchema, event.queryStringParameters ?? {}).at ?? deps.now());
      const coverage = await deps.rosters.coveringAt(unit.unitId, at);
      const person = (contactId: string | undefined) => contactsOf(unit).find((c) => c.contactId === contactId);
      const holder = (held: typeof coverage.dutyOfficer) =>
        held ? { contact: person(held.contactId) ?? { contactId: held.contactId }, source: held.source } : undefined;
      const reaches = (role: 'dutyContact' | 'principalLeader') =>
        resolveRole(unit, role, coverage).map(({ contact, onDuty, rosterGap }) => ({
          contactId: contact.contactId,
          name: contact.name,
          phone: contact.phone,
          ...(onDuty ? { onDuty } : {}),
          ...(rosterGap ? { rosterGap } : {}),
        }));
      return json(200, {
        unitId: unit.unitId,
        at: at.toISOString(),
        rostered: coverage.rostered,
        dutyOfficer: holder(coverage.dutyOfficer),
        shiftLeader: holder(coverage.shiftLeader),
        reaches: { dutyContact: reaches('dutyContact'), leader: reaches('principalLeader') },
      });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  now: () => new Date(),
});
