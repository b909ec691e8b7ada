import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findContactByPhone } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { formatLocalTime } from '../../functions/domain/messages';
import { startLocalRuntime } from './runtime';
import { issueLocalToken } from './tokens';
import type { OutboxMessage } from './sns';

/**
 * `npm run demo`: the whole regime of the notice on the local runtime at a drill speed
 * (DRILL_SPEED, default 600: 30 minutes pass in 3 seconds). Files a set of incidents that
 * exercise every rule over the HTTP API, as a reporting unit and the duty office would, then
 * prints which messages went to whom and when, and how every obligation ended.
 */

/** The fields of the API's answers the demo reads. */
interface DemoAnswer {
  incidentId: string;
  requestId: string;
  spotCheckId: string;
  instructionId: string;
  errors?: { field: string; message: string }[];
  verificationRequests: { requestId: string }[];
}

const drillSpeed = Number(process.env.DRILL_SPEED ?? 600);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const drillMinutes = (minutes: number) => (minutes * 60_000) / drillSpeed;

interface Scenario {
  requirement: string;
  what: string;
  incidentId?: string;
}

async function main(): Promise<void> {
  if (!Number.isFinite(drillSpeed) || drillSpeed < 60)
    throw new Error(`DRILL_SPEED must be ≥ 60 for the demo (got ${process.env.DRILL_SPEED})`);
  const dataDir = mkdtempSync(join(tmpdir(), 'incident-demo-'));
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    drillSpeed,
    print: (line) => process.stdout.write(`${line}\n`),
    echoOutbox: false,
  });
  const api = runtime.apiUrl;
  // The county duty office files and asks; units answer with their own tokens where it matters.
  const dutyOfficer = await issueLocalToken(dataDir, { role: 'duty-officer', subject: 'demo-duty-officer' });
  const post = async (
    path: string,
    body: unknown,
    token = dutyOfficer,
  ): Promise<{ status: number; body: DemoAnswer }> => {
    const response = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as DemoAnswer };
  };
  const get = async (path: string) =>
    (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${dutyOfficer}` } })).json();
  const scenarios: Scenario[] = [];
  const complete = {
    cause: '设备故障',
    casualties: { deaths: 0, injured: 0, missing: 0 },
    measuresTaken: '已处置',
    trend: '已控制',
    reporter: { name: '值班员', phone: '+8613800000099' },
  };
  const firstReport = (overrides: Record<string, unknown>) => ({
    title: '储罐泄漏',
    category: 'hazardous-chemicals',
    severity: 'relatively-major',
    occurredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    location: '高升经济区',
    channel: 'phone',
    reporter: { name: '王某', phone: '+8613800000003' },
    ...overrides,
  });
  process.stdout.write(
    `\nDemo at drill speed ${drillSpeed}: 30 minutes of the notice pass in ${(drillMinutes(30) / 1000).toFixed(1)} s.\n\n`,
  );

  // 1. A phone report never followed by the written report: reminder, then the whole ladder; the duty contact
  // acknowledges step 1.
  const unfiled = await post('/incidents', firstReport({ unitId: 'gaosheng-zone', title: '化工储罐泄漏' }));
  scenarios.push({
    requirement: 'R-WRITTEN-30, R-LADDER, R-DUAL, R-HORIZONTAL',
    what: 'phone report, written report never filed: reminder, then every ladder step; step 1 acknowledged by SMS reply',
    incidentId: unfiled.body.incidentId,
  });

  // 2. Especially major, with casualties: the city and both county offices at once; written report on time; a
  // follow-up; the final report closes it.
  const major = await post(
    '/incidents',
    firstReport({
      unitId: 'example-town-a',
      title: '地震造成房屋倒塌',
      category: 'earthquake',
      severity: 'especially-major',
      casualties: { deaths: 3, injured: 12, missing: 1 },
    }),
  );
  scenarios.push({
    requirement: 'R-DIRECT-CITY, R-DUAL, R-FOLLOWUP, R-ELEMENTS, R-LIFECYCLE',
    what: 'especially major: city told at once; written report on time; a follow-up; an incomplete final report refused, then the complete one closes the incident',
    incidentId: major.body.incidentId,
  });

  // 3. A hazardous-chemical enterprise: its zone, the county (and party committee) and its industry authority told at
  // once; written report late, with a reason.
  const enterprise = await post(
    '/incidents',
    firstReport({ unitId: 'example-chemical-enterprise', title: '装卸区可燃气体泄漏', severity: 'general' }),
  );
  scenarios.push({
    requirement: 'R-ENTERPRISE, R-HORIZONTAL, R-DUAL',
    what: 'hazardous-chemical enterprise: local government, county duty offices and industry authority told at once; written report filed late with its reason',
    incidentId: enterprise.body.incidentId,
  });

  // 4. An item found online: a verification obligation on the responsible town at once; answered by phone in time.
  const media = await post(
    '/incidents',
    firstReport({
      unitId: 'example-town-b',
      title: '网传某村发生群体性聚集',
      category: 'public-opinion',
      severity: 'general',
      channel: 'written',
      source: 'media',
      mediaSource: '微博网友爆料',
    }),
  );
  scenarios.push({
    requirement: 'R-MEDIA, R-VERIFY-20-40',
    what: 'media item: immediate verification obligation, answered by phone in time',
    incidentId: media.body.incidentId,
  });

  // 5. The duty office asks incident 1 to verify, in writing too; only the phone answer comes.
  const verification = await post(`/incidents/${unfiled.body.incidentId}/verification-requests`, {
    question: '请核实泄漏量和伤亡',
    writtenAnswerRequired: true,
  });
  scenarios.push({
    requirement: 'R-VERIFY-20-40',
    what: 'verification request: phone answer on time, written answer never comes (its own ladder)',
    incidentId: unfiled.body.incidentId,
  });

  // 6. A leader's instruction on incident 2, received 11 h 40 min ago (drill time): feedback comes late.
  const instruction = await post(`/incidents/${major.body.incidentId}/instructions`, {
    leader: '市长',
    leaderLevel: 'city',
    text: '全力搜救，妥善安置群众',
    receivedAt: new Date(Date.now() - drillMinutes(700)).toISOString(),
  });
  scenarios.push({
    requirement: 'R-INSTRUCTION-12H',
    what: "leader's instruction received 11 h 40 min earlier: feedback due 20 min later, filed late with its reason",
    incidentId: major.body.incidentId,
  });

  // 7. Spot checks: one town answers, the other does not.
  const checked = await post('/spot-checks', { unitId: 'example-town-a', note: '夜间值班抽查' });
  const unanswered = await post('/spot-checks', { unitId: 'example-town-b', note: '夜间值班抽查' });
  scenarios.push({
    requirement: 'R-SPOTCHECK',
    what: 'duty spot checks: example-town-a answers in time, example-town-b does not',
  });

  // The units act, on a drill clock.
  await post(`/incidents/${major.body.incidentId}/reports`, {
    kind: 'written',
    summary: '房屋倒塌，3人死亡',
    ...complete,
  });
  await post(
    `/incidents/${media.body.incidentId}/verification-requests/${media.body.verificationRequests[0].requestId}/answers`,
    { channel: 'phone', answer: '经核实为村民正常集会，已疏导' },
  );
  await post(`/incidents/${unfiled.body.incidentId}/verification-requests/${verification.body.requestId}/answers`, {
    channel: 'phone',
    answer: '泄漏约2吨，无伤亡',
  });
  await post(
    `/spot-checks/${checked.body.spotCheckId}/acknowledgement`,
    { acknowledgedBy: '张某' },
    await issueLocalToken(dataDir, { role: 'reporter', unitId: 'example-town-a' }),
  );
  await sleep(drillMinutes(31));
  const code = await acknowledgementCodeOf(api, unfiled.body.incidentId);
  if (code) await post('/local/sms-inbound', { originationNumber: '+8613800000003', messageBody: `收到${code}` });
  await sleep(drillMinutes(10));
  await post(`/incidents/${enterprise.body.incidentId}/reports`, {
    kind: 'written',
    summary: '已切断气源',
    lateReason: '现场处置优先，未及时书面报告',
    ...complete,
  });
  await post(`/incidents/${major.body.incidentId}/instructions/${instruction.body.instructionId}/feedback`, {
    text: '已搜救出被困人员，安置群众120人',
    lateReason: '批示转达延误',
  });
  await sleep(drillMinutes(30));
  await post(`/incidents/${major.body.incidentId}/reports`, { kind: 'follow-up', summary: '搜救继续', ...complete });
  const refused = await post(`/incidents/${major.body.incidentId}/reports`, { kind: 'final', summary: '终报' });
  await post(`/incidents/${major.body.incidentId}/reports`, { kind: 'final', summary: '终报：救援结束', ...complete });
  await sleep(drillMinutes(20));

  // What happened.
  const outbox = ((await (await fetch(`${api}/local/outbox`)).json()) as { messages: OutboxMessage[] }).messages;
  process.stdout.write('\nScenarios\n');
  scenarios.forEach((scenario, index) =>
    process.stdout.write(
      `  ${index + 1}. [${scenario.requirement}] ${scenario.what}${scenario.incidentId ? ` — ${scenario.incidentId}` : ''}\n`,
    ),
  );
  process.stdout.write(
    `\nAn incomplete final report was refused with ${refused.status}: missing ${(refused.body.errors as { field: string }[]).map((error) => error.field).join(', ')}\n`,
  );
  process.stdout.write(
    `\nSMS sent (${outbox.filter((message) => message.channel === 'sms').length}; each also by e-mail where the contact has an address), Beijing time:\n`,
  );
  for (const message of outbox.filter((candidate) => candidate.channel === 'sms')) {
    const recipient = findContactByPhone(defaultDirectory, message.to);
    const time = formatLocalTime(new Date(message.sentAt)).slice(11) + message.sentAt.slice(16, 19);
    const what = [message.kind, message.obligation, message.step && `step ${message.step}`].filter(Boolean).join(' ');
    const who = recipient
      ? `${recipient.unit.shortName['zh-CN']}${recipient.contact.role === 'duty-contact' ? '值班员' : '主要负责人'}`
      : message.to;
    process.stdout.write(
      `  ${time}  ${who}${' '.repeat(Math.max(1, 24 - who.length * 2))} ${what.padEnd(40)} ${message.body}\n`,
    );
  }
  process.stdout.write('\nObligations at the end\n');
  for (const incidentId of [...new Set(scenarios.map((scenario) => scenario.incidentId).filter(Boolean))]) {
    const record = (await get(`/incidents/${incidentId}`)) as {
      status: string;
      obligations: { obligationId: string; status: string; lateReason?: string }[];
    };
    process.stdout.write(
      `  ${incidentId} (${record.status}): ${record.obligations.map((obligation) => `${obligation.obligationId}=${obligation.status}${obligation.lateReason ? ` (迟报原因: ${obligation.lateReason})` : ''}`).join(', ')}\n`,
    );
  }
  for (const spotCheck of [checked, unanswered]) {
    const now = (await get(`/spot-checks/${spotCheck.body.spotCheckId}`)) as { unitId: string; result: string };
    process.stdout.write(`  spot check ${spotCheck.body.spotCheckId} on ${now.unitId}: ${now.result}\n`);
  }
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

async function acknowledgementCodeOf(api: string, incidentId: string): Promise<string | undefined> {
  const outbox = ((await (await fetch(`${api}/local/outbox`)).json()) as { messages: OutboxMessage[] }).messages;
  const firstStep = outbox.find(
    (message) =>
      message.incidentId === incidentId &&
      message.obligation === 'written-report' &&
      message.step === 1 &&
      message.channel === 'sms',
  );
  return firstStep ? /回复([0-9A-Z]{6})确认/.exec(firstStep.body)?.[1] : undefined;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
