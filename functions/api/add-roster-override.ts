import { contactsOf } from '../domain/directory';
import { makeOverride, validateOverride } from '../domain/roster';
import { directoryFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { DirectorySource } from '../shared/directory-source';
import { json, parseBody, pathParameter } from '../shared/http';
import type { IdempotencyStore } from '../shared/idempotency';
import { idempotencyStoreFromEnvironment } from '../shared/dependencies';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rosterRefused, rosterUnit } from './roster-access';
import { rolesFor } from './routes';
import { rosterOverrideSchema } from './schemas';

const ROUTE = 'POST /units/{unitId}/roster/overrides';

export interface AddRosterOverrideDependencies extends Pick<Repositories, 'rosters'> {
  directory: DirectorySource;
  idempotency?: IdempotencyStore;
  now: () => Date;
}

/**
 * `POST /units/{unitId}/roster/overrides` — issue 15 item 3: a swap or a stand-in (替班、换班) — one role taken by
 * another contact of the unit for part of a shift; the next message to that role goes to them (R-LADDER). 201.
 */
export function makeHandler(deps: AddRosterOverrideDependencies) {
  return httpEndpoint(
    rolesFor(ROUTE),
    async (event, principal) => {
      const unit = await rosterUnit(deps.directory, principal, pathParameter(event, 'unitId'));
      const override = makeOverride(
        { ...parseBody(rosterOverrideSchema, event.body), unitId: unit.unitId },
        deps.now(),
      );
      const problems = validateOverride(override, {
        unitId: unit.unitId,
        knownContactIds: contactsOf(unit).map((contact) => contact.contactId),
      });
      if (problems.length > 0) throw rosterRefused(problems, 'shifts');
      await deps.rosters.addOverride(override);
      return json(201, override);
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: ROUTE } },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  directory: directoryFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  now: () => new Date(),
});
