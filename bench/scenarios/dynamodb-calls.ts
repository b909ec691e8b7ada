import { localLambdaContext } from '../../infra/local/lambda-context';
import type { HttpEvent, HttpResult } from '../../functions/shared/http';
import { DUTY_OFFICER, httpEvent, reporterOf } from '../../test/support/http-events';
import { phoneFirstReport } from '../lib/requests';
import { startBenchRuntime, type DynamoDbCall } from '../lib/runtime';
import { report } from '../lib/stats';

// DynamoDB calls per request, each listed: the handlers are called directly (as Lambda calls
// them) inside an AsyncLocalStorage scope, so the calls the workflow makes meanwhile (in the
// local engine, outside the scope) are not counted against the request.
const bench = await startBenchRuntime({ drillSpeed: 1 });
type Handler = (event: HttpEvent, context: ReturnType<typeof localLambdaContext>) => Promise<HttpResult>;
const handlerOf = async (file: string): Promise<Handler> =>
  ((await import(`../../functions/api/${file}`)) as { handler: Handler }).handler;

const perEndpoint: Record<string, { calls: DynamoDbCall[]; status: number }> = {};
async function measure(label: string, file: string, event: HttpEvent): Promise<Record<string, unknown>> {
  const handler = await handlerOf(file);
  const { result, calls } = await bench.callsDuring(() => handler(event, localLambdaContext(file)));
  perEndpoint[label] = { calls, status: result.statusCode ?? 0 };
  return result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {};
}

const zone = reporterOf('gaosheng-zone');
// A warm-up request, so module-level work (key reads, first connections) is not counted.
await measure(
  'warm-up',
  'create-incident',
  httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport(), caller: zone }),
);
const created = await measure(
  'POST /incidents (phone first report)',
  'create-incident',
  httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport(), caller: zone }),
);
await measure(
  'POST /incidents with Idempotency-Key',
  'create-incident',
  httpEvent({
    method: 'POST',
    path: '/incidents',
    body: phoneFirstReport(),
    caller: zone,
    headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-idempotency-key-0001' },
  }),
);
const incidentId = String(created.incidentId);
const path = (suffix = '') => ({ incidentId, ...(suffix ? {} : {}) });
await measure(
  'GET /incidents/{id}',
  'get-incident',
  httpEvent({ method: 'GET', path: `/incidents/${incidentId}`, pathParameters: path(), caller: zone }),
);
await measure(
  'POST /incidents/{id}/reports (written)',
  'file-report',
  httpEvent({
    method: 'POST',
    path: `/incidents/${incidentId}/reports`,
    pathParameters: path(),
    caller: zone,
    body: {
      kind: 'written',
      summary: '储罐法兰泄漏，已堵漏',
      cause: '垫片老化',
      casualties: { deaths: 0, injured: 2, missing: 0 },
      measuresTaken: '已堵漏',
      trend: '已控制',
      reporter: { name: '王某', phone: '+8613800000003' },
    },
  }),
);
const request = await measure(
  'POST /incidents/{id}/verification-requests',
  'request-verification',
  httpEvent({
    method: 'POST',
    path: `/incidents/${incidentId}/verification-requests`,
    pathParameters: path(),
    caller: DUTY_OFFICER,
    body: { question: '请核实伤亡人数', writtenAnswerRequired: true },
  }),
);
await measure(
  'POST …/verification-requests/{id}/answers',
  'answer-verification',
  httpEvent({
    method: 'POST',
    path: `/incidents/${incidentId}/verification-requests/${String(request.requestId)}/answers`,
    pathParameters: { incidentId, requestId: String(request.requestId) },
    caller: zone,
    body: { channel: 'phone', answer: '伤2人，无死亡' },
  }),
);
const instruction = await measure(
  'POST /incidents/{id}/instructions',
  'record-instruction',
  httpEvent({
    method: 'POST',
    path: `/incidents/${incidentId}/instructions`,
    pathParameters: path(),
    caller: DUTY_OFFICER,
    body: { leader: '县长', text: '全力处置', receivedAt: new Date().toISOString() },
  }),
);
await measure(
  'POST …/instructions/{id}/feedback',
  'file-instruction-feedback',
  httpEvent({
    method: 'POST',
    path: `/incidents/${incidentId}/instructions/${String(instruction.instructionId)}/feedback`,
    pathParameters: { incidentId, instructionId: String(instruction.instructionId) },
    caller: zone,
    body: { text: '已传达落实' },
  }),
);
await measure(
  'GET /obligations',
  'list-obligations',
  httpEvent({ method: 'GET', path: '/obligations', caller: DUTY_OFFICER }),
);
await measure(
  'GET /incidents',
  'list-incidents',
  httpEvent({ method: 'GET', path: '/incidents', caller: DUTY_OFFICER }),
);
delete perEndpoint['warm-up'];

const firstReportCalls = perEndpoint['POST /incidents (phone first report)'].calls.length;
report({
  scenario: 'dynamodb-calls',
  figures: [
    { name: 'DynamoDB calls: phone first report', value: firstReportCalls, goal: '≤ 4', met: firstReportCalls <= 4 },
    ...Object.entries(perEndpoint)
      .filter(([label]) => label !== 'POST /incidents (phone first report)')
      .map(([label, { calls }]) => ({ name: `DynamoDB calls: ${label}`, value: calls.length })),
  ],
  details: Object.fromEntries(
    Object.entries(perEndpoint).map(([label, { calls, status }]) => [
      label,
      {
        status,
        calls: calls.map(
          (call) =>
            `${call.command} ${call.target} (${call.readUnits || call.writeUnits} ${call.readUnits ? 'RCU' : 'WCU'})`,
        ),
      },
    ]),
  ),
});
await bench.stop();
process.exit(0);
