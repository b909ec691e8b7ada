import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxMessage } from '../../infra/local/sns';
import { issueLocalToken } from '../../infra/local/tokens';
import { phoneFirstReport } from '../support/http-events';
import { eventually, startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

const outbox = async (apiUrl: string, incidentId: string): Promise<OutboxMessage[]> =>
  ((await (await fetch(`${apiUrl}/local/outbox`)).json()) as { messages: OutboxMessage[] }).messages.filter(
    (message) => message.incidentId === incidentId || message.subject?.includes(incidentId),
  );

/**
 * `SMS_DELIVERY=gateway npm start` (issue 7): SMS through the Alibaba Cloud SMS adapter to the stand-in provider on
 * 127.0.0.1.
 */
describe('R-LADDER: SMS_DELIVERY=gateway npm start', () => {
  let runtime: RuntimeProcess | undefined;
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-gateway-'));
  });
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function overdueIncident(env: {
    LOCAL_SMS_PROVIDER_FAULT?: string;
  }): Promise<{ apiUrl: string; incidentId: string }> {
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '600', SMS_DELIVERY: 'gateway', ...env });
    const token = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const response = await fetch(`${runtime.apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(
        phoneFirstReport({
          category: 'traffic',
          severity: 'general',
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
        }),
      ),
    });
    expect(response.status).toBe(201);
    return { apiUrl: runtime.apiUrl, incidentId: ((await response.json()) as { incidentId: string }).incidentId };
  }

  it('R-LADDER: the step-1 SMS reaches the phone as the approved template under the signature, signed requests accepted by the provider', async () => {
    // Act: the written report falls due (30 min / 600 = 3 s) and escalates.
    const { apiUrl, incidentId } = await overdueIncident({});
    const sms = await eventually(
      async () =>
        (await outbox(apiUrl, incidentId)).find(
          (message) => message.channel === 'sms' && message.kind === 'escalation' && message.step === 1,
        ),
      20_000,
      'the step-1 SMS',
    );
    // Assess
    expect(sms.to).toBe('+8613800000003');
    expect(sms.body).toMatch(
      new RegExp(
        `^【盘县应急管理局】催报：高升经济区${incidentId}书面报告(已到期未报|逾期\\d+分钟)，请即报送。回复[0-9A-Z]{6}确认$`,
      ),
    );
  });

  it('a provider outage: the SMS falls back to e-mail, nothing is lost, nothing sent twice, and the record says so', async () => {
    const { apiUrl, incidentId } = await overdueIncident({ LOCAL_SMS_PROVIDER_FAULT: 'outage' });
    // The reminder and the step-1 escalation both fail at the provider: each comes by e-mail instead, once.
    const isFallback = (message: OutboxMessage) => message.subject?.startsWith('【短信未送达，改发邮件】') === true;
    const fallback = await eventually(
      async () =>
        (await outbox(apiUrl, incidentId)).find(
          (message) => isFallback(message) && message.body.includes('催报：高升经济区'),
        ),
      20_000,
      "the escalation's e-mail fallback",
    );
    expect(fallback.to).toBe('gaosheng-zone.duty@example.org');
    const messages = await outbox(apiUrl, incidentId);
    expect(messages.filter((message) => message.channel === 'sms')).toEqual([]);
    expect(messages.some((message) => isFallback(message) && message.body.includes('提醒：高升经济区'))).toBe(true);
    const bodies = messages.filter(isFallback).map((message) => `${message.to}|${message.body}`);
    expect(new Set(bodies).size).toBe(bodies.length);
    const dutyOfficer = await issueLocalToken(dataDir, { role: 'duty-officer' });
    const timeline = await eventually(
      async () => {
        const incident = (await (
          await fetch(`${apiUrl}/incidents/${incidentId}`, { headers: { authorization: `Bearer ${dutyOfficer}` } })
        ).json()) as { timeline: { type: string }[] };
        return incident.timeline.some((event) => event.type === 'sms-delivery-failed') ? incident.timeline : undefined;
      },
      10_000,
      'sms-delivery-failed in the timeline',
    );
    expect(timeline.map((event) => event.type)).toContain('escalation-sent');
  });
});
