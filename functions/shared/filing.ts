import { IncidentClosedError } from '../domain/errors';
import type { Repositories } from './repositories';
import { logger } from './logger';

/**
 * R-LIFECYCLE: runs `write` — storing a document, or opening an obligation — while the incident
 * is held open for it. The incident must be open when the filing begins (409 otherwise), and the
 * final report cannot close it until the filing has ended, so nothing is ever stored on an
 * incident after it closed, however the two race. A filer that crashes holds the incident for
 * the filing lease at most.
 */
export async function whileIncidentOpen<T>(
  repos: Pick<Repositories, 'incidents'>,
  incidentId: string,
  filingId: string,
  now: () => Date,
  write: () => Promise<T>,
): Promise<T> {
  if (!(await repos.incidents.beginFiling(incidentId, filingId, now()))) throw new IncidentClosedError(incidentId);
  try {
    return await write();
  } finally {
    // Best effort: a filing not ended here ends with its lease.
    await repos.incidents
      .endFiling(incidentId, filingId)
      .catch((error: Error) =>
        logger.warn('Filing not ended; its lease will end it', { incidentId, filingId, error: error.message }),
      );
  }
}
