import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { WorkflowError } from '../domain/errors';
import { obligationExecutionInput, obligationExecutionName, type IncidentExecutionInput } from '../domain/incident';
import type { Obligation } from '../domain/obligations';
import { sdkErrorText } from './sdk-errors';

/**
 * The deadline watches: one execution per incident (immediate notifications and the
 * follow-up cadence) and one per obligation (its reminder, deadline and ladder).
 */
export interface IncidentWorkflow {
  /** Starts (or finds) the execution named after the incident; returns its ARN. */
  startIncident(input: IncidentExecutionInput): Promise<string>;
  /** Starts (or finds) the execution watching one obligation; returns its ARN. */
  watchObligation(obligation: Obligation): Promise<string>;
  /**
   * R-LIFECYCLE (the sweep): starts the obligation's watch if it has none, and says which it was —
   * `started` now, `running` already, or `ended` (its name is taken by an execution that closed).
   */
  ensureObligationWatch(
    obligation: Obligation,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }>;
  /** The same for an incident's own execution (its immediate notifications and follow-ups). */
  ensureIncidentWatch(
    input: IncidentExecutionInput,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }>;
  /** Stops the incident's execution (R-LIFECYCLE: the final report ends it). False when it had already ended. */
  stopIncident(incidentId: string, cause: string): Promise<boolean>;
  /**
   * Stops an obligation's watch once its document is in, instead of letting it wait for a
   * deadline already met (issue 6: an on-time incident 18 → 8 state transitions). False when
   * there was no such execution.
   */
  stopObligationWatch(obligation: Pick<Obligation, 'incidentId' | 'obligationId'>, cause: string): Promise<boolean>;
}

// How far the service's clock and the caller's may disagree when telling "just started" from "started earlier".
const CLOCK_SKEW_MS = 2_000;

function workflowFailure(operation: string, execution: string, error: unknown): WorkflowError {
  return new WorkflowError(`Step Functions ${operation} of ${execution} failed: ${sdkErrorText(error)}`, {
    cause: error,
  });
}

function errorNamed(error: unknown, name: string): boolean {
  return (error as { name?: string })?.name === name;
}

/**
 * Step Functions implementation. Execution names are the incident ID and
 * `<incidentId>_<obligationId>`, so starting the same watch twice is harmless: Step Functions
 * returns the running execution for the same name and input, and an `ExecutionAlreadyExists`
 * for a different input, which is treated as "already watching" and resolved to the same ARN.
 *
 * @example
 * ```ts
 * const workflow = new StepFunctionsIncidentWorkflow(new SFNClient({}), { incident:
 * process.env.INCIDENT_STATE_MACHINE_ARN!, obligation: process.env.OBLIGATION_STATE_MACHINE_ARN! });
 * await workflow.watchObligation(obligation);
 * ```
 */
export class StepFunctionsIncidentWorkflow implements IncidentWorkflow {
  private readonly client: SFNClient;
  private readonly stateMachineArns: { incident: string; obligation: string };

  public constructor(client: SFNClient, stateMachineArns: { incident: string; obligation: string }) {
    this.client = client;
    this.stateMachineArns = stateMachineArns;
  }

  public async startIncident(input: IncidentExecutionInput): Promise<string> {
    return this.start(this.stateMachineArns.incident, input.incidentId, input);
  }

  public async watchObligation(obligation: Obligation): Promise<string> {
    return this.start(
      this.stateMachineArns.obligation,
      obligationExecutionName(obligation),
      obligationExecutionInput(obligation),
    );
  }

  public async ensureObligationWatch(
    obligation: Obligation,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }> {
    return this.ensure(
      this.stateMachineArns.obligation,
      obligationExecutionName(obligation),
      obligationExecutionInput(obligation),
    );
  }

  public async ensureIncidentWatch(
    input: IncidentExecutionInput,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }> {
    return this.ensure(this.stateMachineArns.incident, input.incidentId, input);
  }

  private async ensure(
    stateMachineArn: string,
    name: string,
    input: object,
  ): Promise<{ executionArn: string; watch: 'started' | 'running' | 'ended' }> {
    const calledAt = Date.now();
    try {
      const { executionArn, startDate } = await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      // Step Functions answers a start of a running execution (same name and input) with the original start date.
      const started = !startDate || startDate.getTime() >= calledAt - CLOCK_SKEW_MS;
      return {
        executionArn: executionArn ?? this.executionArnOf(stateMachineArn, name),
        watch: started ? 'started' : 'running',
      };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || errorNamed(error, 'ExecutionAlreadyExists'))
        return { executionArn: this.executionArnOf(stateMachineArn, name), watch: 'ended' };
      throw workflowFailure('StartExecution', name, error);
    }
  }

  public async stopIncident(incidentId: string, cause: string): Promise<boolean> {
    return this.stop(this.executionArnOf(this.stateMachineArns.incident, incidentId), cause);
  }

  public async stopObligationWatch(
    obligation: Pick<Obligation, 'incidentId' | 'obligationId'>,
    cause: string,
  ): Promise<boolean> {
    return this.stop(this.executionArnOf(this.stateMachineArns.obligation, obligationExecutionName(obligation)), cause);
  }

  private async stop(executionArn: string, cause: string): Promise<boolean> {
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, cause }));
      return true;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist || errorNamed(error, 'ExecutionDoesNotExist')) return false;
      throw workflowFailure('StopExecution', executionArn, error);
    }
  }

  private async start(stateMachineArn: string, name: string, input: object): Promise<string> {
    try {
      const { executionArn } = await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return executionArn ?? this.executionArnOf(stateMachineArn, name);
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || errorNamed(error, 'ExecutionAlreadyExists'))
        return this.executionArnOf(stateMachineArn, name);
      throw workflowFailure('StartExecution', name, error);
    }
  }

  /** arn:<partition>:states:<region>:<account>:stateMachine:<name> → …:execution:<name>:<executionName>. */
  private executionArnOf(stateMachineArn: string, executionName: string): string {
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  }
}
