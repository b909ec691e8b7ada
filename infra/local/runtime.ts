import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { isActive } from '../../functions/domain/directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { repositoriesFromEnvironment } from '../../functions/shared/dependencies';
import { TableDirectory } from '../../functions/shared/directory-source';
import { NO_SNIFF, type HttpResult } from '../../functions/shared/http';
import { API_ROUTES } from '../../functions/api/routes';
import { SCHEDULED_TASKS, WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { LocalApiServer, type ApiHandler } from './api-server';
import { ensureIncidentTable, localDynamoDbClient, startDynalite } from './dynamodb';
import { localLambdaContext } from './lambda-context';
import { LocalSecretsManager, localProviderCredentials } from './secrets-manager';
import { LocalSmsProvider } from './sms-provider';
import { defaultGatewayConfig } from '../../functions/shared/sms-gateway-config';
import { renderSmsTemplate, type SmsTemplateId } from '../../functions/domain/sms-templates';
import { LocalSns } from './sns';
import { LocalS3 } from './s3';
import { STATE_MACHINE_NAMES } from '../state-machines';
import {
  bindLambdaTasks,
  localSubstitutions,
  readDefinitionTemplate,
  substituteDefinition,
  type LambdaFunction,
} from './state-machine-definition';
import { LocalStepFunctions } from './step-functions';
import { issueLocalToken, localSigningKeys, localTokenVerifier } from './tokens';
import { serveConsole, serveDocs } from './console-files';
import { ROLES, type Role } from '../../functions/domain/access';
import { loadLocalFunctions, type FunctionsMode } from './functions';

export interface LocalRuntimeOptions {
  /** API port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Where dynalite, the executions and the outbox live; survives restarts. */
  dataDir: string;
  /** Every deadline and escalation delay is divided by it. */
  drillSpeed: number;
  print: (line: string) => void;
  /** Print every delivered message as it goes out (default true; the demo prints its own table). */
  echoOutbox?: boolean;
  /** Fault injection for the tests: exit on this SNS publish (1-based), before delivering it. */
  crashOnPublish?: number;
  /** Phones whose SMS SNS accepts but reports undelivered (delivery-status logging). */
  undeliverablePhones?: string[];
  /** How many workflow tasks run at once (Lambda's concurrency, locally). */
  taskConcurrency?: number;
  /**
   * `gateway`: SMS go through the Alibaba Cloud SMS adapter to a stand-in provider on 127.0.0.1 (issue 7). Default
   * `sns`.
   */
  smsDelivery?: 'sns' | 'gateway';
  /** Fault injection for the tests: the stand-in provider throttles once, or is down for every request. */
  smsProviderFault?: 'throttle-once' | 'outage';
  /**
   * Fault injection for the tests: the first N StartExecution calls are throttled (a deadline stored with no watch).
   */
  failStarts?: number;
  /**
   * `bundled`: each function runs from its esbuild bundle, built as the stack builds it (infra/local/functions.ts).
   * Default `sources`.
   */
  functions?: FunctionsMode;
}

/** Enough to keep one dynalite busy without drowning it (measured with `npm run bench`, docs/performance.md). */
export const DEFAULT_TASK_CONCURRENCY = 64;

export interface LocalRuntime {
  apiUrl: string;
  /** What runs each function, for the startup banner: its sources, or its bundles. */
  functions: string;
  stop(): Promise<void>;
}

// Local names standing where the stack puts ARNs; the partition is a variable, as in the stack.
const LOCAL_PARTITION = 'aws';
const LOCAL_REGION = 'us-east-1';
const LOCAL_ACCOUNT = 'local';
// What every local client signs with, and what the local S3 checks presigned URLs against.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const localArn = (service: string, resource: string) =>
  `arn:${LOCAL_PARTITION}:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;

const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...NO_SNIFF },
  body: JSON.stringify(body, null, 2),
});

/** A local endpoint's JSON body: an object, or undefined when it is not JSON (or not an object). */
function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
const malformedJson = () => problem(400, 'Malformed JSON', 'The body is not a JSON object', ['(body)']);
/** A refused local request, as the API refuses one: problem+json naming the fields it needs. */
const problem = (statusCode: number, title: string, detail: string, fields: string[] = []): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', ...NO_SNIFF },
  body: JSON.stringify({
    type: 'about:blank',
    status: statusCode,
    title,
    detail,
    ...(fields.length > 0 ? { errors: fields.map((field) => ({ field, message: 'Required or invalid' })) } : {}),
  }),
});

/**
 * The whole service on 127.0.0.1 with no AWS account: dynalite on disk, SNS with an outbox,
 * Step Functions running the real ASL, and the API — all through the same handlers and the
 * same AWS SDK clients as in Lambda, pointed here by `AWS_ENDPOINT_URL_<SERVICE>`.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const tableName = 'incidents';
  const stateMachineArns = {
    incident: localArn('states', 'stateMachine:incident'),
    obligation: localArn('states', 'stateMachine:obligation'),
  };
  const emailTopicArn = localArn('sns', 'incident-escalation-email');
  const operatorsTopicArn = localArn('sns', 'incident-reporting-operators');
  const lambdaInvoke = `arn:${LOCAL_PARTITION}:states:::lambda:invoke`;

  const dynamoDb = await startDynalite(join(dataDir, 'dynamodb'));
  await ensureIncidentTable(localDynamoDbClient(dynamoDb.endpoint), tableName);

  const signingKeySecretArn = localArn('secretsmanager', 'secret:ack-signing-key');
  const gatewayMode = options.smsDelivery === 'gateway';
  const smsProviderSecretArn = localArn('secretsmanager', 'secret:sms-provider');
  const smsProviderCredentialsFile = join(dataDir, 'sms-provider-credentials.json');
  const smsGatewayTopicArn = localArn('sns', 'incident-sms-gateway');
  const secretsManager = new LocalSecretsManager({
    secretArn: signingKeySecretArn,
    keyFile: join(dataDir, 'ack-signing-key'),
    ...(gatewayMode ? { smsProvider: { secretArn: smsProviderSecretArn, file: smsProviderCredentialsFile } } : {}),
  });
  const secretsManagerEndpoint = await secretsManager.listen();

  const sns = new LocalSns({
    outboxFile: join(dataDir, 'outbox.jsonl'),
    emailTopicArn,
    operatorsTopicArn,
    crashOnPublish: options.crashOnPublish,
    undeliverablePhones: options.undeliverablePhones,
    onSmsDeliveryFailure: (failure) => {
      // As the subscription filter on the SNS failure log group delivers it in AWS.
      const record = {
        notification: { messageId: failure.messageId, timestamp: failure.at.toISOString() },
        delivery: { destination: failure.destination, providerResponse: 'Phone is currently unreachable/unavailable' },
        status: 'FAILURE',
      };
      const data = {
        messageType: 'DATA_MESSAGE',
        owner: LOCAL_ACCOUNT,
        logGroup: `sns/${LOCAL_REGION}/${LOCAL_ACCOUNT}/DirectPublishToPhoneNumber/Failure`,
        logStream: 'local',
        subscriptionFilters: ['local'],
        logEvents: [{ id: failure.messageId, timestamp: failure.at.getTime(), message: JSON.stringify(record) }],
      };
      const event = { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
      void smsDeliveryStatus?.(event).catch((error: Error) =>
        options.print(`SMS delivery status not recorded: ${error.message}`),
      );
    },
    print: options.echoOutbox === false ? () => undefined : options.print,
    // The gateway sender is loaded below with the other handlers; until then nothing publishes SMS.
    ...(gatewayMode
      ? {
          smsGateway: {
            topicArn: smsGatewayTopicArn,
            deliver: (message: GatewayTopicMessage) => void smsGatewaySender?.(message),
          },
        }
      : {}),
  });
  const snsEndpoint = await sns.listen();

  // R-AUDIT: the write-once anchor store, as an Object Lock bucket: every version appended to one file, none ever
  // rewritten.
  const auditAnchorBucket = 'incident-audit-anchors';
  // R-INTAKE: the photos and videos, each a file under DATA_DIR/s3-objects, uploaded through presigned URLs that the
  // stand-in checks as S3 does (signature, so the signed type, length and SHA-256; expiry; the body's SHA-256).
  const attachmentBucket = 'incident-attachments';
  const s3 = new LocalS3({
    file: join(dataDir, 'audit-anchors.jsonl'),
    buckets: [auditAnchorBucket],
    objectBuckets: {
      names: [attachmentBucket],
      dir: join(dataDir, 's3-objects'),
      credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey },
      maxObjectBytes: Math.max(defaultPolicy.attachments.maxImageBytes, defaultPolicy.attachments.maxVideoBytes),
    },
  });
  const s3Endpoint = await s3.listen();

  // issue 7: the domestic SMS provider, stood in for on 127.0.0.1; what it accepts goes to the outbox as the SMS a
  // phone would get.
  type GatewayTopicMessage = { messageId: string; message: string; attributes: Record<string, string> };
  const gatewayMessages = new Map<string, Record<string, string>>();
  let smsGatewaySender: ((message: GatewayTopicMessage) => Promise<void>) | undefined;
  const smsProvider = gatewayMode
    ? new LocalSmsProvider({
        credentials: [localProviderCredentials(smsProviderCredentialsFile)],
        signNames: [defaultGatewayConfig.signName],
        templateCodes: Object.values(defaultGatewayConfig.templateCodes),
        onAccepted: (accepted) => {
          const attributes = gatewayMessages.get(accepted.outId ?? '') ?? {};
          const templateId = (Object.entries(defaultGatewayConfig.templateCodes).find(
            ([, code]) => code === accepted.templateCode,
          )?.[0] ?? 'digest') as SmsTemplateId;
          sns.recordProviderSms({
            messageId: accepted.bizId,
            kind: attributes.kind ?? 'notification',
            channel: 'sms',
            to: accepted.phoneNumbers.length === 11 ? `+86${accepted.phoneNumbers}` : accepted.phoneNumbers,
            body: `【${accepted.signName}】${renderSmsTemplate({ templateId, variables: accepted.templateParam }, 'zh-CN')}`,
            incidentId: attributes.incidentId,
            obligation: attributes.obligation,
            step: attributes.escalationStep ? Number(attributes.escalationStep) : undefined,
            repeat: attributes.repeat ? Number(attributes.repeat) : undefined,
            sentAt: accepted.acceptedAt,
          });
        },
      })
    : undefined;
  if (smsProvider && options.smsProviderFault === 'throttle-once') smsProvider.faults.throttleNext = 1;
  if (smsProvider && options.smsProviderFault === 'outage') smsProvider.faults.outageNext = Number.MAX_SAFE_INTEGER;
  const smsProviderEndpoint = await smsProvider?.listen();

  // Workflow tasks are bound by name now and loaded below, once the environment is set.
  const workflowHandlers: Record<string, LambdaFunction> = {};
  const functionsByName: Record<string, LambdaFunction> = {};
  // Like Lambda's concurrency limit: tasks beyond it wait their turn, first due first served.
  // Without it, thousands of deadlines falling due together start thousands of tasks at once
  // on one process and one dynalite, and every one of them finishes late (issue 6's scale run).
  const taskSlots = pLimit(options.taskConcurrency ?? DEFAULT_TASK_CONCURRENCY);
  for (const task of WORKFLOW_TASKS)
    functionsByName[task.handlerFile] = (payload) => taskSlots(() => workflowHandlers[task.handlerFile](payload));
  const stepFunctions = new LocalStepFunctions({
    stateMachines: STATE_MACHINE_NAMES.map((name) => {
      const definition = substituteDefinition(readDefinitionTemplate(name), localSubstitutions(lambdaInvoke));
      return {
        stateMachineArn: stateMachineArns[name],
        definition,
        taskBindings: bindLambdaTasks(definition, lambdaInvoke, functionsByName),
      };
    }),
    executionsFile: join(dataDir, 'executions.jsonl'),
    log: options.print,
    failStarts: options.failStarts,
  });
  const stepFunctionsEndpoint = await stepFunctions.listen();

  let smsInbound: ((event: unknown) => Promise<unknown>) | undefined;
  // Issue 15: the directory the sign-in picks from, as the table holds it (set once it is seeded).
  let directory: TableDirectory | undefined;
  let smsDeliveryStatus: ((event: unknown) => Promise<unknown>) | undefined;
  const { publicKey } = await localSigningKeys(dataDir);
  const api = new LocalApiServer(async (method, url, body) => {
    const path = url.pathname;
    if (method === 'GET' && (path === '/console' || path.startsWith('/console/')))
      return serveConsole(
        path,
        { apiUrl: '', auth: { mode: 'local' }, workflow: { mode: 'local' } },
        { s3Origin: new URL(s3Endpoint).origin },
      );
    // The API reference (Swagger UI), static like the console, reading the API's own GET /openapi.json.
    if (method === 'GET' && (path === '/docs' || path.startsWith('/docs/')))
      return serveDocs(path, { openApiUrl: '/openapi.json' });
    // The console's local sign-in: a token for the role asked, signed by this runtime's key (127.0.0.1 only, like `npm
    // run token`).
    if (method === 'POST' && path === '/local/console-token') {
      if (!directory) return problem(503, 'Starting', 'The local runtime is still starting');
      const parsed = jsonObject(body);
      if (!parsed) return malformedJson();
      const { role, unitId } = parsed;
      const knownRole = typeof role === 'string' && (ROLES as readonly string[]).includes(role);
      // A reporter signs in for a unit of the directory, never for a typo (it would see an empty board and file
      // nowhere).
      const knownUnit =
        typeof unitId === 'string' &&
        (await directory.current()).units.some((unit) => unit.unitId === unitId && isActive(unit));
      if (!knownRole || (role === 'reporter' && !knownUnit) || (unitId !== undefined && typeof unitId !== 'string')) {
        return problem(
          400,
          'Invalid request',
          // Issue 14 item 1: say which unit was refused and where the known ones are, not only what to send.
          knownRole && typeof unitId === 'string' && unitId !== ''
            ? `Unknown unit ${JSON.stringify(unitId)}: a reporter signs in for a unit of GET /local/units`
            : `Send {"role": one of ${ROLES.join(', ')}, "unitId": a unit of GET /local/units, required for reporter}`,
          knownRole ? ['unitId'] : ['role'],
        );
      }
      return json(200, {
        token: await issueLocalToken(dataDir, {
          role: role as Role,
          ...(typeof unitId === 'string' ? { unitId } : {}),
        }),
      });
    }
    // Issue 14 item 1: the directory the sign-in form picks a reporter's unit from, readable before signing in (the
    // real GET /units needs a token). Names and kinds only: no contact leaves the runtime this way.
    if (method === 'GET' && path === '/local/units') {
      if (!directory) return problem(503, 'Starting', 'The local runtime is still starting');
      const units = (await directory.current()).units.filter(isActive);
      return json(200, { units: units.map(({ unitId, kind, name }) => ({ unitId, kind, name })) });
    }
    if (method === 'GET' && path === '/local/outbox') return json(200, { messages: sns.outbox() });
    if (method === 'GET' && path === '/local/executions') {
      // ?incident=<id>: the incident's own execution and its obligations' (`<id>_<obligationId>`).
      const incidentId = url.searchParams.get('incident');
      const executions = stepFunctions
        .listExecutions()
        .filter(
          (execution) => !incidentId || execution.name === incidentId || execution.name.startsWith(`${incidentId}_`),
        );
      return json(200, { executions });
    }
    // R-LADDER: a reply to an escalation SMS, as two-way SMS would publish it to the inbound topic.
    if (method === 'POST' && path === '/local/sms-inbound') {
      const parsed = jsonObject(body);
      if (!parsed) return malformedJson();
      const reply = parsed as { originationNumber?: string; messageBody?: string };
      if (!reply.originationNumber || typeof reply.messageBody !== 'string') {
        return problem(400, 'Invalid request', 'Send {"originationNumber":"+86…","messageBody":"…"}', [
          ...(reply.originationNumber ? [] : ['originationNumber']),
          ...(typeof reply.messageBody === 'string' ? [] : ['messageBody']),
        ]);
      }
      if (!smsInbound) return problem(503, 'Starting', 'The local runtime is still starting');
      const message = {
        originationNumber: reply.originationNumber,
        destinationNumber: 'local',
        messageBody: reply.messageBody,
        inboundMessageId: randomUUID(),
      };
      const outcomes = await smsInbound({
        Records: [
          {
            EventSource: 'aws:sns',
            Sns: {
              MessageId: message.inboundMessageId,
              TopicArn: localArn('sns', 'inbound-sms'),
              Message: JSON.stringify(message),
            },
          },
        ],
      });
      return json(200, { outcomes });
    }
    return undefined;
  }, localTokenVerifier(publicKey));
  const port = await api.listen(options.port);
  const apiUrl = `http://127.0.0.1:${port}`;

  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    AWS_ENDPOINT_URL_SNS: snsEndpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctionsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AUDIT_ANCHOR_BUCKET: auditAnchorBucket,
    ATTACHMENT_BUCKET: attachmentBucket,
    ACK_SIGNING_KEY_SECRET_ARN: signingKeySecretArn,
    TABLE_NAME: tableName,
    // dynalite has no transactions: rosters are replaced write by write, each conditional (issue 15).
    ROSTER_WRITE_MODE: 'one-by-one',
    // The shipped directory's addresses are placeholders (example.org): locally they are subscribed, so the outbox
    // shows every e-mail; in AWS they are not (issue 15 item 2).
    EMAIL_SUBSCRIBE_PLACEHOLDERS: 'true',
    INCIDENT_STATE_MACHINE_ARN: stateMachineArns.incident,
    OBLIGATION_STATE_MACHINE_ARN: stateMachineArns.obligation,
    EMAIL_TOPIC_ARN: emailTopicArn,
    OPERATORS_TOPIC_ARN: operatorsTopicArn,
    PUBLIC_API_URL: apiUrl,
    // Issue 14 item 6: messages link the console, which this runtime serves under /console/.
    CONSOLE_URL: `${apiUrl}/console/`,
    DRILL_SPEED: String(options.drillSpeed),
    SMS_DELIVERY: gatewayMode ? 'gateway' : 'sns',
    ...(gatewayMode
      ? {
          SMS_GATEWAY_TOPIC_ARN: smsGatewayTopicArn,
          SMS_PROVIDER_SECRET_ARN: smsProviderSecretArn,
          SMS_PROVIDER_ENDPOINT: smsProviderEndpoint!,
        }
      : {}),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // EMF lines are for CloudWatch; locally they would bury the log. POWERTOOLS_METRICS_DISABLED=false shows them.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  // Loaded only now: each handler module reads its environment once, when it is loaded. Every
  // function the runtime invokes comes from `functions` (its source, or its bundle as deployed),
  // named by its path under functions/, as the stack names each function's entry.
  // The gateway sender is bundled in either SMS mode (one set of bundles for both), loaded in gateway mode only.
  const eventFunctions = ['events/sms-inbound', 'events/sms-delivery-status', 'events/sms-gateway-sender'];
  const functions = await loadLocalFunctions(options.functions ?? 'sources', [
    ...WORKFLOW_TASKS.map((task) => `workflow/${task.handlerFile}`),
    ...SCHEDULED_TASKS.map((task) => `workflow/${task.handlerFile}`),
    ...eventFunctions,
    ...API_ROUTES.map((route) => `api/${route.handlerFile}`),
    'workflow/seed-directory',
  ]);
  // Issue 15: as the deploy's trigger does, units.json seeds an empty directory (once: a seeded one is left as it is).
  const seed = await functions.handler<() => Promise<{ seeded: number }>>('workflow/seed-directory');
  const { seeded } = await seed();
  if (seeded > 0) options.print(`Directory seeded from functions/config/units.json: ${seeded} units.`);
  directory = new TableDirectory(repositoriesFromEnvironment().units);
  type EventHandler = (event: unknown) => Promise<unknown>;
  for (const task of WORKFLOW_TASKS) {
    const handler = await functions.handler<(payload: unknown) => Promise<unknown>>(`workflow/${task.handlerFile}`);
    workflowHandlers[task.handlerFile] = (payload) => handler(payload);
  }
  smsInbound = await functions.handler<EventHandler>('events/sms-inbound');
  smsDeliveryStatus = await functions.handler<EventHandler>('events/sms-delivery-status');
  if (gatewayMode) {
    const sendThroughGateway = await functions.handler<EventHandler>('events/sms-gateway-sender');
    smsGatewaySender = async ({ messageId, message, attributes }) => {
      gatewayMessages.set(messageId, attributes);
      // As SNS invokes its Lambda subscriber: one record per message, attributes as SNS passes them.
      const record = {
        EventSource: 'aws:sns',
        Sns: {
          MessageId: messageId,
          TopicArn: smsGatewayTopicArn,
          Message: message,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }]),
          ),
        },
      };
      await sendThroughGateway({ Records: [record] })
        .catch((error: Error) => options.print(`SMS gateway sender failed: ${error.message}`))
        .finally(() => gatewayMessages.delete(messageId));
    };
  }
  // As the EventBridge schedules do in AWS, in drill time: merged SMS go out when each phone's window ends, unwatched
  // deadlines get their watch.
  const schedules: NodeJS.Timeout[] = [];
  for (const task of SCHEDULED_TASKS) {
    const handler = await functions.handler<(event?: unknown) => Promise<unknown>>(`workflow/${task.handlerFile}`);
    let running = false;
    const schedule = setInterval(
      () => {
        if (running) return;
        running = true;
        handler()
          .catch((error: Error) => options.print(`Scheduled ${task.handlerFile} failed: ${error.message}`))
          .finally(() => (running = false));
      },
      Math.max(250, (task.everyMinutes * 60_000) / options.drillSpeed),
    );
    schedule.unref();
    schedules.push(schedule);
  }
  const routes = [];
  for (const route of API_ROUTES) {
    const handler = await functions.handler<ApiHandler>(`api/${route.handlerFile}`);
    routes.push({
      routeKey: route.routeKey,
      functionName: route.handlerFile,
      public: route.access === 'public',
      handler: (event: Parameters<ApiHandler>[0]) => handler(event, localLambdaContext(route.handlerFile)),
    });
  }
  api.setRoutes(routes);

  const resumed = stepFunctions.resumeRunningExecutions();
  if (resumed > 0) options.print(`Resumed ${resumed} waiting execution(s); each fires at its original due time.`);

  return {
    apiUrl,
    functions: functions.description,
    stop: async () => {
      for (const schedule of schedules) clearInterval(schedule);
      await api.stop();
      await stepFunctions.stop();
      await sns.stop();
      await s3.stop();
      await secretsManager.stop();
      await smsProvider?.stop();
      await dynamoDb.stop();
    },
  };
}
