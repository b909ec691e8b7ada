import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import { launchTestBrowser, testBrowser } from '../support/browser';
import { phoneFirstReport } from '../support/http-events';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Kept after the run (CI artefacts): what the duty officer saw at each step.
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
// 30 minutes pass in 15 seconds: the written report falls due while the test watches.
const DRILL_SPEED = '120';

describe('the duty-office console in a browser (npm start → /console)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let page: Page;
  let incidentId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'incident-console-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    // CHROMIUM_PATH, else the Chromium an npm package ships (playwright never downloads a browser here).
    const { executablePath, source } = testBrowser();
    browser = await launchTestBrowser();
    console.info(`browser: ${executablePath} (${source}), Chromium ${browser.version()}`);
    page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London',
      acceptDownloads: true,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('signs in, and shows an incident filed over the API with its deadline counting down', async () => {
    // Prepare
    await page.goto(`${runtime.apiUrl}/console/`);
    await page.locator('[data-testid=local-sign-in] select[name=role]').selectOption('duty-officer');
    await page.locator('[data-testid=local-sign-in] button[type=submit]').click();
    await page.getByText('当前没有在办事件。').waitFor();
    // Act: a town files a phone first report over the API, as a reporting unit would.
    const reporterToken = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const response = await fetch(`${runtime.apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reporterToken}` },
      body: JSON.stringify(
        phoneFirstReport({ occurredAt: new Date(Date.now() - 60_000).toISOString(), title: '储罐泄漏（浏览器测试）' }),
      ),
    });
    expect(response.status).toBe(201);
    incidentId = ((await response.json()) as { incidentId: string }).incidentId;
    // Assess: it appears without a reload, with its written report pending.
    const row = page.locator(`[data-testid=incident-row][data-incident="${incidentId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect(row.textContent()).resolves.toContain('储罐泄漏（浏览器测试）');
    await expect(row.textContent()).resolves.toContain('较大');
    const deadline = page
      .locator(`[data-testid=deadline-row][data-incident="${incidentId}"]`)
      .filter({ hasText: '书面报告' });
    await expect(deadline.getAttribute('data-overdue')).resolves.toBe('false');
    await shot('1-board-incident-filed');
  });

  it('R-WRITTEN-30: the written report goes overdue under DRILL_SPEED and moves to the top, in red', async () => {
    const overdue = page
      .locator(`[data-testid=deadline-row][data-incident="${incidentId}"][data-overdue=true]`)
      .filter({ hasText: '书面报告' });
    await overdue.waitFor({ timeout: 30_000 });
    await expect(overdue.getAttribute('class')).resolves.toContain('overdue');
    await expect(overdue.textContent()).resolves.toContain('已逾期');
    await expect(page.locator('[data-testid=deadline-row]').first().getAttribute('data-overdue')).resolves.toBe('true');
    await shot('2-board-overdue');
  });

  it("R-LADDER: every duration a person reads is in policy time — the board counts what the SMS says (a drill's seconds are the policy's minutes)", async () => {
    // Prepare: the second step's SMS (+15 policy minutes, 7.5 s at this drill speed) tells the zone's leader how late
    // it is
    let smsMinutes: number | undefined;
    for (
      const giveUpAt = Date.now() + 30_000;
      smsMinutes === undefined && Date.now() < giveUpAt;
      await new Promise((resolve) => setTimeout(resolve, 250))
    ) {
      const { messages } = (await (await fetch(`${runtime.apiUrl}/local/outbox`)).json()) as {
        messages: { incidentId?: string; channel: string; step?: number; body: string }[];
      };
      const step2 = messages.find(
        (message) => message.incidentId === incidentId && message.channel === 'sms' && message.step === 2,
      );
      if (step2) smsMinutes = Number(/已逾期(\d+)分钟/.exec(step2.body)?.[1]);
    }
    // Act: the countdown ticks once a second; read it until it has caught up with the moment the SMS was sent (2 policy
    // minutes a tick here)
    const countdown = page
      .locator(`[data-testid=deadline-row][data-incident="${incidentId}"]`)
      .filter({ hasText: '书面报告' })
      .locator('.countdown');
    let boardMinutes = 0;
    for (
      const giveUpAt = Date.now() + 5_000;
      boardMinutes < (smsMinutes ?? 15) && Date.now() < giveUpAt;
      await new Promise((resolve) => setTimeout(resolve, 200))
    ) {
      boardMinutes = Number(/(\d+)分/.exec((await countdown.textContent()) ?? '')?.[1] ?? 0);
    }
    // Assess: the board counts in minutes as late as the SMS said, not in the drill's seconds
    expect(smsMinutes).toBeGreaterThanOrEqual(15);
    expect(boardMinutes).toBeGreaterThanOrEqual(smsMinutes!);
  });

  it('R-LADDER: the incident page lists the escalation sent (who, when, which step, delivered), the timeline and the executions', async () => {
    await page.locator(`[data-testid=incident-row][data-incident="${incidentId}"] button`).click();
    const escalation = page.locator('[data-testid=escalation-row][data-purpose=escalation]').first();
    await escalation.waitFor({ timeout: 30_000 });
    const text = await escalation.textContent();
    expect(text).toContain('催报');
    expect(text).toContain('+8613800000003'); // the zone's duty contact
    expect(text).toContain('已发送');
    await page.locator('[data-testid=timeline]').getByText('逾期未报').first().waitFor();
    await page.locator('[data-testid=executions]').getByText(`${incidentId}_written-report`).waitFor();
    await shot('3-incident-escalated');
  });

  it('the incident page has its own address: a reload (or a link) lands on it again', async () => {
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incidentId}`);
    await page.reload();
    await page.locator('[data-testid=incident-detail]').getByText(incidentId).first().waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=escalation-row][data-purpose=escalation]').first().waitFor({ timeout: 10_000 });
  });

  it('R-INSTRUCTION-12H: a bad instruction is refused naming each field; a good one opens the feedback deadline', async () => {
    const form = page.locator('[data-testid=instruction-form]');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=alert]').getByText('leader').waitFor();
    await expect(form.locator('[role=alert]').textContent()).resolves.toContain('text');
    await form.locator('input').first().fill('县长');
    await form.locator('textarea').fill('全力处置，及时续报');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=incident-obligations]').getByText('批示反馈').waitFor({ timeout: 10_000 });
  });

  it('R-AUDIT: the timeline downloads as CSV with a BOM', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=download-audit-csv]').click(),
    ]);
    const path = join(ARTIFACTS, `${incidentId}-audit.csv`);
    await download.saveAs(path);
    const csv = readFileSync(path, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('incident-reported');
    expect(csv).toContain('escalation-sent');
  });

  it('switches to English, times still in Beijing time', async () => {
    await page.locator('[data-testid=switch-language]').click();
    await page.getByText('Incident reporting · Duty console').waitFor();
    await page.getByText('All times are Beijing time.').waitFor();
    await expect(
      page.locator('[data-testid=escalation-row][data-purpose=escalation]').first().textContent(),
    ).resolves.toContain('escalation');
    await shot('4-incident-english');
  });

  it("R-EVAL: the evaluation tab shows the unit's figures and both charts", async () => {
    await page.locator('[data-testid=tab-evaluation]').click();
    const row = page.locator('[data-testid=evaluation-row][data-unit=gaosheng-zone]');
    await row.waitFor({ timeout: 10_000 });
    // First report on time (filed a minute after the incident); the written report missed so far.
    await expect(row.locator('[data-testid=on-time-rate]').textContent()).resolves.toBe('50.0%');
    await page.locator('[data-testid=chart-by-unit]').waitFor();
    await page.locator('[data-testid=chart-trend]').waitFor();
    await shot('5-evaluation');
  });
});
