import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { IncidentExecutionInput } from '../domain/incident';

/** Starts the deadline watch of an incident: one Step Functions execution per incident. */
export interface IncidentWorkflow {
  /** Starts (or finds) the execution named after the incident; returns its ARN. */
  start(input: IncidentExecutionInput): Promise<string>;
}

/**
 * Step Functions implementation. The execution name is the incident ID, so starting the
 * same incident twice is harmless: Step Functions returns the running execution for the same
 * name and input, and an `ExecutionAlreadyExists` for a different input, which is treated as
 * "already watching" and resolved to the same ARN.
 *
 * @example
 * ```ts
 * const workflow = new StepFunctionsIncidentWorkflow(new SFNClient({}), process.env.STATE_MACHINE_ARN!);
 * await workflow.start({ incidentId: 'INC-20261128-7K3Q9P', writtenReport: { … } });
 * ```
 */
export class StepFunctionsIncidentWorkflow implements IncidentWorkflow {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  public constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  public async start(input: IncidentExecutionInput): Promise<string> {
    try {
      const { executionArn } = await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.incidentId, input: JSON.stringify(input) }),
      );
      return executionArn ?? this.executionArnOf(input.incidentId);
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as { name?: string }).name === 'ExecutionAlreadyExists') {
        return this.executionArnOf(input.incidentId);
      }
      throw error;
    }
  }

  /** arn:<partition>:states:<region>:<account>:stateMachine:<name> → …:execution:<name>:<executionName>. */
  private executionArnOf(executionName: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  }
}
