import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxMessage } from '../../infra/local/sns';
import type { LocalExecution } from '../../infra/local/step-functions';
import { costOf, PRICES, type UsageCounts } from '../lib/prices';
import { phoneFirstReport, tokensFor } from '../lib/requests';
import { startBenchRuntime } from '../lib/runtime';
import { report, round } from '../lib/stats';

/**
 * Cost per incident in AWS terms: state transitions, Lambda invocations, API requests,
 * DynamoDB write and read units and SNS messages, counted while three incidents run through
 * the real ASL at a drill speed (one at a time, so every count belongs to one incident):
 * - on time: phone first report, written report at once, final report;
 * - late with the full ladder: nothing filed until the ladder is at its top, then written and final;
 * - with a verification request (written answer asked) and a leader's instruction, all on time.
 * Beside it, the same incident watched by a 1-minute polling loop instead: no state machine,
 * one scheduled invocation and one query of the pending index per minute it is watched, and
 * the same writes and messages.
 */
const DRILL_SPEED = 3_000;
const bench = await startBenchRuntime({ drillSpeed: DRILL_SPEED });
const apiUrl = bench.runtime.apiUrl;
const tokens = await tokensFor(bench.dataDir);
const reporter = await tokens.reporter('gaosheng-zone');
let apiRequests = 0;

async function call(
  method: 'POST' | 'GET',
  path: string,
  token: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  apiRequests += 1;
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const complete = {
  summary: '泄漏已控制',
  occurredAt: new Date(Date.now() - 600_000).toISOString(),
  location: '高升经济区',
  cause: '垫片老化',
  casualties: { deaths: 0, injured: 0, missing: 0 },
  measuresTaken: '已堵漏',
  trend: '已控制',
  reporter: { name: '王某', phone: '+8613800000003' },
};
// A traffic accident of general severity: no one to notify at once, a follow-up due after 24 hours (29 s at this drill
// speed).
const firstReport = () => ({ ...phoneFirstReport(), category: 'traffic', severity: 'general' });

async function executionsOf(incidentId: string): Promise<LocalExecution[]> {
  const body = (await (await fetch(`${apiUrl}/local/executions?incident=${incidentId}`)).json()) as {
    executions: LocalExecution[];
  };
  return body.executions;
}
async function untilAllEnded(incidentId: string): Promise<LocalExecution[]> {
  for (;;) {
    const executions = await executionsOf(incidentId);
    if (executions.length > 0 && executions.every((execution) => execution.status !== 'RUNNING')) return executions;
    await sleep(250);
  }
}

const TASK_STATES = new Set([
  'Notify those who must know at once',
  'Open the next follow-up report obligation',
  'Remind the unit before the deadline',
  'Check the document at its deadline',
  'Escalate one step up the ladder',
]);

async function measure(
  label: string,
  run: () => Promise<string>,
): Promise<{ label: string; usage: UsageCounts; polling: UsageCounts; watchedMinutes: number; incidentId: string }> {
  const callsBefore = bench.calls.length;
  apiRequests = 0;
  const incidentId = await run();
  const executions = await untilAllEnded(incidentId);
  await sleep(300);
  const calls = bench.calls.slice(callsBefore);
  const history = executions.flatMap((execution) => execution.history);
  const outboxFile = join(bench.dataDir, 'outbox.jsonl');
  const outbox = (existsSync(outboxFile) ? readFileSync(outboxFile, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMessage)
    .filter((message) => message.incidentId === incidentId);
  const usage: UsageCounts = {
    stateTransitions:
      history.filter((entry) => entry.type === 'StateEntered').length +
      history.filter((entry) => entry.type === 'StateRetried').length,
    lambdaInvocations:
      apiRequests +
      history.filter((entry) => entry.type === 'StateEntered' && TASK_STATES.has(entry.stateName ?? '')).length,
    apiRequests,
    writeUnits: calls.reduce((total, entry) => total + entry.writeUnits, 0),
    readUnits: calls.reduce((total, entry) => total + entry.readUnits, 0),
    sms: outbox.filter((message) => message.channel === 'sms').length,
    emails: outbox.filter((message) => message.channel === 'email').length,
  };
  // How long a poller would watch it: from the first report until the last execution ended, in real (undrilled)
  // minutes.
  const start = Math.min(...executions.map((execution) => Date.parse(execution.startDate)));
  const end = Math.max(...executions.map((execution) => Date.parse(execution.stopDate ?? execution.startDate)));
  const watchedMinutes = Math.max(1, Math.ceil(((end - start) * DRILL_SPEED) / 60_000));
  const taskInvocations = usage.lambdaInvocations - apiRequests;
  const polling: UsageCounts = {
    ...usage,
    stateTransitions: 0,
    // Each minute: one scheduled run that queries the pending index (1 read unit); the work the tasks did is done by
    // those runs.
    lambdaInvocations: apiRequests + Math.max(watchedMinutes, taskInvocations),
    readUnits: usage.readUnits + watchedMinutes,
  };
  return { label, usage, polling, watchedMinutes, incidentId };
}

const results = [];
results.push(
  await measure('on time', async () => {
    const created = await call('POST', '/incidents', reporter, firstReport());
    const incidentId = String(created.incidentId);
    await call('POST', `/incidents/${incidentId}/reports`, reporter, { kind: 'written', ...complete });
    await call('POST', `/incidents/${incidentId}/reports`, reporter, { kind: 'final', ...complete });
    return incidentId;
  }),
);
results.push(
  await measure('late, full ladder', async () => {
    const created = await call('POST', '/incidents', reporter, firstReport());
    const incidentId = String(created.incidentId);
    // The ladder's top (step 3) fires 30 minutes after the deadline: 60 drill minutes in all.
    const written = (created.obligations as { obligationId: string; dueAt: string }[]).find(
      (obligation) => obligation.obligationId === 'written-report',
    )!;
    await sleep(Date.parse(written.dueAt) - Date.now() + (31 * 60_000) / DRILL_SPEED + 1_500);
    await call('POST', `/incidents/${incidentId}/reports`, reporter, {
      kind: 'written',
      ...complete,
      lateReason: '通讯中断',
    });
    await call('POST', `/incidents/${incidentId}/reports`, reporter, { kind: 'final', ...complete });
    return incidentId;
  }),
);
results.push(
  await measure('verification request and instruction', async () => {
    const created = await call('POST', '/incidents', reporter, firstReport());
    const incidentId = String(created.incidentId);
    await call('POST', `/incidents/${incidentId}/reports`, reporter, { kind: 'written', ...complete });
    const request = await call('POST', `/incidents/${incidentId}/verification-requests`, tokens.dutyOfficer, {
      question: '请核实伤亡',
      writtenAnswerRequired: true,
    });
    await call(
      'POST',
      `/incidents/${incidentId}/verification-requests/${String(request.requestId)}/answers`,
      reporter,
      { channel: 'phone', answer: '无伤亡' },
    );
    await call(
      'POST',
      `/incidents/${incidentId}/verification-requests/${String(request.requestId)}/answers`,
      reporter,
      { channel: 'written', answer: '经核实无伤亡' },
    );
    const instruction = await call('POST', `/incidents/${incidentId}/instructions`, tokens.dutyOfficer, {
      leader: '县长',
      text: '妥善处置',
      receivedAt: new Date().toISOString(),
    });
    await call(
      'POST',
      `/incidents/${incidentId}/instructions/${String(instruction.instructionId)}/feedback`,
      reporter,
      { text: '已落实' },
    );
    await call('POST', `/incidents/${incidentId}/reports`, reporter, { kind: 'final', ...complete });
    return incidentId;
  }),
);

const onTime = results[0];
report({
  scenario: 'cost',
  figures: [
    {
      name: 'cost: state transitions, on-time incident',
      value: onTime.usage.stateTransitions,
      goal: '≤ 12',
      met: onTime.usage.stateTransitions <= 12,
    },
    ...results.flatMap(({ label, usage, polling }) => [
      {
        name: `cost: USD per incident, ${label}`,
        value: round(costOf(usage), 6),
        baseline: round(costOf(polling), 6),
        unit: 'USD',
      },
      {
        name: `cost: transitions / Lambda / WRU / RRU / SMS / e-mail, ${label}`,
        value: `${usage.stateTransitions} / ${usage.lambdaInvocations} / ${usage.writeUnits} / ${usage.readUnits} / ${usage.sms} / ${usage.emails}`,
      },
    ]),
  ],
  details: { drillSpeed: DRILL_SPEED, prices: PRICES, incidents: results },
});
await bench.stop();
process.exit(0);
