import { actorOf } from '../domain/access';
import { requireUnit } from '../domain/directory';
import { InvalidRequestError } from '../domain/errors';
import { newDocumentId, type Instruction } from '../domain/incident';
import { deadlineFor, openObligation } from '../domain/obligations';
import { obligationOpeningDependenciesFromEnvironment } from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import { openAndWatchObligation, type ObligationOpeningDependencies } from '../shared/obligation-watch';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireOpenIncident } from './incident-guards';
import { whileIncidentOpen } from '../shared/filing';
import { pinRequest } from '../shared/request-pins';
import { instructionSchema } from './schemas';

export type RecordInstructionDependencies = ObligationOpeningDependencies & Pick<Repositories, 'documents'>;

// A clock a minute fast on the caller's side is not a future instruction.
const CLOCK_SKEW_MILLISECONDS = 60_000;

/**
 * `POST /incidents/{incidentId}/instructions` — R-INSTRUCTION-12H: the duty office records a
 * leader's instruction (批示). Opens `<instructionId>-feedback`, due 12 hours after the
 * instruction was received (not after it was recorded), watched by its own execution. Recorded
 * only while the incident is open; a retry of a keyed request records nothing twice.
 */
export function makeHandler(deps: RecordInstructionDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/instructions'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const body = parseBody(instructionSchema, event.body);
      const receivedAt = new Date(body.receivedAt);
      if (receivedAt.getTime() > deps.now().getTime() + CLOCK_SKEW_MILLISECONDS) {
        throw new InvalidRequestError([{ field: 'receivedAt', message: 'Must not be in the future' }]);
      }
      const incident = await requireOpenIncident(deps, principal, incidentId);
      if (receivedAt.getTime() < Date.parse(incident.occurredAt)) {
        throw new InvalidRequestError([
          { field: 'receivedAt', message: `Must not be before the incident occurred (${incident.occurredAt})` },
        ]);
      }
      const unit = requireUnit(await deps.directory.current(), incident.unitId);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const actor = actorOf(principal);
      const instruction: Instruction = {
        incidentId,
        instructionId: newDocumentId('INS', pin.seed),
        leader: body.leader,
        ...(body.leaderLevel ? { leaderLevel: body.leaderLevel } : {}),
        text: body.text,
        receivedAt: receivedAt.toISOString(),
        recordedAt: pin.at.toISOString(),
      };
      // R-LADDER: an instruction received long ago opens its feedback deadline already overdue; it escalates from now,
      // step by step.
      const obligation = openObligation({
        incidentId,
        obligationId: `${instruction.instructionId}-feedback`,
        kind: 'instruction-feedback',
        unit,
        openedAt: receivedAt,
        now: pin.at,
        dueAt: deadlineFor('instruction-feedback', receivedAt, deps.policy, deps.drillSpeed),
        policy: deps.policy,
        drillSpeed: deps.drillSpeed,
        origin: { instructionId: instruction.instructionId },
      });
      const executionArn = await whileIncidentOpen(deps, incidentId, instruction.instructionId, deps.now, async () => {
        if ((await deps.documents.putInstruction(instruction)) || pin.replay) {
          await deps.audit.appendEventOnce(
            {
              incidentId,
              at: instruction.recordedAt,
              type: 'instruction-recorded',
              actor,
              unitId: incident.unitId,
              detail: {
                instructionId: instruction.instructionId,
                leader: instruction.leader,
                receivedAt: instruction.receivedAt,
              },
            },
            pin.replay,
          );
        }
        return openAndWatchObligation(deps, deps.workflow, obligation, actor, pin.at, pin.replay);
      });
      return json(201, { ...instruction, obligation, executionArn }, { location: `/incidents/${incidentId}` });
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: 'POST /incidents/{incidentId}/instructions' } },
  );
}

export const handler = makeHandler(obligationOpeningDependenciesFromEnvironment());
