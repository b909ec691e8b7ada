import { unitChainId, type DirectoryEventType } from '../domain/audit-chain';
import {
  applyDirectoryChange,
  changesSomething,
  unitProblems,
  type DirectoryChange,
} from '../domain/directory-changes';
import { parseDirectory, type Directory, type Unit } from '../domain/directory';
import { ConfigurationError, DirectoryConflictError, StoreError } from '../domain/errors';
import type { DirectoryRepository, StoredDirectory } from './repositories/directory';
import type { IncidentRepository } from './repositories/incidents';

/** Where a handler gets the directory it decides with: as it is now, or at most a minute old in a warm Lambda. */
export interface DirectorySource {
  current(): Promise<Directory>;
}

/** A directory that never changes: for tests and the tools that run on the shipped seed. */
export function fixedDirectory(directory: Directory): DirectorySource {
  return { current: () => Promise.resolve(directory) };
}

// A write bumps this counter, and every cache in the same process reloads at its next read. The local runtime runs
// every function in one process, so a change applies to the very next message there; in AWS each Lambda instance has
// its own counter and the minute's age bound applies.
const GENERATION = Symbol.for('incident-deadline-escalation.directory-generation');
type WithGeneration = typeof globalThis & { [GENERATION]?: number };
const generation = () => (globalThis as WithGeneration)[GENERATION] ?? 0;
function directoryChanged(): void {
  (globalThis as WithGeneration)[GENERATION] = generation() + 1;
}

/** The directory of the table, cached for `maxAgeMs` (issue 15: at most a minute), reloaded after a local write. */
export class TableDirectory implements DirectorySource {
  private readonly repository: DirectoryRepository;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;
  private cached?: { directory: Directory; loadedAt: number; generation: number };
  private loading?: Promise<Directory>;

  public constructor(repository: DirectoryRepository, options: { maxAgeMs?: number; clock?: () => number } = {}) {
    this.repository = repository;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  public async current(): Promise<Directory> {
    const cached = this.cached;
    if (cached && cached.generation === generation() && this.clock() - cached.loadedAt < this.maxAgeMs)
      return cached.directory;
    // Concurrent callers share one load.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<Directory> {
    const startedAt = this.clock();
    const startedGeneration = generation();
    const stored = await this.repository.load();
    if (stored.units.length === 0)
      throw new ConfigurationError('The directory of units is empty: it is seeded from units.json at deploy and start');
    const directory = { units: stored.units.map((entry) => entry.unit) };
    this.cached = { directory, loadedAt: startedAt, generation: startedGeneration };
    return directory;
  }
}

const EVENT_TYPE: Record<DirectoryChange['kind'], DirectoryEventType> = {
  'unit-created': 'unit-created',
  'unit-updated': 'unit-updated',
  'unit-deactivated': 'unit-deactivated',
  'contact-saved': 'contact-saved',
  'contact-removed': 'contact-removed',
};

// Two admins saving the same unit at once take turns: the loser reads again and decides again.
const SAVE_ATTEMPTS = 10;

/**
 * Issue 15: one change of the directory, decided on the directory as stored now (never a cached copy), written under
 * a condition on the unit's version and audited with who, when, before and after. A change that changes nothing
 * writes nothing. Returns the unit as it now is.
 * @throws {DirectoryConflictError} when a unit to deactivate has open incidents (409), and what `applyDirectoryChange`
 * throws.
 */
export async function changeDirectory(
  deps: { units: DirectoryRepository; incidents: Pick<IncidentRepository, 'openIncidents'> },
  change: DirectoryChange,
  by: { actor: string; at: string },
): Promise<{ unit: Unit; changed: boolean }> {
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
    const stored = await deps.units.load();
    const directory = { units: stored.units.map((entry) => entry.unit) };
    const unitChange = applyDirectoryChange(directory, change);
    const entry = stored.units.find((existing) => existing.unit.unitId === unitChange.unitId);
    if (entry?.pendingEvent) await deps.units.recordPendingEvent(entry.unit.unitId, entry.version, entry.pendingEvent);
    if (!changesSomething(unitChange)) return { unit: unitChange.after, changed: false };
    if (change.kind === 'unit-deactivated') {
      const open = (await deps.incidents.openIncidents()).filter((incident) => incident.unitId === change.unitId);
      if (open.length > 0)
        throw new DirectoryConflictError(
          `Unit "${change.unitId}" has ${open.length} open incident(s) (${open.map((i) => i.incidentId).join(', ')}): close them with a final report before deactivating it`,
        );
    }
    const saved = await deps.units.saveUnit(
      unitChange.after,
      entry?.version ?? 0,
      entry?.position ?? nextPosition(stored),
      {
        incidentId: unitChainId(unitChange.unitId),
        type: EVENT_TYPE[change.kind],
        at: by.at,
        actor: by.actor,
        unitId: unitChange.unitId,
        detail: {
          ...('contactId' in change ? { contactId: change.contactId } : {}),
          ...(unitChange.before ? { before: unitChange.before } : {}),
          after: unitChange.after,
        },
      },
    );
    if (saved) {
      directoryChanged();
      return { unit: unitChange.after, changed: true };
    }
  }
  throw new StoreError(`Could not save unit after ${SAVE_ATTEMPTS} attempts: it kept changing`);
}

function nextPosition(stored: StoredDirectory): number {
  return stored.units.reduce((last, entry) => Math.max(last, entry.position), -1) + 1;
}

/**
 * Issue 15: `units.json` seeds an empty directory, once (first deploy, first local start), each unit audited as
 * seeded; a seed cut short is finished by the next one; a seeded directory is never seeded again.
 */
export async function seedDirectory(
  repository: DirectoryRepository,
  seed: unknown,
  at: string,
): Promise<{ seeded: number }> {
  const stored = await repository.load();
  if (stored.seeded) return { seeded: 0 };
  const directory = parseDirectory(seed);
  const problems = directory.units.flatMap((unit) =>
    unitProblems(directory, unit).map((problem) => `${unit.unitId}.${problem.field}: ${problem.message}`),
  );
  if (problems.length > 0) throw new ConfigurationError(`The directory of units is invalid: ${problems.join('; ')}`);
  let seeded = 0;
  for (const [position, unit] of directory.units.entries()) {
    const entry = stored.units.find((existing) => existing.unit.unitId === unit.unitId);
    if (entry) {
      if (entry.pendingEvent) await repository.recordPendingEvent(unit.unitId, entry.version, entry.pendingEvent);
      continue;
    }
    const event = {
      incidentId: unitChainId(unit.unitId),
      type: 'unit-seeded' as const,
      at,
      actor: 'system:directory-seed',
      unitId: unit.unitId,
      detail: { after: unit },
    };
    if (await repository.saveUnit(unit, 0, position, event)) seeded += 1;
  }
  await repository.markSeeded(at);
  directoryChanged();
  return { seeded };
}
