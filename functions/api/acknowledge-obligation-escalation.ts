import { actorOf, canActFor } from '../domain/access';
import { latestStepReaching } from '../domain/acknowledgements';
import { EscalationStepNotReceivedError, ObligationNotFoundError, ObligationTransitionError } from '../domain/errors';
import { idempotencyStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { acknowledgeStep } from '../shared/acknowledge';
import { json, parseBody, pathParameter } from '../shared/http';
import type { IdempotencyStore } from '../shared/idempotency';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { escalationAcknowledgementSchema } from './schemas';

const ROUTE = 'POST /incidents/{incidentId}/obligations/{obligationId}/acknowledgement';

export interface AcknowledgeObligationEscalationDependencies extends Pick<
  Repositories,
  'obligations' | 'audit' | 'messages' | 'acknowledgements'
> {
  idempotency?: IdempotencyStore;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/obligations/{obligationId}/acknowledgement` — issue 14 (确认催报), R-LADDER: a signed-in
 * user of the unit acknowledges, in the console, the escalation step its contacts were sent — as a reply with the code
 * or the signed link would, on behalf of the contact it reached, the user recorded as the actor (R-AUDIT). It stops
 * that step's repeats, never the escalation: only the document does. The first acknowledgement of a step → 201, a later
 * one → 200 with the first. Another unit's obligation → 404; a step that never reached the unit → 409; an obligation no
 * longer owed → 409.
 */
export function makeHandler(deps: AcknowledgeObligationEscalationDependencies) {
  return httpEndpoint(
    rolesFor(ROUTE),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const obligationId = pathParameter(event, 'obligationId');
      const { escalationStep } = parseBody(escalationAcknowledgementSchema, event.body);
      const obligation = await deps.obligations.getObligation(incidentId, obligationId);
      if (!obligation || !canActFor(principal, obligation.unitId))
        throw new ObligationNotFoundError(incidentId, obligationId);
      const [code, messages] = await Promise.all([
        deps.acknowledgements.stepCodeOf(incidentId, obligationId, escalationStep),
        deps.messages.escalationMessagesOf(incidentId, obligationId),
      ]);
      const reached = latestStepReaching(
        messages.filter((message) => message.escalationStep === escalationStep),
        obligation.unitId,
      );
      if (!code || !reached) throw new EscalationStepNotReceivedError(obligationId, escalationStep, obligation.unitId);
      const result = await acknowledgeStep(
        deps,
        { code, incidentId, obligationId, escalationStep },
        {
          contactId: reached.contactIds[0],
          unitId: obligation.unitId,
          via: 'console',
          at: deps.now(),
          actor: actorOf(principal),
        },
      );
      if (!result.accepted && result.refusal === 'not-a-recipient')
        throw new EscalationStepNotReceivedError(obligationId, escalationStep, obligation.unitId);
      if (!result.accepted) {
        const settled = await deps.obligations.getObligation(incidentId, obligationId);
        throw new ObligationTransitionError(`Obligation ${obligationId} is already ${settled?.status ?? 'closed'}`);
      }
      return json(result.first ? 201 : 200, result.acknowledgement);
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: ROUTE } },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  idempotency: idempotencyStoreFromEnvironment(),
  now: () => new Date(),
});
