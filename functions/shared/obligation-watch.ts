import type { DirectorySource } from './directory-source';
import { obligationOpenedEvent, type Obligation } from '../domain/obligations';
import type { ReportingPolicy } from '../domain/policy';
import type { IdempotencyStore } from './idempotency';
import type { Repositories } from './repositories';
import type { IncidentWorkflow } from './incident-workflow';
import type { RequestPins } from './request-pins';

/**
 * What every handler that opens obligations needs: the table, the watches, the directory, the policy in force and the
 * drill speed.
 */
export interface ObligationOpeningDependencies extends Pick<Repositories, 'incidents' | 'obligations' | 'audit'> {
  workflow: IncidentWorkflow;
  directory: DirectorySource;
  policy: ReportingPolicy;
  drillSpeed: number;
  now: () => Date;
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Pins a keyed request's clock and IDs, so a retry after a crash converges on what the first run wrote. */
  pins?: RequestPins;
}

/**
 * Stores a new obligation and, only when it is new, its `obligation-opened` event (R-LIFECYCLE,
 * R-AUDIT); a replayed request (`replay`) also records the event its first run did not get to.
 */
export async function recordObligation(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  obligation: Obligation,
  actor: string,
  now: Date,
  replay = false,
): Promise<void> {
  if (!(await repos.obligations.putObligation(obligation)) && !replay) return;
  await repos.audit.appendEventOnce(obligationOpenedEvent(obligation, actor, now), replay);
}

/**
 * Opens an obligation and starts the execution that watches it: the obligation item, its
 * event, then the execution named after it. Every part is idempotent — a conditional put, an
 * event only when the put was new, a named execution — so a retried caller opens nothing
 * twice. Returns the execution's ARN.
 */
export async function openAndWatchObligation(
  repos: Pick<Repositories, 'obligations' | 'audit'>,
  workflow: IncidentWorkflow,
  obligation: Obligation,
  actor: string,
  now: Date,
  replay = false,
): Promise<string> {
  await recordObligation(repos, obligation, actor, now, replay);
  return workflow.watchObligation(obligation);
}
