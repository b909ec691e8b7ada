import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../../functions/api/openapi';
import { isoToBeijing, makeShift } from '../../functions/domain/roster';
import { exportRosterXlsx } from '../../functions/shared/roster-files';
import type { OutboxMessage } from '../../infra/local/sns';
import { phoneFirstReport } from '../support/http-events';
import { issueLocalToken } from '../../infra/local/tokens';
import { ContractChecker } from '../support/contract';
import { eventually, startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Every answer of the API in this file is checked against its OpenAPI document: path, method, status, media type and
// body.
const contract = new ContractChecker();
const fetch = contract.fetch();

// The duty officer's token for the running runtime; a test passes another where the caller matters.
let bearer = '';
const postJson = (url: string, body: unknown, token = bearer) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
const get = (url: string, token = bearer) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
const outboxFor = async (apiUrl: string, incidentId: string): Promise<OutboxMessage[]> =>
  ((await (await fetch(`${apiUrl}/local/outbox`)).json()) as { messages: OutboxMessage[] }).messages.filter(
    (message) => message.incidentId === incidentId,
  );
const smsOf = async (apiUrl: string, incidentId: string) =>
  (await outboxFor(apiUrl, incidentId))
    .filter((message) => message.channel === 'sms')
    .map((message) => `${message.kind}:${message.obligation ?? '-'}:${message.step ?? '-'}:${message.to}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const complete = {
  cause: '储罐法兰垫片老化',
  casualties: { deaths: 0, injured: 2, missing: 0 },
  measuresTaken: '已堵漏，伤者送医',
  trend: '泄漏已控制',
  reporter: { name: '王某', phone: '+8613800000003' },
};

interface CreatedIncident {
  incidentId: string;
  obligations: { obligationId: string; dueAt: string }[];
}

describe('npm start: the local runtime end to end over HTTP', () => {
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-e2e-'));
  });
  /** `npm start` on a free port, with a duty officer's token signed by its key. */
  async function start(env: {
    DATA_DIR: string;
    DRILL_SPEED: string;
    LOCAL_FAULT_CRASH_ON_PUBLISH?: string;
    LOCAL_UNDELIVERABLE_PHONES?: string;
  }): Promise<RuntimeProcess> {
    const started = await startRuntimeProcess(env);
    bearer = await issueLocalToken(env.DATA_DIR, { role: 'duty-officer', subject: 'e2e-duty-officer' });
    return started;
  }

  afterAll(() => {
    console.log(
      `${contract.count} answers checked against the OpenAPI document:\n${[...contract.checked].map(([key, count]) => `  ${key} ×${count}`).join('\n')}`,
    );
    expect(contract.count).toBeGreaterThan(0);
  });

  afterEach(async () => {
    await runtime?.stop('SIGKILL');
    runtime = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-INTAKE, R-HORIZONTAL, R-WRITTEN-30, R-LADDER: departments told at once, a reminder, the first step; an SMS reply acknowledges it (no repeat), the ladder climbs, the written report stops it', async () => {
    // Prepare: 30 minutes → 6 s; the ladder's +10 / +15 min → +2 / +3 s
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    const { apiUrl } = runtime;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const units = (await (await get(`${apiUrl}/units`)).json()) as { units: { unitId: string; example: boolean }[] };
    expect(units.units.map((unit) => unit.unitId)).toEqual(
      expect.arrayContaining([
        'gaosheng-zone',
        'north-new-materials-park',
        'county-gov-duty-office',
        'county-party-duty-office',
        'city-gov-duty-office',
      ]),
    );
    expect(units.units.filter((unit) => unit.example).every((unit) => unit.unitId.startsWith('example-'))).toBe(true);

    // Act 1: the zone's reporter files a phone first report of a hazardous-chemicals incident
    const reporter = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const created = await postJson(`${apiUrl}/incidents`, phoneFirstReport(), reporter);
    expect(created.status).toBe(201);
    const incident = (await created.json()) as CreatedIncident;
    const firstStep = await eventually(
      async () =>
        (await outboxFor(apiUrl, incident.incidentId)).find(
          (message) => message.kind === 'escalation' && message.channel === 'sms',
        ),
      20_000,
      'the first escalation SMS',
    );
    const code = /回复([0-9A-Z]{6})确认/.exec(firstStep.body)![1];
    // Act 2: the duty contact replies with the code
    const reply = await postJson(`${apiUrl}/local/sms-inbound`, {
      originationNumber: '+8613800000003',
      messageBody: `收到 ${code.toLowerCase()}`,
    });
    const step2 = await eventually(
      async () =>
        (await outboxFor(apiUrl, incident.incidentId)).find(
          (message) => message.kind === 'escalation' && message.step === 2,
        ),
      20_000,
      'escalation step 2',
    );
    // Act 3: the written report is filed
    expect(
      (
        await postJson(
          `${apiUrl}/incidents/${incident.incidentId}/reports`,
          { kind: 'written', summary: '已堵漏', lateReason: '现场处置，未及时报送' },
          reporter,
        )
      ).status,
    ).toBe(201);
    const anotherUnit = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'example-town-a' });
    expect((await get(`${apiUrl}/incidents/${incident.incidentId}`, anotherUnit)).status).toBe(404);
    await sleep(4000);

    // Assess
    expect(Date.parse(firstStep.sentAt)).toBeGreaterThanOrEqual(Date.parse(incident.obligations[0].dueAt));
    expect(firstStep.body).toBe(
      `【应急催报】高升经济区：${incident.incidentId}书面报告已到时限未报，请立即报送。回复${code}确认`,
    );
    expect(await reply.json()).toEqual({
      outcomes: [{ outcome: 'acknowledged', code, contactId: 'gaosheng-zone.duty', first: true }],
    });
    expect(step2.to).toBe('+8613800000004');
    expect((await smsOf(apiUrl, incident.incidentId)).sort()).toEqual([
      'escalation:written-report:1:+8613800000003',
      'escalation:written-report:2:+8613800000004',
      'notification:-:-:+8613800000013',
      'notification:-:-:+8613800000021',
      'reminder:written-report:-:+8613800000003',
    ]);
    expect(runtime.output()).toContain(
      `SMS → +8613800000003 (escalation, ${incident.incidentId}, written-report, step 1)`,
    );
    const record = (await (await get(`${apiUrl}/incidents/${incident.incidentId}`)).json()) as {
      obligations: { obligationId: string; status: string; lateReason?: string }[];
      acknowledgements: { contactId: string; via: string }[];
      timeline: { type: string }[];
    };
    expect(record.obligations.find((obligation) => obligation.obligationId === 'written-report')).toMatchObject({
      status: 'late',
      lateReason: '现场处置，未及时报送',
    });
    expect(record.acknowledgements).toEqual([expect.objectContaining({ contactId: 'gaosheng-zone.duty', via: 'sms' })]);
    expect(record.timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining(['escalation-acknowledged', 'escalation-skipped', 'obligation-late']),
    );
  });

  it('R-VERIFY-20-40, R-INSTRUCTION-12H, R-ELEMENTS, R-LIFECYCLE: verification answered on time, instruction feedback late with its reason, the signed link acknowledges, the final report closes the incident', async () => {
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    const { apiUrl } = runtime;
    const incident = (await (
      await postJson(
        `${apiUrl}/incidents`,
        phoneFirstReport({ channel: 'written', category: 'traffic', unitId: 'example-town-a' }),
      )
    ).json()) as CreatedIncident;
    const base = `${apiUrl}/incidents/${incident.incidentId}`;

    // Verification: phone due in 20 min (4 s), written in 40 min (8 s); both answered at once.
    const request = (await (
      await postJson(`${base}/verification-requests`, { question: '请核实伤亡人数', writtenAnswerRequired: true })
    ).json()) as { requestId: string; obligations: { obligationId: string; dueAt: string }[] };
    expect(request.obligations.map((obligation) => obligation.obligationId)).toEqual([
      `${request.requestId}-phone`,
      `${request.requestId}-written`,
    ]);
    const phoneAnswer = await postJson(`${base}/verification-requests/${request.requestId}/answers`, {
      channel: 'phone',
      answer: '2人轻伤',
    });
    const writtenAnswer = await postJson(`${base}/verification-requests/${request.requestId}/answers`, {
      channel: 'written',
      answer: '经核实2人轻伤，无死亡',
    });
    const again = await postJson(`${base}/verification-requests/${request.requestId}/answers`, {
      channel: 'phone',
      answer: '再报',
    });

    // Instruction received 3 minutes ago: at this drill speed its 12 hours (144 s) have not passed; file feedback late
    // by making it 150 s old.
    const instruction = (await (
      await postJson(`${base}/instructions`, {
        leader: '县长',
        leaderLevel: 'county',
        text: '全力救治伤员',
        receivedAt: new Date(Date.now() - 150_000).toISOString(),
      })
    ).json()) as { instructionId: string };
    const escalated = await eventually(
      async () =>
        (await outboxFor(apiUrl, incident.incidentId)).find(
          (message) => message.kind === 'escalation' && message.channel === 'email',
        ),
      20_000,
      'the instruction-feedback escalation e-mail',
    );
    const link = /http:\/\/127\.0\.0\.1:\d+\/acknowledgements\/\S+/.exec(escalated.body)![0];
    const opened = await fetch(link);
    const forged = await fetch(link.replace(/signature=[^&]+/, 'signature=AAAAAAAAAAAAAAAAAAAAAA'));
    const feedback = await postJson(`${base}/instructions/${instruction.instructionId}/feedback`, {
      text: '伤员已送医',
      lateReason: '领导批示转达延误',
    });

    // Final report: incomplete → 422; complete → closes; then nothing more.
    const incomplete = await postJson(`${base}/reports`, { kind: 'final', summary: '终报' });
    const final = await postJson(`${base}/reports`, { kind: 'final', summary: '终报', ...complete });
    const afterFinal = await postJson(`${base}/reports`, { kind: 'follow-up', summary: '续报' });
    await sleep(1000);

    // Assess
    expect([phoneAnswer.status, writtenAnswer.status, again.status]).toEqual([201, 201, 409]);
    expect(escalated.obligation).toBe(`${instruction.instructionId}-feedback`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('已确认收到');
    expect(forged.status).toBe(403);
    expect(feedback.status).toBe(201);
    expect(
      ((await feedback.json()) as { obligation: { status: string; lateReason: string } }).obligation,
    ).toMatchObject({ status: 'late', lateReason: '领导批示转达延误' });
    expect(incomplete.status).toBe(422);
    expect(((await incomplete.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'cause',
      'casualties',
      'measuresTaken',
      'trend',
      'reporter',
    ]);
    expect(final.status).toBe(201);
    expect(afterFinal.status).toBe(409);
    const record = (await (await get(base)).json()) as {
      status: string;
      obligations: { obligationId: string; status: string }[];
      acknowledgements: { via: string }[];
    };
    expect(record.status).toBe('closed');
    expect(
      Object.fromEntries(record.obligations.map((obligation) => [obligation.obligationId, obligation.status])),
    ).toMatchObject({
      [`${request.requestId}-phone`]: 'met',
      [`${request.requestId}-written`]: 'met',
      [`${instruction.instructionId}-feedback`]: 'late',
    });
    expect(record.acknowledgements).toEqual([expect.objectContaining({ via: 'link' })]);
    const executions = (
      (await (await fetch(`${apiUrl}/local/executions`)).json()) as { executions: { name: string; status: string }[] }
    ).executions;
    expect(executions.find((execution) => execution.name === incident.incidentId)?.status).toBe('ABORTED');
  });

  it("R-ENTERPRISE, R-HORIZONTAL, R-DUAL, R-MEDIA: a hazardous enterprise's report reaches its zone, both county offices and its authority at once; a media item opens a verification the town answers", async () => {
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '600' });
    const { apiUrl } = runtime;
    // Act
    const enterprise = (await (
      await postJson(
        `${apiUrl}/incidents`,
        phoneFirstReport({ unitId: 'example-chemical-enterprise', channel: 'written', severity: 'general' }),
      )
    ).json()) as CreatedIncident;
    const media = await postJson(
      `${apiUrl}/incidents`,
      phoneFirstReport({
        unitId: 'example-town-b',
        channel: 'written',
        category: 'public-opinion',
        severity: 'general',
        source: 'media',
        mediaSource: '微博网友爆料',
      }),
    );
    const mediaItem = (await media.json()) as CreatedIncident & {
      verified: boolean;
      verificationRequests: { requestId: string }[];
    };
    const answered = await postJson(
      `${apiUrl}/incidents/${mediaItem.incidentId}/verification-requests/${mediaItem.verificationRequests[0].requestId}/answers`,
      { channel: 'phone', answer: '经核实为村民正常集会' },
    );
    await eventually(
      async () => ((await smsOf(apiUrl, enterprise.incidentId)).length >= 5 ? true : undefined),
      15_000,
      'the enterprise notifications',
    );
    await sleep(1000);
    // Assess
    expect((await smsOf(apiUrl, enterprise.incidentId)).sort()).toEqual([
      'notification:-:-:+8613800000003', // gaosheng-zone, its local government
      'notification:-:-:+8613800000005', // county government duty office
      'notification:-:-:+8613800000007', // county party committee duty office (R-DUAL)
      'notification:-:-:+8613800000013', // work safety: category and industry authority
      'notification:-:-:+8613800000021', // environment: category
    ]);
    expect(media.status).toBe(201);
    expect(mediaItem.verified).toBe(false);
    expect(mediaItem.obligations).toEqual([
      expect.objectContaining({ obligationId: `${mediaItem.verificationRequests[0].requestId}-phone` }),
    ]);
    expect(answered.status).toBe(201);
    const record = (await (await get(`${apiUrl}/incidents/${mediaItem.incidentId}`)).json()) as {
      verified: boolean;
      source: string;
      obligations: { kind: string; status: string }[];
    };
    expect(record).toMatchObject({ verified: true, source: 'media' });
    expect(
      record.obligations
        .filter((obligation) => obligation.kind === 'verification-phone')
        .map((obligation) => obligation.status),
    ).toEqual(['met']);
    expect(await smsOf(apiUrl, mediaItem.incidentId)).toEqual(['notification:-:-:+8613800000023']); // the propaganda department (R-HORIZONTAL)
  });

  it('R-SPOTCHECK: a spot check acknowledged in time passes; one left unanswered is missed', async () => {
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '600' });
    const { apiUrl } = runtime;
    const answered = (await (
      await postJson(`${apiUrl}/spot-checks`, { unitId: 'example-town-a', note: '夜间值班抽查' })
    ).json()) as { spotCheckId: string; result: string };
    const unanswered = (await (await postJson(`${apiUrl}/spot-checks`, { unitId: 'example-town-b' })).json()) as {
      spotCheckId: string;
      dueAt: string;
    };
    const acknowledged = await postJson(
      `${apiUrl}/spot-checks/${answered.spotCheckId}/acknowledgement`,
      { acknowledgedBy: '张某' },
      await issueLocalToken(dataDir, { role: 'reporter', unitId: 'example-town-a' }),
    );
    await sleep(Math.max(0, Date.parse(unanswered.dueAt) - Date.now()) + 200);
    expect(answered.result).toBe('pending');
    expect(acknowledged.status).toBe(201);
    expect(
      ((await (await get(`${apiUrl}/spot-checks/${answered.spotCheckId}`)).json()) as { result: string }).result,
    ).toBe('passed');
    expect(
      ((await (await get(`${apiUrl}/spot-checks/${unanswered.spotCheckId}`)).json()) as { result: string }).result,
    ).toBe('missed');
    expect((await postJson(`${apiUrl}/spot-checks`, { unitId: 'nowhere' })).status).toBe(422);
  });

  it('bad input over HTTP → problem+json; unknown route and incident → 404', async () => {
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    const { apiUrl } = runtime;
    const malformed = await fetch(`${apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: '{"unitId":',
    });
    const anonymous = await fetch(`${apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unitId":',
    });
    const forgedToken = await postJson(`${apiUrl}/incidents`, phoneFirstReport(), `${bearer.slice(0, -4)}AAAA`);
    const otherKey = await postJson(
      `${apiUrl}/incidents`,
      phoneFirstReport(),
      await issueLocalToken(mkdtempSync(join(tmpdir(), 'other-key-')), { role: 'duty-officer' }),
    );
    expect([anonymous.status, forgedToken.status, otherKey.status]).toEqual([401, 401, 401]);
    // A retried POST with its Idempotency-Key: the same incident, one execution.
    const retried = () =>
      fetch(`${apiUrl}/incidents`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bearer}`,
          'idempotency-key': 'e2e-retry-0001',
        },
        body: JSON.stringify(phoneFirstReport()),
      });
    const [first, again] = [
      (await (await retried()).json()) as CreatedIncident,
      (await (await retried()).json()) as CreatedIncident,
    ];
    expect(again.incidentId).toBe(first.incidentId);
    const executions = (
      (await (await fetch(`${apiUrl}/local/executions`)).json()) as { executions: { name: string }[] }
    ).executions;
    expect(executions.filter((execution) => execution.name === first.incidentId)).toHaveLength(1);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    // A wrong type says what was expected: zod's English messages, loaded by a side-effect import that every bundle
    // must keep.
    const wrongType = (await (await postJson(`${apiUrl}/incidents`, { ...phoneFirstReport(), unitId: 42 })).json()) as {
      status: number;
      errors: { field: string; message: string }[];
    };
    expect([wrongType.status, wrongType.errors]).toEqual([
      400,
      [{ field: 'unitId', message: 'Invalid input: expected string, received number' }],
    ]);
    expect((await get(`${apiUrl}/incidents/INC-20260101-NOSUCH`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/nowhere`)).status).toBe(404);
    // The contract is served by the API itself, with this runtime as its server; errors in the caller's language,
    // unknown fields named.
    const served = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as {
      servers: { url: string }[];
      paths: object;
    };
    expect([served.servers, served.paths]).toEqual([
      [{ url: apiUrl, description: 'This API' }],
      (openApiDocument() as { paths: object }).paths,
    ]);
    const chinese = await fetch(`${apiUrl}/incidents/${first.incidentId}/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearer}`,
        'accept-language': 'zh-CN,zh;q=0.9',
      },
      body: JSON.stringify({ kind: 'written', summary: '书面报告', mesuresTaken: '已堵漏' }),
    });
    expect([chinese.status, await chinese.json()]).toEqual([
      400,
      expect.objectContaining({
        title: '请求无效',
        errors: [{ field: 'mesuresTaken', message: '未知字段；是否应为 measuresTaken？' }],
      }),
    ]);
    const anonymousInChinese = await fetch(`${apiUrl}/obligations`, { headers: { 'accept-language': 'zh-CN' } });
    expect([anonymousInChinese.status, ((await anonymousInChinese.json()) as { title: string }).title]).toEqual([
      401,
      '未认证',
    ]);
    const badReply = await postJson(`${apiUrl}/local/sms-inbound`, { messageBody: 'x' });
    expect(badReply.status).toBe(400);
    expect(badReply.headers.get('content-type')).toContain('application/problem+json');
    expect(((await badReply.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'originationNumber',
    ]);
    const badSignIn = await postJson(`${apiUrl}/local/console-token`, { role: 'reporter' });
    expect(((await badSignIn.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'unitId',
    ]);
    for (const unitId of ['gaosheng-zon', 42, { unitId: 'gaosheng-zone' }])
      expect((await postJson(`${apiUrl}/local/console-token`, { role: 'reporter', unitId })).status).toBe(400);
    // A malformed percent-encoding is a 400 naming the parameter; an "ID" no ID could be (4 KB) is a 404: neither
    // reaches DynamoDB.
    const percent = await get(`${apiUrl}/incidents/%`);
    expect([percent.status, ((await percent.json()) as { errors: { field: string }[] }).errors[0].field]).toEqual([
      400,
      'incidentId',
    ]);
    expect((await get(`${apiUrl}/incidents/${'A'.repeat(4096)}`)).status).toBe(404);
    expect((await get(`${apiUrl}/incidents/INC-1/audit`.replace('INC-1', '%E4%B8'))).status).toBe(400);
    // The local endpoints refuse malformed JSON as the API does.
    for (const path of ['/local/sms-inbound', '/local/console-token']) {
      const broken = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"role":',
      });
      expect([path, broken.status, broken.headers.get('content-type')]).toEqual([
        path,
        400,
        'application/problem+json; charset=utf-8',
      ]);
    }
    // Bytes that are not UTF-8 (here a CESU-8 lone surrogate) are refused, not stored as U+FFFD.
    const notUtf8 = await fetch(`${apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: Buffer.concat(
        [Buffer.from(JSON.stringify(phoneFirstReport()).replace('某化工企业储罐泄漏', 'T@T'), 'utf8')].map((bytes) =>
          Buffer.from(bytes.toString('latin1').replace('@', '\xED\xA0\x80'), 'latin1'),
        ),
      ),
    });
    expect([notUtf8.status, ((await notUtf8.json()) as { errors: { field: string }[] }).errors[0].field]).toEqual([
      400,
      '(body)',
    ]);
    // The gateway's own answers say what they are too.
    const tooLarge = await fetch(`${apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    for (const response of [anonymous, await fetch(`${apiUrl}/nowhere`), tooLarge])
      expect([response.status, response.headers.get('x-content-type-options')]).toEqual([response.status, 'nosniff']);
    expect(tooLarge.status).toBe(413);
  });

  it('R-WRITTEN-30: killed mid-wait and started again, the first escalation still arrives at its due time, exactly once; nothing is sent twice', async () => {
    // Prepare: 30 minutes → 15 s, and a repeat every 5 s: room for a restart (2.5 s on the bundles) before the
    // deadline, and for the report after the first step
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '120' });
    const incident = (await (
      await postJson(`${runtime.apiUrl}/incidents`, phoneFirstReport())
    ).json()) as CreatedIncident;
    const dueAt = Date.parse(incident.obligations[0].dueAt);
    await sleep(1000);
    // Act: a crash, not a clean stop
    await runtime.stop('SIGKILL');
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '120' });
    const { apiUrl } = runtime;
    // The incident, its written report and its first follow-up report.
    expect(runtime.output()).toContain('Resumed 3 waiting execution(s)');
    const sms = await eventually(
      async () =>
        (await outboxFor(apiUrl, incident.incidentId)).find(
          (message) => message.kind === 'escalation' && message.channel === 'sms',
        ),
      40_000,
      'the escalation SMS',
    );
    expect(
      (await postJson(`${apiUrl}/incidents/${incident.incidentId}/reports`, { kind: 'written', summary: '已堵漏' }))
        .status,
    ).toBe(201);
    // Assess
    expect(Date.parse(sms.sentAt)).toBeGreaterThanOrEqual(dueAt);
    await sleep(1500);
    const beforeRestart = await smsOf(apiUrl, incident.incidentId);
    expect(beforeRestart.sort()).toEqual([
      'escalation:written-report:1:+8613800000003',
      'notification:-:-:+8613800000013',
      'notification:-:-:+8613800000021',
      'reminder:written-report:-:+8613800000003',
    ]);
    // A clean restart resends nothing either.
    await runtime.stop('SIGTERM');
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '120' });
    await sleep(1500);
    expect((await smsOf(runtime.apiUrl, incident.incidentId)).sort()).toEqual(beforeRestart);
  });

  it('faults: the runtime dies between claiming the first escalation SMS and sending it; after the restart it is sent once, and nothing else twice', async () => {
    // Prepare: publishes 1–4 are the two departments' notifications (SMS + e-mail), 5–6 the reminder; 7 is the step-1
    // SMS.
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '120', LOCAL_FAULT_CRASH_ON_PUBLISH: '7' });
    const incident = (await (
      await postJson(`${runtime.apiUrl}/incidents`, phoneFirstReport())
    ).json()) as CreatedIncident;
    // Act: the crash
    await runtime.exited;
    expect(runtime.output()).toContain('Fault injection: crashing on publish 7');
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '120' });
    const { apiUrl } = runtime;
    await eventually(
      async () =>
        (await outboxFor(apiUrl, incident.incidentId)).find(
          (message) => message.kind === 'escalation' && message.channel === 'email',
        ),
      40_000,
      'the step-1 e-mail after the restart',
    );
    expect(
      (await postJson(`${apiUrl}/incidents/${incident.incidentId}/reports`, { kind: 'written', summary: '已堵漏' }))
        .status,
    ).toBe(201);
    await sleep(1500);
    // Assess: what was sent before the crash was not sent again, the step-1 SMS went out once; anything else is a later
    // round
    // (the restart's catch-up can bring step 1's repeat before the report is in, merged into a digest by the rate
    // limit)
    const sent = await smsOf(apiUrl, incident.incidentId);
    expect(
      sent.filter((message) => !message.startsWith('digest:') && !/^escalation:written-report:1:/.test(message)).sort(),
    ).toEqual([
      'notification:-:-:+8613800000013',
      'notification:-:-:+8613800000021',
      'reminder:written-report:-:+8613800000003',
    ]);
    const escalations = (await outboxFor(apiUrl, incident.incidentId)).filter(
      (message) => message.kind === 'escalation' && message.channel === 'sms',
    );
    expect(escalations.filter((message) => message.step === 1 && message.repeat === 0)).toHaveLength(1);
    expect(new Set(escalations.map((message) => `${message.step}:${message.repeat}`)).size).toBe(escalations.length);
    const record = (await (await get(`${apiUrl}/incidents/${incident.incidentId}`)).json()) as {
      messages: { messageKey: string; channel: string; status: string; attempts: number }[];
    };
    expect(
      record.messages.find(
        (message) => message.messageKey === 'written-report#step-1#repeat-0' && message.channel === 'sms',
      ),
    ).toMatchObject({ status: 'sent', attempts: 2 });
    // Each message went out or, held by the rate limit when the report came in, was withdrawn unsent — none lost or
    // left half-sent.
    expect(record.messages.filter((message) => message.status !== 'sent' && message.status !== 'withdrawn')).toEqual(
      [],
    );
  });

  it('messages that arrive: an SMS the carrier could not deliver shows as failed in the incident record', async () => {
    // Prepare: the work-safety bureau's phone is unreachable; it is told of every hazardous-chemicals incident at once
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '60', LOCAL_UNDELIVERABLE_PHONES: '+8613800000013' });
    const { apiUrl } = runtime;
    // Act
    const incident = (await (
      await postJson(`${apiUrl}/incidents`, phoneFirstReport({ channel: 'written' }))
    ).json()) as CreatedIncident;
    // Assess
    const failed = await eventually(
      async () => {
        const record = (await (await get(`${apiUrl}/incidents/${incident.incidentId}`)).json()) as {
          messages: { to: string; channel: string; status: string; deliveryStatus?: string }[];
          timeline: { type: string }[];
        };
        return record.timeline.some((event) => event.type === 'sms-delivery-failed') ? record : undefined;
      },
      15_000,
      'the delivery failure in the record',
    );
    expect(
      failed.messages
        .filter((message) => message.deliveryStatus === 'failed')
        .map((message) => [message.to, message.channel, message.status]),
    ).toEqual([['+8613800000013', 'sms', 'sent']]);
  });

  it('issue 15, R-LADDER: a roster imported from an .xlsx file and a phone changed over the API — the missed deadline escalates to the duty officer on shift at the new number, then its shift leader and the principal leader, no restart', async () => {
    // Prepare: 30 minutes → 6 s; the zone's two rostered people, and a shift that covers now
    runtime = await start({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    const { apiUrl } = runtime;
    const send = (method: string, path: string, body: unknown) =>
      fetch(`${apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
      });
    const person = (name: string, phone: string) => ({ name, phone, locale: 'zh-CN' });
    expect(
      (
        await send(
          'PUT',
          '/units/gaosheng-zone/contacts/gaosheng-zone.night',
          person('夜班值班员张三', '+8613900000801'),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await send(
          'PUT',
          '/units/gaosheng-zone/contacts/gaosheng-zone.deputy',
          person('带班副主任李四', '+8613900000802'),
        )
      ).status,
    ).toBe(200);
    const startsAt = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    const shift = makeShift({
      unitId: 'gaosheng-zone',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 12 * 3_600_000).toISOString(),
      label: '夜班',
      dutyOfficerContactId: 'gaosheng-zone.night',
      shiftLeaderContactId: 'gaosheng-zone.deputy',
    });
    const contacts = [
      { contactId: 'gaosheng-zone.night', name: '夜班值班员张三', phone: '+8613900000801' },
      { contactId: 'gaosheng-zone.deputy', name: '带班副主任李四', phone: '+8613900000802' },
    ];
    const month = isoToBeijing(startsAt).date.slice(0, 7);
    const imported = await fetch(`${apiUrl}/units/gaosheng-zone/roster/months/${month}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        authorization: `Bearer ${bearer}`,
      },
      body: Buffer.from(await exportRosterXlsx([shift], contacts)),
    });
    expect(imported.status).toBe(200);
    // Act: the night officer's number changes, then the zone's phone report goes unanswered
    expect(
      (
        await send(
          'PUT',
          '/units/gaosheng-zone/contacts/gaosheng-zone.night',
          person('夜班值班员张三', '+8613900000811'),
        )
      ).status,
    ).toBe(200);
    const reporter = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const incident = (await (
      await postJson(`${apiUrl}/incidents`, phoneFirstReport(), reporter)
    ).json()) as CreatedIncident;
    const step2 = await eventually(
      async () => {
        const sms = await smsOf(apiUrl, incident.incidentId);
        return sms.filter((line) => line.startsWith('escalation:written-report:2:')).length >= 2 ? sms : undefined;
      },
      30_000,
      'escalation step 2 to the shift leader and the principal leader',
    );
    // Assess
    expect(step2).toEqual(
      expect.arrayContaining([
        'reminder:written-report:-:+8613900000811',
        'escalation:written-report:1:+8613900000811',
        'escalation:written-report:2:+8613900000802',
        'escalation:written-report:2:+8613800000004',
      ]),
    );
    expect(step2).not.toContain('escalation:written-report:1:+8613800000003');
    const onDuty = (await (await get(`${apiUrl}/units/gaosheng-zone/on-duty`)).json()) as {
      dutyOfficer: { contact: { phone: string }; source: { kind: string } };
    };
    expect(onDuty.dutyOfficer).toMatchObject({ contact: { phone: '+8613900000811' }, source: { kind: 'shift' } });
  });
});
