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
  /**
   * Whether it publishes to the operators' alarm topic (every task that sends: a message refused for good is told at
   * once).
   */
  raisesAlarms?: boolean;
}

export const WORKFLOW_TASKS: readonly WorkflowTask[] = [
  {
    substitution: 'NotifyAtOnceFunctionArn',
    handlerFile: 'notify-at-once',
    sendsMessages: true,
    startsExecutions: false,
    signsLinks: false,
    raisesAlarms: true,
  },
  {
    substitution: 'OpenFollowUpFunctionArn',
    handlerFile: 'open-follow-up',
    sendsMessages: false,
    startsExecutions: true,
    signsLinks: false,
  },
  {
    substitution: 'RemindObligationFunctionArn',
    handlerFile: 'remind-obligation',
    sendsMessages: true,
    startsExecutions: false,
    signsLinks: false,
    raisesAlarms: true,
  },
  {
    substitution: 'CheckObligationFunctionArn',
    handlerFile: 'check-obligation',
    sendsMessages: false,
    startsExecutions: false,
    signsLinks: false,
  },
  {
    substitution: 'EscalateObligationFunctionArn',
    handlerFile: 'escalate-obligation',
    sendsMessages: true,
    startsExecutions: false,
    signsLinks: true,
    raisesAlarms: true,
  },
  {
    substitution: 'RecordFailureFunctionArn',
    handlerFile: 'record-failure',
    sendsMessages: true,
    startsExecutions: false,
    signsLinks: false,
    raisesAlarms: true,
  },
];

/**
 * The functions run on a schedule (EventBridge in AWS; the local runtime runs each at the same
 * rate in drill time), with what each may touch. CDK and the local runtime both build them from
 * this list.
 */
export interface ScheduledTask {
  /** File in `functions/workflow/` (without `.ts`) exporting `handler`. */
  handlerFile: string;
  description: string;
  /** How often, in minutes (divided by the drill speed locally). */
  everyMinutes: number;
  sendsMessages: boolean;
  /** Whether it starts obligation executions. */
  startsExecutions: boolean;
  /** Whether it publishes to the operators' alarm topic. */
  raisesAlarms: boolean;
  /** Whether it writes chain anchors to the write-once audit store (R-AUDIT). */
  anchorsAudit: boolean;
}

export const SCHEDULED_TASKS: readonly ScheduledTask[] = [
  {
    handlerFile: 'send-sms-digests',
    description: 'Sends the SMS held back by the per-recipient rate limit, merged into one per phone',
    everyMinutes: 1,
    sendsMessages: true,
    startsExecutions: false,
    raisesAlarms: true,
    anchorsAudit: false,
  },
  {
    handlerFile: 'anchor-audit-chains',
    description: 'Anchors every audit chain that moved in the write-once (Object Lock) store (R-AUDIT)',
    everyMinutes: 1,
    sendsMessages: false,
    startsExecutions: false,
    raisesAlarms: false,
    anchorsAudit: true,
  },
  {
    handlerFile: 'sweep-unwatched-deadlines',
    description: 'Starts the watch of every deadline found pending after its due time with none (R-LADDER)',
    everyMinutes: 1,
    sendsMessages: false,
    startsExecutions: true,
    raisesAlarms: false,
    anchorsAudit: false,
  },
];
