import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { readJsonFile, writeJsonFileAtomically } from './json-file';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

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

export interface LocalStepFunctionsOptions {
  stateMachineArn: string;
  definition: StateMachineDefinition;
  taskBindings: Record<string, (input: unknown) => Promise<unknown>>;
  /** Where executions are kept, so a restart resumes the ones still running. */
  executionsFile: string;
  log: (line: string) => void;
}

class StepFunctionsApiError extends Error {
  public readonly type: string;
  public constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

/**
 * Step Functions on 127.0.0.1: the AWS JSON 1.0 API (`StartExecution`, `DescribeExecution`,
 * `ListExecutions`) in front of `aws-local-stepfunctions` running the real ASL.
 *
 * Executions are kept in a JSON file. On start, every execution still RUNNING is run again
 * from the start with its original input: the ASL waits until absolute timestamps and its
 * tasks are idempotent, so a resumed execution fires at the original due time, and a step
 * that already ran changes nothing the second time.
 */
export class LocalStepFunctions {
  private readonly options: LocalStepFunctionsOptions;
  private readonly stateMachine: StateMachine;
  private readonly executions: Map<string, LocalExecution>;
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private server?: Server;
  private stopping = false;

  public constructor(options: LocalStepFunctionsOptions) {
    this.options = options;
    // ARNs are checked by Step Functions itself in AWS; locally the resource is bound, not called.
    this.stateMachine = new StateMachine(options.definition, { validationOptions: { checkArn: false } });
    const stored = readJsonFile<LocalExecution[]>(options.executionsFile, []);
    this.executions = new Map(stored.map((execution) => [execution.name, execution]));
  }

  /** Runs again every execution left RUNNING by an earlier process. */
  public resumeRunningExecutions(): number {
    const waiting = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of waiting) {
      execution.history.push({ type: 'ExecutionResumed', timestamp: new Date().toISOString() });
      this.run(execution);
    }
    this.persist();
    return waiting.length;
  }

  /** StartExecution semantics: same name and input → the same execution; other input → ExecutionAlreadyExists. */
  public startExecution(name: string, input: string): LocalExecution {
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.input === input) return existing;
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    const execution: LocalExecution = {
      executionArn: `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      history: [],
    };
    this.executions.set(name, execution);
    this.persist();
    this.run(execution);
    return execution;
  }

  public listExecutions(): LocalExecution[] {
    return [...this.executions.values()].sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  public describeExecution(executionArn: string): LocalExecution {
    const execution = [...this.executions.values()].find((candidate) => candidate.executionArn === executionArn);
    if (!execution) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  /** Resolves when the named execution is no longer running (for tests). */
  public async settled(name: string): Promise<LocalExecution | undefined> {
    await this.running.get(name)?.done;
    return this.executions.get(name);
  }

  private run(execution: LocalExecution): void {
    const { result, abort, eventLogs } = this.stateMachine.run(JSON.parse(execution.input), {
      overrides: { taskResourceLocalHandlers: this.options.taskBindings as never },
      noThrowOnAbort: true,
      context: { Execution: { Id: execution.executionArn, Name: execution.name, Input: JSON.parse(execution.input), StartTime: execution.startDate } },
    });
    const recordHistory = (async () => {
      for await (const event of eventLogs) {
        const entry: ExecutionHistoryEntry = { type: event.type, timestamp: new Date(event.timestamp).toISOString() };
        if ('state' in event) entry.stateName = event.state.name;
        if ('Error' in event) {
          entry.error = event.Error;
          entry.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
        }
        execution.history.push(entry);
        if (!this.stopping) this.persist();
      }
    })().catch(() => undefined);
    const done = result
      .then((output) => {
        // An abort means this process is stopping: the execution stays RUNNING, to be resumed.
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
        this.running.delete(execution.name);
        if (this.stopping) return;
        // The event log ends with the execution; the timeout only guards against a log that never closes.
        await Promise.race([recordHistory, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        execution.stopDate = new Date().toISOString();
        this.persist();
      });
    this.running.set(execution.name, { abort, done });
  }

  private persist(): void {
    writeJsonFileAtomically(this.options.executionsFile, [...this.executions.values()]);
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
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const epochSeconds = (iso?: string) => (iso ? Date.parse(iso) / 1000 : undefined);
      switch (operation) {
        case 'StartExecution': {
          if (body.stateMachineArn !== this.options.stateMachineArn) {
            throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${body.stateMachineArn}'`);
          }
          const execution = this.startExecution(body.name, body.input ?? '{}');
          return reply(200, { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) });
        }
        case 'DescribeExecution': {
          const execution = this.describeExecution(body.executionArn);
          return reply(200, {
            executionArn: execution.executionArn, stateMachineArn: this.options.stateMachineArn, name: execution.name, status: execution.status,
            startDate: epochSeconds(execution.startDate), stopDate: epochSeconds(execution.stopDate), input: execution.input, output: execution.output,
            error: execution.error, cause: execution.cause,
          });
        }
        case 'ListExecutions':
          return reply(200, {
            executions: this.listExecutions().map((execution) => ({
              executionArn: execution.executionArn, stateMachineArn: this.options.stateMachineArn, name: execution.name,
              status: execution.status, startDate: epochSeconds(execution.startDate), stopDate: epochSeconds(execution.stopDate),
            })),
          });
        default:
          throw new StepFunctionsApiError('UnknownOperationException', `The local Step Functions does not implement ${operation}`);
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
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
