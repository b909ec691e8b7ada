import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionJournal } from './execution-journal';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** One entry of an execution's history, as the console's "events" view shows it. */
export interface ExecutionHistoryEntry {
  type: string;
  timestamp: string;
  stateName?: string;
  error?: string;
  cause?: string;
}

export interface LocalExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  history: ExecutionHistoryEntry[];
}

/** One state machine: its real ASL and the local functions its Task states call. */
export interface LocalStateMachine {
  stateMachineArn: string;
  definition: StateMachineDefinition;
  taskBindings: Record<string, (input: unknown) => Promise<unknown>>;
}

export interface LocalStepFunctionsOptions {
  stateMachines: LocalStateMachine[];
  /** The journal (JSON lines) where executions are kept, so a restart resumes the ones still running. */
  executionsFile: string;
  log: (line: string) => void;
  /**
   * Fault injection for the tests: the first execution started is refused (throttled) this many times before it
   * succeeds.
   */
  failStarts?: number;
}

class StepFunctionsApiError extends Error {
  public readonly type: string;
  public constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

/**
 * Step Functions on 127.0.0.1: the AWS JSON 1.0 API (`StartExecution`, `StopExecution`,
 * `DescribeExecution`, `ListExecutions`) in front of `aws-local-stepfunctions` running the real ASL.
 *
 * Executions are kept in a JSON file. On start, every execution still RUNNING is run again
 * from the start with its original input: the ASL waits until absolute timestamps and its
 * tasks are idempotent, so a resumed execution fires at the original due time, and a step
 * that already ran changes nothing the second time.
 */
export class LocalStepFunctions {
  private readonly options: LocalStepFunctionsOptions;
  private readonly stateMachines: Map<
    string,
    { machine: StateMachine; taskBindings: LocalStateMachine['taskBindings'] }
  >;
  /** By execution ARN: names are unique per state machine. */
  private readonly executions: Map<string, LocalExecution>;
  private readonly running = new Map<string, { abort: () => void; done: Promise<void>; aborted: { cause?: string } }>();
  private readonly journal: ExecutionJournal;
  private server?: Server;
  private stopping = false;
  private failStarts: number;
  private failingStart?: string;

  public constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    this.failStarts = options.failStarts ?? 0;
    // ARNs are checked by Step Functions itself in AWS; locally the resource is bound, not called.
    this.stateMachines = new Map(
      options.stateMachines.map((machine) => [
        machine.stateMachineArn,
        {
          machine: new StateMachine(machine.definition, { validationOptions: { checkArn: false } }),
          taskBindings: machine.taskBindings,
        },
      ]),
    );
    this.journal = new ExecutionJournal(options.executionsFile);
    const stored = this.journal.load();
    this.executions = new Map(
      stored
        .filter((execution) => this.stateMachines.has(execution.stateMachineArn))
        .map((execution) => [execution.executionArn, execution]),
    );
  }

  /** Runs again every execution left RUNNING by an earlier process. */
  public resumeRunningExecutions(): number {
    const waiting = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of waiting) {
      this.addHistory(execution, { type: 'ExecutionResumed', timestamp: new Date().toISOString() });
      this.run(execution);
    }
    return waiting.length;
  }

  /** StartExecution semantics: same name and input → the same execution; other input → ExecutionAlreadyExists. */
  public startExecution(stateMachineArn: string, name: string, input: string): LocalExecution {
    // Only the first execution asked for fails: a test knows which start it breaks, whatever else starts meanwhile.
    this.failingStart ??= this.failStarts > 0 ? name : undefined;
    if (name === this.failingStart && this.failStarts > 0) {
      this.failStarts -= 1;
      throw new StepFunctionsApiError(
        'ThrottlingException',
        'Rate exceeded (fault injected by LOCAL_FAULT_FAIL_STARTS)',
      );
    }
    if (!this.stateMachines.has(stateMachineArn))
      throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input === input) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    const execution: LocalExecution = {
      executionArn,
      stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      history: [],
    };
    this.executions.set(executionArn, execution);
    this.journal.started(execution);
    this.run(execution);
    return execution;
  }

  /** StopExecution semantics: a running execution ends ABORTED with the cause; an ended one is left as it is. */
  public stopExecution(executionArn: string, cause: string): LocalExecution {
    const execution = this.describeExecution(executionArn);
    const run = this.running.get(executionArn);
    if (execution.status === 'RUNNING' && run) {
      run.aborted.cause = cause;
      run.abort();
    }
    return execution;
  }

  public listExecutions(): LocalExecution[] {
    return [...this.executions.values()].sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  public describeExecution(executionArn: string): LocalExecution {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  /** Resolves when the execution is no longer running (for tests). */
  public async settled(executionArn: string): Promise<LocalExecution | undefined> {
    await this.running.get(executionArn)?.done;
    return this.executions.get(executionArn);
  }

  private run(execution: LocalExecution): void {
    const { machine, taskBindings } = this.stateMachines.get(execution.stateMachineArn)!;
    const aborted: { cause?: string } = {};
    const { result, abort, eventLogs } = machine.run(
      JSON.parse(execution.input) as Parameters<StateMachine['run']>[0],
      {
        overrides: { taskResourceLocalHandlers: taskBindings as never },
        noThrowOnAbort: true,
        context: {
          Execution: {
            Id: execution.executionArn,
            Name: execution.name,
            Input: JSON.parse(execution.input) as Parameters<StateMachine['run']>[0],
            StartTime: execution.startDate,
          },
        },
      },
    );
    const recordHistory = (async () => {
      for await (const event of eventLogs) {
        const entry: ExecutionHistoryEntry = { type: event.type, timestamp: new Date(event.timestamp).toISOString() };
        if ('state' in event) entry.stateName = event.state.name;
        if ('Error' in event) {
          entry.error = event.Error;
          entry.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
        }
        if (!this.stopping) this.addHistory(execution, entry);
      }
    })().catch(() => undefined);
    const done = result
      .then((output) => {
        if (aborted.cause !== undefined) {
          execution.status = 'ABORTED';
          execution.cause = aborted.cause;
          this.addHistory(execution, {
            type: 'ExecutionAborted',
            timestamp: new Date().toISOString(),
            cause: aborted.cause,
          });
          return;
        }
        // An abort while this process stops: the execution stays RUNNING, to be resumed.
        if (this.stopping) return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output);
      })
      .catch((error: Error & { cause?: unknown }) => {
        if (this.stopping) return;
        execution.status = 'FAILED';
        execution.error = error.name;
        execution.cause = error.message;
        this.options.log(`Execution ${execution.name} failed: ${error.message}`);
      })
      .finally(async () => {
        this.running.delete(execution.executionArn);
        if (this.stopping) return;
        // The event log ends with the execution; the timeout only guards against a log that never closes.
        await Promise.race([recordHistory, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        execution.stopDate = new Date().toISOString();
        this.journal.ended(execution);
      });
    this.running.set(execution.executionArn, { abort, done, aborted });
  }

  private addHistory(execution: LocalExecution, entry: ExecutionHistoryEntry): void {
    execution.history.push(entry);
    this.journal.historyAdded(execution.executionArn, entry);
  }

  /** Serves the AWS JSON 1.0 protocol on 127.0.0.1; resolves to the endpoint URL. */
  public async listen(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    try {
      // The SDK's own request: the fields each operation below reads.
      const body = (chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as {
        stateMachineArn?: string;
        name?: string;
        input?: string;
        executionArn?: string;
        cause?: string;
      };
      const epochSeconds = (iso?: string) => (iso ? Date.parse(iso) / 1000 : undefined);
      switch (operation) {
        case 'StartExecution': {
          const execution = this.startExecution(body.stateMachineArn ?? '', body.name ?? '', body.input ?? '{}');
          return reply(200, { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) });
        }
        case 'StopExecution': {
          this.stopExecution(body.executionArn ?? '', body.cause ?? '');
          return reply(200, { stopDate: epochSeconds(new Date().toISOString()) });
        }
        case 'DescribeExecution': {
          const execution = this.describeExecution(body.executionArn ?? '');
          return reply(200, {
            executionArn: execution.executionArn,
            stateMachineArn: execution.stateMachineArn,
            name: execution.name,
            status: execution.status,
            startDate: epochSeconds(execution.startDate),
            stopDate: epochSeconds(execution.stopDate),
            input: execution.input,
            output: execution.output,
            error: execution.error,
            cause: execution.cause,
          });
        }
        case 'ListExecutions':
          return reply(200, {
            executions: this.listExecutions()
              .filter((execution) => !body.stateMachineArn || execution.stateMachineArn === body.stateMachineArn)
              .map((execution) => ({
                executionArn: execution.executionArn,
                stateMachineArn: execution.stateMachineArn,
                name: execution.name,
                status: execution.status,
                startDate: epochSeconds(execution.startDate),
                stopDate: epochSeconds(execution.stopDate),
              })),
          });
        default:
          throw new StepFunctionsApiError(
            'UnknownOperationException',
            `The local Step Functions does not implement ${operation}`,
          );
      }
    } catch (error) {
      if (error instanceof StepFunctionsApiError) return reply(400, { __type: error.type, message: error.message });
      return reply(500, { __type: 'InternalFailure', message: (error as Error).message });
    }
  }

  /** Stops serving and aborts every running execution without ending it: the next start resumes them. */
  public async stop(): Promise<void> {
    this.stopping = true;
    for (const { abort } of this.running.values()) abort();
    await Promise.all([...this.running.values()].map(({ done }) => done));
    this.journal.flush();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
