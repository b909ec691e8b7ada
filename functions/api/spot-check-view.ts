import type { DirectorySource } from '../shared/directory-source';
import type { ReportingPolicy } from '../domain/policy';
import { spotCheckResult, type SpotCheck } from '../domain/spot-checks';
import type { EscalationNotifier } from '../shared/escalation-notifier';
import type { IdempotencyStore } from '../shared/idempotency';
import type { Repositories } from '../shared/repositories';

export interface SpotCheckDependencies extends Pick<Repositories, 'spotChecks' | 'acknowledgements'> {
  directory: DirectorySource;
  policy: ReportingPolicy;
  drillSpeed: number;
  now: () => Date;
  /** Remembers results by Idempotency-Key; without it every request is processed. */
  idempotency?: IdempotencyStore;
  /** Sends the spot-check SMS; without it the duty office phones the unit itself. */
  notifier?: EscalationNotifier;
}

/** A spot check with its result at `now` (R-SPOTCHECK). */
export const spotCheckView = (spotCheck: SpotCheck, now: Date) => ({
  ...spotCheck,
  result: spotCheckResult(spotCheck, now),
});
