import { smsDeliveryFromEnvironment } from '../../functions/shared/environment';
import { functionsModeFromEnvironment } from './functions';
import { startLocalRuntime } from './runtime';

/** `npm start`: the whole service on 127.0.0.1. PORT, DATA_DIR and DRILL_SPEED come from the environment. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.DATA_DIR ?? '.data';
  const drillSpeed = Number(process.env.DRILL_SPEED ?? 1);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  if (!Number.isFinite(drillSpeed) || drillSpeed < 1)
    throw new Error(`DRILL_SPEED must be a number ≥ 1, got "${process.env.DRILL_SPEED}"`);

  const print = (line: string) => process.stdout.write(`${line}\n`);
  // LOCAL_FAULT_CRASH_ON_PUBLISH: fault injection for the tests (a crash between "claimed" and "sent").
  const crashOnPublish = process.env.LOCAL_FAULT_CRASH_ON_PUBLISH
    ? Number(process.env.LOCAL_FAULT_CRASH_ON_PUBLISH)
    : undefined;
  // LOCAL_UNDELIVERABLE_PHONES: comma-separated phones whose SMS are reported undelivered (delivery-status logging).
  const undeliverablePhones = process.env.LOCAL_UNDELIVERABLE_PHONES?.split(',')
    .map((phone) => phone.trim())
    .filter(Boolean);
  // SMS_DELIVERY=gateway: SMS through the Alibaba Cloud SMS adapter to a stand-in provider (issue 7).
  const smsDelivery = smsDeliveryFromEnvironment();
  // LOCAL_SMS_PROVIDER_FAULT: fault injection for the tests (throttle-once | outage).
  const smsProviderFault = process.env.LOCAL_SMS_PROVIDER_FAULT as 'throttle-once' | 'outage' | undefined;
  // LOCAL_FAULT_FAIL_STARTS: fault injection for the tests (the first execution started is throttled N times).
  const failStarts = process.env.LOCAL_FAULT_FAIL_STARTS ? Number(process.env.LOCAL_FAULT_FAIL_STARTS) : undefined;
  // LOCAL_FUNCTIONS=bundled: every function runs from its esbuild bundle, built as the stack builds it (default: the
  // sources).
  const functions = functionsModeFromEnvironment();
  const runtime = await startLocalRuntime({
    port,
    dataDir,
    drillSpeed,
    print,
    crashOnPublish,
    undeliverablePhones,
    smsDelivery,
    smsProviderFault,
    failStarts,
    functions,
  });
  print(
    [
      `Incident reporting service running locally (ready in ${Date.now() - startedAt} ms, drill speed ${drillSpeed}, data in ${dataDir})`,
      `  Functions:  ${runtime.functions}`,
      `  Console:    ${runtime.apiUrl}/console/`,
      `  API:        ${runtime.apiUrl}`,
      `  Health:     ${runtime.apiUrl}/health`,
      `  Units:      ${runtime.apiUrl}/units`,
      `  Categories: ${runtime.apiUrl}/categories`,
      `  Outbox:     ${runtime.apiUrl}/local/outbox${smsDelivery === 'gateway' ? '   (SMS through the stand-in Alibaba Cloud SMS provider: SMS_DELIVERY=gateway)' : ''}`,
      `  Executions: ${runtime.apiUrl}/local/executions`,
      `  SMS reply:  POST ${runtime.apiUrl}/local/sms-inbound {"originationNumber":"+86…","messageBody":"<code>"}`,
      `  Tokens:     DATA_DIR=${dataDir} npm run token -- --role duty-officer   (or --role reporter --unit <unitId>)`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`${signal}: stopping; waiting executions resume at the next start.`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Local runtime failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
