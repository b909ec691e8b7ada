import { actorOf, type Principal } from '../domain/access';
import type { DirectoryChange } from '../domain/directory-changes';
import { changeDirectory } from '../shared/directory-source';
import { syncEmailSubscriptions, type EmailSubscriptions } from '../shared/email-subscriptions';
import { logger } from '../shared/logger';
import { json, type HttpEvent } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';

export interface DirectoryChangeDependencies extends Pick<Repositories, 'units' | 'incidents'> {
  now: () => Date;
  /** Issue 15 item 2: the e-mail topic, kept to the directory after each change. */
  emailSubscriptions?: { store: EmailSubscriptions; includePlaceholders: boolean };
}

/**
 * After a change, the e-mail topic follows the directory at once; a failure here is logged, not the caller's: the
 * change is stored, and the next change, deploy or scheduled run subscribes what is missing.
 */
async function followWithEmail(deps: DirectoryChangeDependencies): Promise<void> {
  if (!deps.emailSubscriptions) return;
  try {
    const directory = { units: (await deps.units.load()).units.map((entry) => entry.unit) };
    await syncEmailSubscriptions(deps.emailSubscriptions.store, directory, deps.emailSubscriptions);
  } catch (error) {
    logger.error('E-mail subscriptions not synchronised with the directory', { error: (error as Error).message });
  }
}

/**
 * Issue 15: an endpoint that changes the directory — it reads the request into one change, `changeDirectory` decides
 * and stores it with its audit event, and the answer is the unit as it now is (`201` for a unit created, `200` for
 * every other change and for a change that changed nothing). Applies to the next message, without a restart.
 */
export function directoryChangeEndpoint(
  routeKey: string,
  deps: DirectoryChangeDependencies,
  changeOf: (event: HttpEvent, at: string) => DirectoryChange,
  options: { jsonBody: boolean },
) {
  return httpEndpoint(
    rolesFor(routeKey),
    async (event, principal: Principal) => {
      const at = deps.now().toISOString();
      const change = changeOf(event, at);
      const { unit, changed } = await changeDirectory(deps, change, { actor: actorOf(principal), at });
      if (changed) await followWithEmail(deps);
      return json(change.kind === 'unit-created' && changed ? 201 : 200, unit);
    },
    options,
  );
}
