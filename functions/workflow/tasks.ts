/**
 * The Lambda functions the incident state machine invokes, by the substitution name its ASL
 * uses for their ARN. CDK creates one function per entry; the local runtime binds each
 * `FunctionName` to the same handler.
 */
export interface WorkflowTask {
  /** `${…}` placeholder in `statemachines/incident.asl.json`. */
  substitution: string;
  /** File in `functions/workflow/` (without `.ts`) exporting `handler`. */
  handlerFile: string;
  /** Whether it sends SNS messages. */
  sendsMessages: boolean;
}

export const WORKFLOW_TASKS: readonly WorkflowTask[] = [
  { substitution: 'CheckObligationFunctionArn', handlerFile: 'check-obligation', sendsMessages: false },
  { substitution: 'EscalateObligationFunctionArn', handlerFile: 'escalate-obligation', sendsMessages: true },
];
