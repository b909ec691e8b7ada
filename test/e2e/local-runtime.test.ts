import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../../infra/local/sns';
import { phoneFirstReport } from '../support/http-events';
import { eventually, startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const outboxFor = async (apiUrl: string, incidentId: string): Promise<OutboxMessage[]> =>
  ((await (await fetch(`${apiUrl}/local/outbox`)).json()) as { messages: OutboxMessage[] }).messages.filter((message) => message.incidentId === incidentId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('npm start: the local runtime end to end over HTTP', () => {
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-e2e-'));
  });
  afterEach(async () => {
    await runtime?.stop('SIGKILL');
    runtime = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-INTAKE, R-WRITTEN-30, R-LADDER: serves health, units and categories; an unfiled written report escalates once, in the outbox', async () => {
    // Prepare: 30 minutes → 2 s
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '900' });
    const { apiUrl } = runtime;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const units = (await (await fetch(`${apiUrl}/units`)).json()) as { units: { unitId: string; example: boolean }[] };
    expect(units.units.map((unit) => unit.unitId)).toEqual(expect.arrayContaining(['gaosheng-zone', 'north-new-materials-park', 'county-gov-duty-office', 'county-party-duty-office', 'city-gov-duty-office']));
    expect(units.units.filter((unit) => unit.example).every((unit) => unit.unitId.startsWith('example-'))).toBe(true);
    const categories = (await (await fetch(`${apiUrl}/categories`)).json()) as { classes: { id: string }[] };
    expect(categories.classes.map((incidentClass) => incidentClass.id)).toEqual(['natural-disaster', 'accident', 'public-health', 'social-security']);

    // Act
    const created = await postJson(`${apiUrl}/incidents`, phoneFirstReport());
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { incidentId: string; obligations: { dueAt: string }[] };
    const sms = await eventually(async () => (await outboxFor(apiUrl, incident.incidentId)).find((message) => message.channel === 'sms'), 15_000, 'the escalation SMS');
    await sleep(1000);

    // Assess
    expect(Date.parse(sms.sentAt)).toBeGreaterThanOrEqual(Date.parse(incident.obligations[0].dueAt));
    expect(sms).toMatchObject({ kind: 'escalation', to: '+8613800000003', obligation: 'written-report', step: 1 });
    expect(sms.body).toContain('某化工企业储罐泄漏');
    const messages = await outboxFor(apiUrl, incident.incidentId);
    expect(messages.map((message) => message.channel).sort()).toEqual(['email', 'sms']);
    expect(runtime.output()).toContain(`SMS → +8613800000003 (escalation, ${incident.incidentId}, written-report, step 1)`);
    const record = (await (await fetch(`${apiUrl}/incidents/${incident.incidentId}`)).json()) as Record<string, unknown[]> & { obligations: { status: string }[] };
    expect(record.obligations[0].status).toBe('overdue');
    expect(record.escalations).toHaveLength(2);
    expect((record.timeline as { type: string }[]).map((event) => event.type)).toEqual([
      'incident-reported', 'obligation-opened', 'execution-started', 'obligation-overdue', 'escalation-sent', 'escalation-sent',
    ]);
  });

  it('R-WRITTEN-30: a written report filed on time → met, and no message', async () => {
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '900' });
    const { apiUrl } = runtime;
    const incident = (await (await postJson(`${apiUrl}/incidents`, phoneFirstReport())).json()) as { incidentId: string; obligations: { dueAt: string }[] };
    const filed = await postJson(`${apiUrl}/incidents/${incident.incidentId}/reports`, { kind: 'written', summary: '已堵漏，2人轻伤送医' });
    expect(filed.status).toBe(201);
    await sleep(Math.max(0, Date.parse(incident.obligations[0].dueAt) - Date.now()) + 1500);
    expect(await outboxFor(apiUrl, incident.incidentId)).toEqual([]);
    const record = (await (await fetch(`${apiUrl}/incidents/${incident.incidentId}`)).json()) as { obligations: { status: string }[] };
    expect(record.obligations[0].status).toBe('met');
  });

  it('bad input over HTTP → problem+json; unknown route and incident → 404', async () => {
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    const { apiUrl } = runtime;
    const malformed = await fetch(`${apiUrl}/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unitId":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${apiUrl}/incidents/INC-20260101-NOSUCH`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/nowhere`)).status).toBe(404);
  });

  it('R-WRITTEN-30: killed mid-wait and started again, the escalation still arrives at its due time, exactly once', async () => {
    // Prepare: 30 minutes → 6 s
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    const incident = (await (await postJson(`${runtime.apiUrl}/incidents`, phoneFirstReport())).json()) as { incidentId: string; obligations: { dueAt: string }[] };
    const dueAt = Date.parse(incident.obligations[0].dueAt);
    await sleep(1000);
    // Act: a crash, not a clean stop
    await runtime.stop('SIGKILL');
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    const { apiUrl } = runtime;
    expect(runtime.output()).toContain('Resumed 1 waiting execution(s)');
    expect(await outboxFor(apiUrl, incident.incidentId)).toEqual([]);
    const sms = await eventually(async () => (await outboxFor(apiUrl, incident.incidentId)).find((message) => message.channel === 'sms'), 20_000, 'the escalation SMS');
    // Assess
    expect(Date.parse(sms.sentAt)).toBeGreaterThanOrEqual(dueAt);
    await sleep(1500);
    // A clean restart after the escalation resends nothing either.
    await runtime.stop('SIGTERM');
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '300' });
    await sleep(1500);
    expect((await outboxFor(runtime.apiUrl, incident.incidentId)).map((message) => message.channel).sort()).toEqual(['email', 'sms']);
  });
});
