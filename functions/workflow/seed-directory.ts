import directoryConfiguration from '../config/units.json' with { type: 'json' };
import { emailSubscriptionsFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { syncEmailSubscriptions, type EmailSubscriptions } from '../shared/email-subscriptions';
import { seedDirectory } from '../shared/directory-source';
import type { DirectoryRepository } from '../shared/repositories/directory';

export interface SeedDirectoryDependencies {
  units: DirectoryRepository;
  /** What `units.json` holds: checked before anything is written. */
  seed: unknown;
  now: () => Date;
  /** Issue 15 item 2: after the seed, the e-mail topic follows the directory (after each deploy and local start). */
  emailSubscriptions?: { store: EmailSubscriptions; includePlaceholders: boolean };
}

/**
 * Issue 15: run once after each deploy (a CDK trigger) and at each local start — seeds an empty directory table from
 * `units.json`, each unit audited in its own chain; a directory already seeded is left as it is, whatever the file
 * says now (the directory is data: it changes over the API).
 */
export function makeHandler(deps: SeedDirectoryDependencies) {
  return async (): Promise<{ seeded: number; subscribed: number; unsubscribed: number }> => {
    const { seeded } = await seedDirectory(deps.units, deps.seed, deps.now().toISOString());
    if (!deps.emailSubscriptions) return { seeded, subscribed: 0, unsubscribed: 0 };
    const directory = { units: (await deps.units.load()).units.map((entry) => entry.unit) };
    const plan = await syncEmailSubscriptions(deps.emailSubscriptions.store, directory, deps.emailSubscriptions);
    return { seeded, subscribed: plan.subscribe.length, unsubscribed: plan.unsubscribe.length };
  };
}

export const handler = makeHandler({
  units: repositoriesFromEnvironment().units,
  seed: directoryConfiguration,
  emailSubscriptions: emailSubscriptionsFromEnvironment(),
  now: () => new Date(),
});
