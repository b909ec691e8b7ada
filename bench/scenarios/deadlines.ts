import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { defaultDirectory } from '../../functions/domain/default-directory';
import {
  obligationExecutionInput,
  obligationExecutionName,
  type Incident,
  type Report,
} from '../../functions/domain/incident';
import { openObligation } from '../../functions/domain/obligations';
import { defaultPolicy } from '../../functions/domain/policy';
import { repositoriesOver } from '../../functions/shared/repositories';
import type { OutboxMessage } from '../../infra/local/sns';
import { startBenchRuntime } from '../lib/runtime';
import { isQuick, percentile, report, round } from '../lib/stats';

/**
 * Deadline precision and scale (R-WRITTEN-30, R-LADDER): N obligations, each its own execution in the local engine,
 * waiting at once and falling due together (`--spread-ms 0`: the same instant) or across a
 * window; lag = the first SNS publish of its step-1 escalation − its due time. Also: none
 * missed, none twice, and the process's memory per waiting execution (RSS before the
 * executions start vs once they all wait).
 */
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const quick = isQuick();
const count = argument('count', quick ? 20 : 1000);
const spreadMs = argument('spread-ms', 0);
const scenario = process.argv.includes('--scale') ? 'scale' : 'deadline-precision';

const bench = await startBenchRuntime({ drillSpeed: 1 });
const clients = await import('../../functions/shared/aws-clients');
const documentClient = clients.documentClient();
const stepFunctionsClient = clients.stepFunctionsClient();
const { incidents } = repositoriesOver(documentClient, 'incidents');
const stateMachineArn = process.env.OBLIGATION_STATE_MACHINE_ARN!;
// Units whose duty contact has an e-mail address: e-mail is never held back by the SMS rate limit.
const units = defaultDirectory.units.filter((unit) => unit.kind !== 'duty-office' && unit.contacts.dutyContact.email);

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// Seed: each incident with its report and one pending written-report obligation (R-WRITTEN-30).
const seedStarted = performance.now();
const estimatedSetupMs = quick ? 3_000 : Math.max(10_000, count * 6);
const firstDue = Date.now() + estimatedSetupMs;
const entries = Array.from({ length: count }, (_, index) => {
  const unit = units[index % units.length];
  const incidentId = `INC-BENCH-${String(index).padStart(6, '0')}`;
  const dueAt = new Date(firstDue + (spreadMs > 0 ? Math.floor((index * spreadMs) / count) : 0));
  const openedAt = new Date(dueAt.getTime() - 30 * 60_000);
  const incident: Incident = {
    incidentId,
    unitId: unit.unitId,
    title: '基准测试事件',
    category: 'traffic',
    incidentClass: 'accident',
    severity: 'general',
    occurredAt: openedAt.toISOString(),
    location: '基准测试',
    receivedAt: openedAt.toISOString(),
    status: 'open',
    source: 'unit',
    verified: false,
    firstReportChannel: 'phone',
    reporter: { name: '王某', phone: '+8613800000000' },
  };
  const firstReport: Report = {
    incidentId,
    reportId: `RPT-${index}`,
    kind: 'first',
    channel: 'phone',
    unitId: unit.unitId,
    receivedAt: incident.receivedAt,
    summary: incident.title,
  };
  const obligation = openObligation({
    incidentId,
    obligationId: 'written-report',
    kind: 'written-report',
    unit,
    openedAt,
    dueAt,
    now: new Date(),
    policy: defaultPolicy,
    drillSpeed: 1,
  });
  return { incident, firstReport, obligation };
});
await inBatches(entries, 16, ({ incident, firstReport, obligation }) =>
  incidents.putNewIncidentRecord({
    incident,
    report: firstReport,
    obligations: [obligation],
    verificationRequests: [],
  }),
);
const seedMs = performance.now() - seedStarted;

global.gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const startStarted = performance.now();
await inBatches(entries, 32, ({ obligation }) =>
  stepFunctionsClient.send(
    new StartExecutionCommand({
      stateMachineArn,
      name: obligationExecutionName(obligation),
      input: JSON.stringify(obligationExecutionInput(obligation)),
    }),
  ),
);
const startMs = performance.now() - startStarted;
global.gc?.();
const rssWaiting = process.memoryUsage().rss;
const heapWaiting = process.memoryUsage().heapUsed;
const setupLate = Date.now() > firstDue;

const callsBeforeDue = bench.calls.length;
// Wait for every step-1 escalation (or give up a generous while after the last due time).
const outboxFile = join(bench.dataDir, 'outbox.jsonl');
const lastDue = firstDue + spreadMs;
const giveUpAt = lastDue + (quick ? 30_000 : 600_000);
const due = new Map(entries.map(({ obligation }) => [obligation.incidentId, Date.parse(obligation.dueAt)]));
let escalations: OutboxMessage[];
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const lines = existsSync(outboxFile) ? readFileSync(outboxFile, 'utf8').split('\n').filter(Boolean) : [];
  escalations = lines
    .map((line) => JSON.parse(line) as OutboxMessage)
    .filter(
      (message) =>
        message.kind === 'escalation' &&
        message.step === 1 &&
        message.repeat === 0 &&
        due.has(message.incidentId ?? ''),
    );
  const escalated = new Set(escalations.map((message) => message.incidentId));
  if (escalated.size === count || Date.now() > giveUpAt) break;
}
// Let anything still in flight land, to catch a second sending.
await new Promise((resolve) => setTimeout(resolve, quick ? 500 : 3_000));
const lines = readFileSync(outboxFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as OutboxMessage);
escalations = lines.filter(
  (message) =>
    message.kind === 'escalation' && message.step === 1 && message.repeat === 0 && due.has(message.incidentId ?? ''),
);

const callsPerEscalation = (bench.calls.length - callsBeforeDue) / count;
// The engine's own timer: when each execution entered its deadline check, from the executions journal.
const checkEntered = new Map<string, number>();
for (const line of readFileSync(join(bench.dataDir, 'executions.jsonl'), 'utf8').split('\n').filter(Boolean)) {
  const record = JSON.parse(line) as {
    op: string;
    executionArn?: string;
    entries?: { type: string; stateName?: string; timestamp: string }[];
  };
  const entered = record.entries?.find(
    (entry) => entry.stateName === 'Check the document at its deadline' && entry.type === 'StateEntered',
  );
  if (entered && record.executionArn)
    checkEntered.set(record.executionArn.split(':').at(-1)!.split('_')[0], Date.parse(entered.timestamp));
}
const timerLags = [...checkEntered].map(([incidentId, at]) => at - due.get(incidentId)!);
const firstSend = new Map<string, number>();
const perRecipient = new Map<string, number>();
for (const message of escalations) {
  const at = Date.parse(message.sentAt);
  firstSend.set(message.incidentId!, Math.min(firstSend.get(message.incidentId!) ?? Infinity, at));
  const key = `${message.incidentId}|${message.channel}|${message.to}`;
  perRecipient.set(key, (perRecipient.get(key) ?? 0) + 1);
}
const lags = [...firstSend].map(([incidentId, at]) => at - due.get(incidentId)!);
const missed = count - firstSend.size;
const twice = [...perRecipient.values()].filter((sent) => sent > 1).length;
const p50 = percentile(lags, 50);
const p99 = percentile(lags, 99);
// The heap after a full collection: RSS barely moves once seeding has grown the heap, so it understates.
const kbPerExecution = Math.max(heapWaiting - heapBefore, rssWaiting - rssBefore) / 1024 / count;
const precision = scenario === 'deadline-precision';
report({
  scenario,
  figures: [
    {
      name: `${scenario}: lag p50 (${count} due ${spreadMs > 0 ? `within ${spreadMs / 1000} s` : 'at once'})`,
      value: round(p50),
      unit: 'ms',
      goal: precision ? '≤ 100 ms' : undefined,
      met: precision ? p50 <= 100 : undefined,
    },
    {
      name: `${scenario}: lag p99`,
      value: round(p99),
      unit: 'ms',
      goal: precision ? '≤ 1,000 ms' : '≤ 5,000 ms',
      met: p99 <= (precision ? 1_000 : 5_000),
    },
    { name: `${scenario}: lag max`, value: round(Math.max(...lags)), unit: 'ms' },
    {
      name: `${scenario}: engine timer lag p99 (due → deadline check starts)`,
      value: round(percentile(timerLags, 99)),
      unit: 'ms',
    },
    { name: `${scenario}: escalations missed`, value: missed, goal: '0', met: missed === 0 },
    { name: `${scenario}: sent twice`, value: twice, goal: '0', met: twice === 0 },
    ...(precision
      ? []
      : [
          {
            name: 'scale: memory per waiting execution',
            value: round(kbPerExecution, 2),
            unit: 'KB',
            baseline: `${round(rssBefore / 1024 / 1024)} MB RSS before`,
            goal: '≤ 30 KB',
            met: kbPerExecution <= 30,
          },
        ]),
  ],
  details: {
    count,
    spreadMs,
    seedMs: round(seedMs),
    startExecutionsMs: round(startMs),
    setupLate,
    rssBeforeMb: round(rssBefore / 1024 / 1024),
    rssWaitingMb: round(rssWaiting / 1024 / 1024),
    heapBeforeMb: round(heapBefore / 1024 / 1024),
    heapWaitingMb: round(heapWaiting / 1024 / 1024),
    messages: escalations.length,
    lagMin: round(Math.min(...lags)),
    timerLagP50: round(percentile(timerLags, 50)),
    callsPerEscalation: round(callsPerEscalation, 1),
  },
});
await bench.stop();
process.exit(0);
