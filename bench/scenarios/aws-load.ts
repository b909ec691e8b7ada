import { closedLoop, phoneFirstReport } from '../lib/requests';
import { isQuick, percentile, report, round } from '../lib/stats';

/**
 * The load test against a deployed stack (docs/capacity.md): POST /incidents from many clients
 * for a while, then the deadlines' lag read back from the API. It runs only when it is pointed
 * at a stack and has a token — INCIDENT_API_URL (the `ApiUrl` output of a drill stack:
 * `npx cdk deploy -c drillSpeed=60`) and INCIDENT_API_TOKEN (a reporter's ID token for
 * INCIDENT_UNIT_ID) — with AWS credentials in the environment; otherwise it is skipped and says
 * why. `npm test` never points it anywhere: tests stay on 127.0.0.1.
 */
const apiUrl = process.env.INCIDENT_API_URL;
const token = process.env.INCIDENT_API_TOKEN;
const unitId = process.env.INCIDENT_UNIT_ID ?? 'gaosheng-zone';
const hasCredentials = Boolean(
  process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE,
);
const missing = [
  !hasCredentials && 'AWS credentials',
  !apiUrl && 'INCIDENT_API_URL',
  !token && 'INCIDENT_API_TOKEN',
].filter(Boolean);

if (missing.length > 0 || isQuick()) {
  const reason = isQuick()
    ? 'skipped in --quick mode'
    : `skipped: no ${missing.join(', ')} (see bench/scenarios/aws-load.ts)`;
  report({ scenario: 'aws-load', figures: [{ name: 'AWS load test (deployed stack)', value: reason }] });
  process.exit(0);
}

const clients = Number(process.env.INCIDENT_LOAD_CLIENTS ?? 32);
const durationMs = Number(process.env.INCIDENT_LOAD_SECONDS ?? 60) * 1000;
const run = await closedLoop(clients, durationMs, async () => {
  const response = await fetch(`${apiUrl}/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      ...phoneFirstReport(unitId),
      category: 'traffic',
      severity: 'general',
      title: '负载测试（可忽略）',
    }),
  });
  await response.arrayBuffer();
  return response.status === 201;
});
const throughput = run.latencies.length / (run.elapsedMs / 1000);
report({
  scenario: 'aws-load',
  figures: [
    { name: `AWS: POST /incidents throughput (${clients} clients)`, value: round(throughput), unit: 'req/s' },
    { name: 'AWS: POST /incidents latency p50', value: round(percentile(run.latencies, 50)), unit: 'ms' },
    { name: 'AWS: POST /incidents latency p99', value: round(percentile(run.latencies, 99)), unit: 'ms' },
    { name: 'AWS: failed requests (throttled or errors)', value: run.failures },
  ],
  details: { apiUrl, clients, durationMs, requests: run.latencies.length },
});
process.exit(0);
