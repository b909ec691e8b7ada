import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime';

/** One DynamoDB call as the SDK sent it, with the capacity DynamoDB says it consumed. */
export interface DynamoDbCall {
  command: string;
  /** Table, or table/index. */
  target: string;
  readUnits: number;
  writeUnits: number;
}

export interface BenchRuntime {
  runtime: LocalRuntime;
  dataDir: string;
  /** Every DynamoDB call of the process so far (the handlers, the workflow tasks, everything). */
  calls: DynamoDbCall[];
  /** Runs `work`, and returns the DynamoDB calls made from inside it (AsyncLocalStorage), in order. */
  callsDuring<T>(work: () => Promise<T>): Promise<{ result: T; calls: DynamoDbCall[] }>;
  stop(): Promise<void>;
}

/**
 * The local runtime (what `npm start` runs: dynalite on disk, the real ASL in the local engine,
 * the local SNS) in this process, with every DynamoDB call counted and its consumed capacity
 * asked for (`ReturnConsumedCapacity: TOTAL`, which dynalite computes as DynamoDB does).
 */
export async function startBenchRuntime(options: { drillSpeed: number }): Promise<BenchRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'incident-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const taskConcurrency = process.env.BENCH_TASK_CONCURRENCY ? Number(process.env.BENCH_TASK_CONCURRENCY) : undefined;
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    drillSpeed: options.drillSpeed,
    print: () => undefined,
    echoOutbox: false,
    taskConcurrency,
  });
  // Loaded after the runtime set the endpoints: the same client objects the handlers use.
  const dynamoDbClient = (await import('../../functions/shared/aws-clients')).dynamoDbClient();
  const calls: DynamoDbCall[] = [];
  const scope = new AsyncLocalStorage<DynamoDbCall[]>();
  dynamoDbClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        ReturnConsumedCapacity?: string;
        TableName?: string;
        IndexName?: string;
        RequestItems?: Record<string, unknown>;
      };
      input.ReturnConsumedCapacity = 'TOTAL';
      const output = await next(args);
      const consumed = (
        output.output as {
          ConsumedCapacity?:
            | { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }
            | { CapacityUnits?: number }[];
        }
      ).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
        (total, entry) => total + (entry.CapacityUnits ?? 0),
        0,
      );
      const command = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? 'unknown';
      const isRead = /^(Get|Query|Scan|BatchGet)/.test(command);
      const table = input.TableName ?? Object.keys(input.RequestItems ?? {}).join(',');
      const call = {
        command,
        target: input.IndexName ? `${table}/${input.IndexName}` : table,
        readUnits: isRead ? units : 0,
        writeUnits: isRead ? 0 : units,
      };
      calls.push(call);
      scope.getStore()?.push(call);
      return output;
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return {
    runtime,
    dataDir,
    calls,
    callsDuring: async (work) => {
      const scoped: DynamoDbCall[] = [];
      const result = await scope.run(scoped, work);
      return { result, calls: scoped };
    },
    stop: async () => {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
