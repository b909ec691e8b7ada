/**
 * The Lambda functions the state machines invoke, by the substitution name their ASL uses for
 * their ARN. CDK creates one function per entry; the local runtime binds each `FunctionName`
 * to the same handler.
 */
export interface WorkflowTask {
  /** `${…}` placeholder in `statemachines/*.asl.json`. */
  substitution: string;
  /** File in `functions/workflow/` (without `.ts`) exporting `handler`. */
  handlerFile: string;
  /** Whether it sends SNS messages. */
  sendsMessages: boolean;
  /** Whether it starts obligation executions. */
  startsExecutions: boolean;
  /** Whether it signs acknowledgement links (reads the signing-key secret). */
  signsLinks: boolean;
  /** Whether it publishes to the operators' alarm topic. */
  raisesAlarms?: boolean;
}

export const WORKFLOW_TASKS: readonly WorkflowTask[] = [
  { substitution: 'NotifyAtOnceFunctionArn', handlerFile: 'notify-at-once', sendsMessages: true, startsExecutions: false, signsLinks: false },
  { substitution: 'OpenFollowUpFunctionArn', handlerFile: 'open-follow-up', sendsMessages: false, startsExecutions: true, signsLinks: false },
  { substitution: 'RemindObligationFunctionArn', handlerFile: 'remind-obligation', sendsMessages: true, startsExecutions: false, signsLinks: false },
  { substitution: 'CheckObligationFunctionArn', handlerFile: 'check-obligation', sendsMessages: false, startsExecutions: false, signsLinks: false },
  { substitution: 'EscalateObligationFunctionArn', handlerFile: 'escalate-obligation', sendsMessages: true, startsExecutions: false, signsLinks: true },
  { substitution: 'RecordFailureFunctionArn', handlerFile: 'record-failure', sendsMessages: true, startsExecutions: false, signsLinks: false, raisesAlarms: true },
];
