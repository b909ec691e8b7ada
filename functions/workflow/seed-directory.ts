import directoryConfiguration from '../config/units.json' with { type: 'json' };
import { repositoriesFromEnvironment } from '../shared/dependencies';
import { seedDirectory } from '../shared/directory-source';
import type { DirectoryRepository } from '../shared/repositories/directory';

export interface SeedDirectoryDependencies {
  units: DirectoryRepository;
  /** What `units.json` holds: checked before anything is written. */
  seed: unknown;
  now: () => Date;
}

/**
 * Issue 15: run once after each deploy (a CDK trigger) and at each local start — seeds an empty directory table from
 * `units.json`, each unit audited in its own chain; a directory already seeded is left as it is, whatever the file
 * says now (the directory is data: it changes over the API).
 */
export function makeHandler(deps: SeedDirectoryDependencies) {
  return async (): Promise<{ seeded: number }> => seedDirectory(deps.units, deps.seed, deps.now().toISOString());
}

export const handler = makeHandler({
  units: repositoriesFromEnvironment().units,
  seed: directoryConfiguration,
  now: () => new Date(),
});
