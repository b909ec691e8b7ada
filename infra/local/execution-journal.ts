import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ExecutionHistoryEntry, LocalExecution } from './step-functions';

/** One line of the journal: an execution started, a history entry, or how it ended. */
type JournalRecord =
  | { op: 'start'; execution: Omit<LocalExecution, 'history'> }
  | { op: 'history'; executionArn: string; entries: ExecutionHistoryEntry[] }
  | {
      op: 'end';
      executionArn: string;
      status: LocalExecution['status'];
      stopDate?: string;
      output?: string;
      error?: string;
      cause?: string;
    };

// History entries are for people reading it; they are written in batches this often, never lost on a clean stop.
const HISTORY_FLUSH_MS = 200;

/**
 * The local executions, kept as an append-only JSON-lines journal: a start and an end are
 * appended at once (a killed process loses neither, so a waiting execution always resumes);
 * history entries are appended in batches. Rewriting one JSON file per history event, as
 * before, cost O(executions) per event — 10,000 waiting executions made it quadratic.
 * The journal is compacted into one line per execution when the runtime starts.
 */
export class ExecutionJournal {
  private readonly path: string;
  private pendingHistory = new Map<string, ExecutionHistoryEntry[]>();
  private flushTimer?: NodeJS.Timeout;

  public constructor(path: string) {
    this.path = path;
  }

  /**
   * Every execution recorded so far (also from `executions.json`, the older single-file format, beside it), then
   * compacted.
   */
  public load(): LocalExecution[] {
    const executions = new Map<string, LocalExecution>();
    const legacyJsonFile = this.path.replace(/\.jsonl$/, '.json');
    if (legacyJsonFile !== this.path && existsSync(legacyJsonFile) && !existsSync(this.path)) {
      for (const execution of JSON.parse(readFileSync(legacyJsonFile, 'utf8')) as LocalExecution[])
        executions.set(execution.executionArn, execution);
    }
    if (existsSync(this.path)) {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let record: JournalRecord;
        try {
          record = JSON.parse(line) as JournalRecord;
        } catch {
          continue; // a line cut short by a kill: everything before it stands
        }
        if (record.op === 'start') executions.set(record.execution.executionArn, { history: [], ...record.execution });
        const execution = record.op === 'start' ? undefined : executions.get(record.executionArn);
        if (record.op === 'history' && execution) execution.history.push(...record.entries);
        if (record.op === 'end' && execution)
          Object.assign(execution, { ...record, op: undefined, executionArn: execution.executionArn });
      }
    }
    const loaded = [...executions.values()].map(
      ({ op: _op, ...execution }: LocalExecution & { op?: unknown }) => execution,
    );
    this.compact(loaded);
    return loaded;
  }

  private compact(executions: LocalExecution[]): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const lines = executions.flatMap((execution) => {
      const { history, status, stopDate, output, error, cause, ...started } = execution;
      const records: JournalRecord[] = [{ op: 'start', execution: { ...started, status: 'RUNNING' } }];
      if (history.length > 0) records.push({ op: 'history', executionArn: execution.executionArn, entries: history });
      if (status !== 'RUNNING')
        records.push({ op: 'end', executionArn: execution.executionArn, status, stopDate, output, error, cause });
      return records.map((record) => JSON.stringify(record));
    });
    writeFileSync(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    renameSync(temporary, this.path);
  }

  public started(execution: LocalExecution): void {
    const { history: _history, ...started } = execution;
    this.append({ op: 'start', execution: started });
  }

  public historyAdded(executionArn: string, entry: ExecutionHistoryEntry): void {
    const entries = this.pendingHistory.get(executionArn) ?? [];
    entries.push(entry);
    this.pendingHistory.set(executionArn, entries);
    this.flushTimer ??= setTimeout(() => this.flush(), HISTORY_FLUSH_MS);
  }

  public ended(execution: LocalExecution): void {
    this.flush();
    this.append({
      op: 'end',
      executionArn: execution.executionArn,
      status: execution.status,
      stopDate: execution.stopDate,
      output: execution.output,
      error: execution.error,
      cause: execution.cause,
    });
  }

  /** Writes the batched history entries now. */
  public flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingHistory.size === 0) return;
    const lines = [...this.pendingHistory].map(([executionArn, entries]) =>
      JSON.stringify({ op: 'history', executionArn, entries } satisfies JournalRecord),
    );
    this.pendingHistory = new Map();
    appendFileSync(this.path, `${lines.join('\n')}\n`);
  }

  private append(record: JournalRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
