import { actorOf } from '../domain/access';
import { requireUnit } from '../domain/directory';
import { InvalidRequestError } from '../domain/errors';
import { newDocumentId, type Instruction } from '../domain/incident';
import { deadlineFor, openObligation } from '../domain/obligations';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import { openAndWatchObligation, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { instructionSchema } from './schemas';

export type RecordInstructionDependencies = ObligationOpeningDependencies;

// A clock a minute fast on the caller's side is not a future instruction.
const CLOCK_SKEW_MILLISECONDS = 60_000;

/**
 * `POST /incidents/{incidentId}/instructions` — R-INSTRUCTION-12H: the duty office records a
 * leader's instruction (批示). Opens `<instructionId>-feedback`, due 12 hours after the
 * instruction was received (not after it was recorded), watched by its own execution.
 */
export function makeHandler(deps: RecordInstructionDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/instructions'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const body = parseBody(instructionSchema, event.body);
      const now = deps.now();
      const receivedAt = new Date(body.receivedAt);
      if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MILLISECONDS) {
        throw new InvalidRequestError([{ field: 'receivedAt', message: 'Must not be in the future' }]);
      }
      const incident = await requireOpenIncident(deps.store, incidentId);
      if (receivedAt.getTime() < Date.parse(incident.occurredAt)) {
        throw new InvalidRequestError([{ field: 'receivedAt', message: `Must not be before the incident occurred (${incident.occurredAt})` }]);
      }
      const unit = requireUnit(deps.directory, incident.unitId);
      const instruction: Instruction = {
        incidentId, instructionId: newDocumentId('INS'), leader: body.leader, ...(body.leaderLevel ? { leaderLevel: body.leaderLevel } : {}),
        text: body.text, receivedAt: receivedAt.toISOString(), recordedAt: now.toISOString(),
      };
      const obligation = openObligation({
        incidentId, obligationId: `${instruction.instructionId}-feedback`, kind: 'instruction-feedback', unit, openedAt: receivedAt, now,
        dueAt: deadlineFor('instruction-feedback', receivedAt, deps.policy, deps.drillSpeed), policy: deps.policy, drillSpeed: deps.drillSpeed,
        origin: { instructionId: instruction.instructionId },
      });
      await deps.store.putInstruction(instruction);
      await deps.store.appendEvent({
        incidentId, at: instruction.recordedAt, type: 'instruction-recorded', actor: actorOf(principal), unitId: incident.unitId,
        detail: { instructionId: instruction.instructionId, leader: instruction.leader, receivedAt: instruction.receivedAt },
      });
      const executionArn = await openAndWatchObligation(deps.store, deps.workflow, obligation, actorOf(principal), now);
      return json(201, { ...instruction, obligation, executionArn }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/instructions' } },
  );
}

export const handler = makeHandler(obligationOpeningDependenciesFromEnvironment());
