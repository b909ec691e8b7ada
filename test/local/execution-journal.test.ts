import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionJournal } from '../../infra/local/execution-journal';
import type { LocalExecution } from '../../infra/local/step-functions';

const execution = (name: string): LocalExecution => ({
  executionArn: `arn:aws:states:us-east-1:local:execution:obligation:${name}`,
  stateMachineArn: 'arn:aws:states:us-east-1:local:stateMachine:obligation',
  name,
  input: '{}',
  status: 'RUNNING',
  startDate: '2026-11-28T00:00:00.000Z',
  history: [],
});

describe('the local executions journal (npm start keeps waiting executions across restarts)', () => {
  it('a start is kept at once, history in batches, the end with its status; a line cut short by a kill is skipped; loading compacts', () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'executions.jsonl');
    const journal = new ExecutionJournal(path);
    const waiting = execution('INC-1_written-report');
    const finished = execution('INC-2_written-report');
    // Act
    journal.started(waiting);
    journal.started(finished);
    journal.historyAdded(finished.executionArn, { type: 'ExecutionStarted', timestamp: '2026-11-28T00:00:00.000Z' });
    journal.ended({ ...finished, status: 'SUCCEEDED', stopDate: '2026-11-28T00:30:00.000Z', output: '{"done":true}' });
    appendFileSync(path, '{"op":"history","executionArn":"arn:aws:sta');
    const loaded = new ExecutionJournal(path).load();
    // Assess
    expect(loaded.map((entry) => [entry.name, entry.status, entry.history.length])).toEqual([
      ['INC-1_written-report', 'RUNNING', 0],
      ['INC-2_written-report', 'SUCCEEDED', 1],
    ]);
    expect(loaded[1]).toMatchObject({ output: '{"done":true}', stopDate: '2026-11-28T00:30:00.000Z' });
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(4); // two starts, one history, one end
    expect(new ExecutionJournal(path).load()).toEqual(loaded);
  });

  it('reads the older executions.json beside it once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    writeFileSync(join(dir, 'executions.json'), JSON.stringify([execution('INC-OLD_written-report')]));
    expect(new ExecutionJournal(join(dir, 'executions.jsonl')).load().map((entry) => entry.name)).toEqual([
      'INC-OLD_written-report',
    ]);
  });
});
