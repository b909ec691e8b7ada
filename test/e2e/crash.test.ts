import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../../infra/local/sns';
import { issueLocalToken } from '../../infra/local/tokens';
import { phoneFirstReport } from '../support/http-events';
import { eventually, startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// 30 minutes pass in 15 s: every written report falls due, and its first step goes out, while the test watches.
const DRILL_SPEED = '120';
const KILLS = 5;
const CLIENTS = 6;
// The sample the assertions need. Intake stays open after the last kill until it is reached, so a slow or loaded
// machine takes longer rather than failing: this test is about what survives, not about how fast.
const MIN_ACKNOWLEDGED = 20;
const UNITS = [
  'gaosheng-zone',
  'north-new-materials-park',
  'example-town-a',
  'example-town-b',
  'example-food-enterprise',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface IncidentRecord {
  incidentId: string;
  title: string;
  obligations: { obligationId: string; status: string }[];
  messages: {
    messageKey: string;
    channel: string;
    contactId: string;
    status: string;
    to: string;
    resentAfterUnknownOutcome?: string;
  }[];
}

/**
 * Faults lose nothing (README): `npm start` killed with SIGKILL again and again while clients file
 * first reports with Idempotency-Keys and retry each one until it is acknowledged, as a phone app
 * on a bad line would. Then every acknowledged incident exists once, every unfiled deadline
 * escalated, nothing was sent twice beyond the documented window, and every audit chain is valid.
 */
describe('faults lose nothing: npm start killed repeatedly under intake load', () => {
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-crash-'));
  });
  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`R-INTAKE, R-LADDER, R-AUDIT: ${KILLS} kills under load — each acknowledged incident once, every deadline escalated, no message twice beyond one resend per crash, every chain valid`, async () => {
    // Prepare
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    const tokens = Object.fromEntries(
      await Promise.all(
        UNITS.map(async (unitId) => [unitId, await issueLocalToken(dataDir, { role: 'reporter', unitId })]),
      ),
    );
    const dutyOfficer = await issueLocalToken(dataDir, { role: 'duty-officer', subject: 'crash-test' });
    const acknowledged = new Map<string, string>(); // Idempotency-Key → incident ID
    const attempts = { total: 0, failed: 0, inProgress: 0 };
    let intakeOpen = true;
    let sequence = 0;

    /** One client: a new report each time, retried with its key and body until it is acknowledged. */
    const client = async (clientIndex: number) => {
      while (intakeOpen) {
        sequence += 1;
        const key = `crash-${clientIndex}-${sequence}-${Date.now()}`;
        const unitId = UNITS[sequence % UNITS.length];
        const body = JSON.stringify(
          phoneFirstReport({
            unitId,
            title: `压力测试 ${key}`,
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
            category: 'traffic',
          }),
        );
        for (const giveUpAt = Date.now() + 60_000; Date.now() < giveUpAt;) {
          attempts.total += 1;
          try {
            const response = await fetch(`${runtime!.apiUrl}/incidents`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens[unitId]}`,
                'idempotency-key': key,
              },
              body,
              signal: AbortSignal.timeout(10_000),
            });
            if (response.status === 201) {
              acknowledged.set(key, ((await response.json()) as { incidentId: string }).incidentId);
              break;
            }
            if (response.status === 409) attempts.inProgress += 1;
            else attempts.failed += 1;
          } catch {
            attempts.failed += 1;
          }
          await sleep(300);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));

    // Act: kill the runtime at random moments, restarting it on the same data each time
    const kills: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(1_500 + Math.random() * 1_500);
      kills.push(Date.now());
      await runtime.stop('SIGKILL');
      runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    }
    await sleep(2_000);
    for (const giveUpAt = Date.now() + 90_000; acknowledged.size < MIN_ACKNOWLEDGED && Date.now() < giveUpAt;)
      await sleep(250);
    intakeOpen = false;
    await Promise.all(clients);

    // Assess 1: every report a client was told about exists, once; no report stored that no client was told about
    const get = async <T>(path: string) =>
      (await (
        await fetch(`${runtime!.apiUrl}${path}`, { headers: { authorization: `Bearer ${dutyOfficer}` } })
      ).json()) as T;
    const open = (await get<{ incidents: { incidentId: string; title: string }[] }>('/incidents')).incidents.filter(
      (incident) => incident.title.startsWith('压力测试 '),
    );
    const byKey = new Map<string, string[]>();
    for (const incident of open)
      byKey.set(incident.title.slice('压力测试 '.length), [
        ...(byKey.get(incident.title.slice('压力测试 '.length)) ?? []),
        incident.incidentId,
      ]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED);
    expect([...byKey.entries()].filter(([, ids]) => ids.length > 1)).toEqual([]);
    for (const [key, incidentId] of acknowledged) expect([key, byKey.get(key)]).toEqual([key, [incidentId]]);
    // A report stored whose acknowledgement never came is one a client gave up on: none here (every client retried
    // until it was acknowledged).
    expect([...byKey.keys()].filter((key) => !acknowledged.has(key))).toEqual([]);

    // Assess 2: every written report is overdue and its first step went to the unit's duty contact (sent, or merged
    // into a digest that went)
    let unescalated: IncidentRecord[] = [];
    const records = await eventually(
      async () => {
        const all = await Promise.all(
          [...acknowledged.values()].map((incidentId) => get<IncidentRecord>(`/incidents/${incidentId}`)),
        );
        unescalated = all.filter(
          (record) =>
            !record.messages.some(
              (message) =>
                message.messageKey === 'written-report#step-1#repeat-0' &&
                message.channel === 'sms' &&
                message.status === 'sent',
            ),
        );
        return unescalated.length === 0 ? all : undefined;
      },
      60_000,
      "every written report's first escalation step, sent",
    ).catch(async (error: unknown) => {
      // Say what the stragglers' step-1 SMS records and their executions hold, so a failure names its mechanism.
      const stragglers = await Promise.all(
        unescalated.slice(0, 5).map(async (record) => ({
          incidentId: record.incidentId,
          obligations: record.obligations,
          sms: record.messages.filter((message) => message.channel === 'sms'),
          executions: (
            (await (await fetch(`${runtime!.apiUrl}/local/executions?incident=${record.incidentId}`)).json()) as {
              executions: { name: string; status: string; history?: { type: string }[] }[];
            }
          ).executions.map((execution) => ({
            name: execution.name,
            status: execution.status,
            lastEvents: (execution.history ?? []).slice(-4).map((event) => event.type),
          })),
        })),
      );
      throw new Error(
        [
          String(error),
          JSON.stringify(stragglers, null, 1),
          // Every failure the runtimes printed (an execution that failed is a watch lost), then the log's end.
          ...runtime!
            .output()
            .split('\n')
            .filter((line) => /fail/i.test(line))
            .slice(-20),
          runtime!.output().slice(-4000),
        ].join('\n'),
      );
    });
    for (const record of records)
      expect(record.obligations.find((obligation) => obligation.obligationId === 'written-report')?.status).toBe(
        'overdue',
      );

    // Assess 3: nothing twice, except a message sent once more after a crash cut its first sending short (its record
    // says so), and never three times
    const { messages } = await get<{ messages: OutboxMessage[] }>('/local/outbox');
    const copies = new Map<string, OutboxMessage[]>();
    for (const message of messages.filter((candidate) => candidate.kind !== 'digest' && candidate.kind !== 'alarm')) {
      const key = [
        message.kind,
        message.incidentId,
        message.obligation,
        message.step,
        message.repeat,
        message.channel,
        message.to,
      ].join('|');
      copies.set(key, [...(copies.get(key) ?? []), message]);
    }
    const duplicated = [...copies.values()].filter((group) => group.length > 1);
    expect(duplicated.filter((group) => group.length > 2)).toEqual([]);
    const recordOf = new Map(records.map((record) => [record.incidentId, record]));
    for (const group of duplicated) {
      const [first] = group;
      const record = recordOf.get(first.incidentId!) ?? (await get<IncidentRecord>(`/incidents/${first.incidentId}`));
      const messageKey =
        first.kind === 'notification'
          ? 'immediate'
          : `${first.obligation}#${first.kind === 'reminder' ? 'reminder' : `step-${first.step}#repeat-${first.repeat}`}`;
      const stored = record.messages.find(
        (message) => message.messageKey === messageKey && message.channel === first.channel && message.to === first.to,
      );
      expect([messageKey, first.to, stored?.resentAfterUnknownOutcome]).toEqual([
        messageKey,
        first.to,
        expect.any(String),
      ]);
    }
    const digests = new Map<string, number>();
    for (const message of messages.filter((candidate) => candidate.kind === 'digest'))
      digests.set(`${message.to}|${message.body}`, (digests.get(`${message.to}|${message.body}`) ?? 0) + 1);
    expect([...digests.values()].filter((count) => count > 2)).toEqual([]);

    // Assess 4: every chain valid — against itself, its head and its anchors — once the anchoring run (every drill
    // minute: 0.5 s) has run. The ladders are still climbing meanwhile: an event appended a moment before its head
    // moves reads as "past the chain's head" until the append finishes, so a chain gets a few seconds to show it valid.
    await sleep(1_500);
    const invalid = [];
    for (const incidentId of acknowledged.values()) {
      let problems: unknown[];
      for (const giveUpAt = Date.now() + 5_000; ; await sleep(250)) {
        const { verification } = await get<{ verification: { valid: boolean; problems: unknown[] } }>(
          `/incidents/${incidentId}/audit`,
        );
        problems = verification.valid ? [] : verification.problems;
        if (problems.length === 0 || Date.now() > giveUpAt) break;
      }
      if (problems.length > 0) invalid.push({ incidentId, problems });
    }
    expect(invalid).toEqual([]);

    // The figures the README quotes.
    process.stdout.write(
      `crash test: ${KILLS} kills, ${acknowledged.size} incidents acknowledged (${attempts.total} attempts, ${attempts.failed} failed, ${attempts.inProgress} answered "in progress"), ${messages.length} messages, ${duplicated.length} sent once more after a crash, 0 incidents twice\n`,
    );
  }, 330_000);

  it('R-LADDER: a first report whose watch could not be started (StartExecution throttled) still escalates: the sweep watches it after its deadline — once', async () => {
    // Prepare: every attempt of the first StartExecution (the SDK retries five times) is throttled
    await runtime?.stop('SIGKILL');
    const sweepDir = mkdtempSync(join(tmpdir(), 'incident-sweep-'));
    try {
      runtime = await startRuntimeProcess({ DATA_DIR: sweepDir, DRILL_SPEED, LOCAL_FAULT_FAIL_STARTS: '5' });
      const reporter = await issueLocalToken(sweepDir, { role: 'reporter', unitId: 'example-town-a' });
      const dutyOfficer = await issueLocalToken(sweepDir, { role: 'duty-officer' });
      // Act
      const response = await fetch(`${runtime.apiUrl}/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter}` },
        body: JSON.stringify(
          phoneFirstReport({
            unitId: 'example-town-a',
            title: '无人看守的时限',
            category: 'fire',
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
          }),
        ),
      });
      expect(response.status).toBe(500);
      const { incidents } = (await (
        await fetch(`${runtime.apiUrl}/incidents`, { headers: { authorization: `Bearer ${dutyOfficer}` } })
      ).json()) as { incidents: { incidentId: string; title: string }[] };
      const incidentId = incidents.find((incident) => incident.title === '无人看守的时限')!.incidentId;
      const sms = async () =>
        (
          (await (await fetch(`${runtime!.apiUrl}/local/outbox`)).json()) as { messages: OutboxMessage[] }
        ).messages.filter(
          (message) =>
            message.channel === 'sms' && message.to === '+8613800000025' && message.body.includes(incidentId),
        );
      const stepOne = await eventually(
        async () => {
          const sent = (await sms()).filter((message) => message.kind === 'escalation' && message.step === 1);
          return sent.length > 0 ? sent : undefined;
        },
        40_000,
        'the first escalation step of the unwatched deadline',
      );
      await sleep(2_000);
      // Assess: the first step went to the town's duty phone once; no reminder came after the deadline
      expect(stepOne).toHaveLength(1);
      expect((await sms()).filter((message) => message.kind === 'reminder')).toEqual([]);
      const record = (await (
        await fetch(`${runtime.apiUrl}/incidents/${incidentId}`, {
          headers: { authorization: `Bearer ${dutyOfficer}` },
        })
      ).json()) as { timeline: { type: string; actor: string }[] };
      // Both watches were started by the sweep: the deadline's, and the incident's own — so the public security bureau
      // was told of the fire too (R-HORIZONTAL).
      expect(record.timeline.filter((event) => event.type === 'watch-started')).toEqual([
        expect.objectContaining({ actor: 'system:deadline-sweep' }),
        expect.objectContaining({ actor: 'system:deadline-sweep' }),
      ]);
      expect(record.timeline.some((event) => event.type === 'notification-sent')).toBe(true);
    } finally {
      await runtime?.stop('SIGKILL');
      runtime = undefined;
      rmSync(sweepDir, { recursive: true, force: true });
    }
  }, 120_000);
});
