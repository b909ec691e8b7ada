import {
  obligationExecutionInput,
  obligationExecutionName,
  type IncidentExecutionInput,
  type ObligationExecutionInput,
} from '../../functions/domain/incident';
import type { Obligation } from '../../functions/domain/obligations';
import type { IncidentWorkflow } from '../../functions/shared/incident-workflow';
import type { SigningKeySource } from '../../functions/shared/signing-key';

/** Records which watches would start and stop, as Step Functions would name them. */
export class RecordingWorkflow implements IncidentWorkflow {
  public readonly incidentStarts: IncidentExecutionInput[] = [];
  public readonly obligationStarts: (ObligationExecutionInput & { name: string })[] = [];
  public readonly stops: { incidentId: string; cause: string }[] = [];

  public async startIncident(input: IncidentExecutionInput): Promise<string> {
    this.incidentStarts.push(input);
    return `arn:test:states:us-east-1:test:execution:incident:${input.incidentId}`;
  }

  /** StartExecution fails this many times (throttling, an outage) before it succeeds again. */
  public failNextStarts = 0;

  public async watchObligation(obligation: Obligation): Promise<string> {
    const name = obligationExecutionName(obligation);
    if (this.failNextStarts > 0) {
      this.failNextStarts -= 1;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    }
    this.obligationStarts.push({ ...obligationExecutionInput(obligation), name });
    return `arn:test:states:us-east-1:test:execution:obligation:${name}`;
  }

  public async ensureIncidentWatch(
    input: IncidentExecutionInput,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }> {
    const executionArn = `arn:test:states:us-east-1:test:execution:incident:${input.incidentId}`;
    if (this.incidentStarts.some((start) => start.incidentId === input.incidentId))
      return { executionArn, watch: 'running' };
    await this.startIncident(input);
    return { executionArn, watch: 'started' };
  }

  /** As Step Functions: a name already started is running; a new one starts now. */
  public async ensureObligationWatch(
    obligation: Obligation,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }> {
    const name = obligationExecutionName(obligation);
    if (this.obligationStarts.some((start) => start.name === name))
      return { executionArn: `arn:test:states:us-east-1:test:execution:obligation:${name}`, watch: 'running' };
    return { executionArn: await this.watchObligation(obligation), watch: 'started' };
  }

  public async stopIncident(incidentId: string, cause: string): Promise<boolean> {
    this.stops.push({ incidentId, cause });
    return true;
  }

  public readonly obligationStops: { name: string; cause: string }[] = [];

  public async stopObligationWatch(
    obligation: Pick<Obligation, 'incidentId' | 'obligationId'>,
    cause: string,
  ): Promise<boolean> {
    this.obligationStops.push({ name: obligationExecutionName(obligation), cause });
    return true;
  }
}

/** A fixed signing key for acknowledgement links in tests. */
export const testSigningKey: SigningKeySource & { key: string } = {
  key: 'test-signing-key-not-a-secret',
  signingKey: async () => 'test-signing-key-not-a-secret',
};
