import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { closedLoop, phoneFirstReport, tokensFor } from '../lib/requests';
import { startBenchRuntime } from '../lib/runtime';
import { isQuick, percentile, report, round } from '../lib/stats';

// Intake throughput: POST /incidents (phone first reports) by 16 concurrent clients, beside raw
// PutItem of an item of the same size to the same dynalite by 16 concurrent clients. Baseline,
// service, baseline again: the baseline is the mean of the two, so drift during the run shows.
const quick = isQuick();
const clients = 16;
const durationMs = quick ? 1_000 : 10_000;
// A traffic accident of general severity: nobody to notify at once, so the figure is intake itself; the notifications'
// cost is in `cost`.
const intakeReport = () => ({ ...phoneFirstReport(), category: 'traffic', severity: 'general' });

const bench = await startBenchRuntime({ drillSpeed: 1 });
const apiUrl = bench.runtime.apiUrl;
const tokens = await tokensFor(bench.dataDir);
const reporterToken = await tokens.reporter('gaosheng-zone');
const post = async (): Promise<boolean> => {
  const response = await fetch(`${apiUrl}/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${reporterToken}` },
    body: JSON.stringify(intakeReport()),
  });
  await response.arrayBuffer();
  return response.status === 201;
};

// The stored incident item, to size the baseline's items like it.
const first = await fetch(`${apiUrl}/incidents`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${reporterToken}` },
  body: JSON.stringify(intakeReport()),
});
const { incidentId } = (await first.json()) as { incidentId: string };
const raw = new DynamoDBClient({
  endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const { Item } = await raw.send(
  new GetItemCommand({ TableName: 'incidents', Key: { pk: { S: `INCIDENT#${incidentId}` }, sk: { S: 'INCIDENT' } } }),
);
const template = Item as Record<string, AttributeValue>;
const itemBytes = Buffer.byteLength(JSON.stringify(template));
const putRaw = async (): Promise<boolean> => {
  await raw.send(
    new PutItemCommand({ TableName: 'incidents', Item: { ...template, pk: { S: `BENCH#${randomUUID()}` } } }),
  );
  return true;
};

const baselineBefore = await closedLoop(clients, durationMs, putRaw);
const service = await closedLoop(clients, durationMs, post);
const baselineAfter = await closedLoop(clients, durationMs, putRaw);
// For comparison only: reports whose category notifies two departments at once (R-HORIZONTAL),
// so each incident also sends four messages through the same dynalite.
const withNotifications = quick
  ? undefined
  : await closedLoop(clients, durationMs / 2, async () => {
      const response = await fetch(`${apiUrl}/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${reporterToken}` },
        body: JSON.stringify(phoneFirstReport()),
      });
      await response.arrayBuffer();
      return response.status === 201;
    });

const opsPerSecond = (run: { latencies: number[]; elapsedMs: number }) => run.latencies.length / (run.elapsedMs / 1000);
const baselineOps = (opsPerSecond(baselineBefore) + opsPerSecond(baselineAfter)) / 2;
const serviceOps = opsPerSecond(service);
const ratio = serviceOps / baselineOps;
report({
  scenario: 'intake',
  figures: [
    {
      name: 'intake throughput (POST /incidents, 16 clients)',
      value: round(serviceOps),
      unit: 'req/s',
      baseline: round(baselineOps),
      goal: '≥ 0.33 × raw PutItem ops/s',
      met: ratio >= 0.33,
    },
    { name: 'intake ÷ raw PutItem', value: round(ratio, 3), goal: '≥ 0.33', met: ratio >= 0.33 },
    {
      name: 'intake latency p50',
      value: round(percentile(service.latencies, 50)),
      unit: 'ms',
      baseline: round(percentile([...baselineBefore.latencies, ...baselineAfter.latencies], 50)),
    },
    {
      name: 'intake latency p99',
      value: round(percentile(service.latencies, 99)),
      unit: 'ms',
      baseline: round(percentile([...baselineBefore.latencies, ...baselineAfter.latencies], 99)),
    },
    { name: 'intake failures', value: service.failures, goal: '0', met: service.failures === 0 },
    ...(withNotifications
      ? [
          {
            name: 'intake throughput, hazardous-chemicals reports (4 notifications each)',
            value: round(opsPerSecond(withNotifications)),
            unit: 'req/s',
          },
        ]
      : []),
  ],
  details: {
    clients,
    durationMs,
    itemBytes,
    requests: service.latencies.length,
    rawPutsBefore: baselineBefore.latencies.length,
    rawPutsAfter: baselineAfter.latencies.length,
    baselineOpsBefore: round(opsPerSecond(baselineBefore)),
    baselineOpsAfter: round(opsPerSecond(baselineAfter)),
  },
});
raw.destroy();
await bench.stop();
process.exit(0);
