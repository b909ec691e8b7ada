import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import { DESK, horizontalOverflow, launchTestBrowser, PHONE, seriousAxeFindings } from '../support/browser';
import { phoneFirstReport } from '../support/http-events';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Kept after the run (CI artefacts): what the reporter saw at each step.
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
// Slow enough that nothing filed in the test falls due while it is typed (the written report is due in 3 minutes),
// fast enough that the follow-up (1 policy hour for an especially major incident) is owed from the start.
const DRILL_SPEED = '10';

interface IncidentBody {
  status: string;
  firstReportChannel: string;
  phonedAt?: string;
  phonedAtLoggedBy?: string;
  summary?: string;
  reports: { kind: string; summary: string; attachmentIds?: string[] }[];
  obligations: { obligationId: string; kind: string; status: string; openedAt: string }[];
  verificationAnswers: { channel: string; answer: string }[];
  instructionFeedback: { text: string }[];
}

/**
 * Issue 14 — a reporting unit's own flows in the console: its home (what it owes, most urgent first, one button each),
 * the forms for every document it owes (R-INTAKE, R-WRITTEN-30, R-FOLLOWUP, R-LIFECYCLE, R-ELEMENTS, R-VERIFY-20-40,
 * R-INSTRUCTION-12H, R-SPOTCHECK), drafts that survive a reload and an offline submit filed exactly once.
 */
describe('the reporter console in a browser (issue 14)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let reporterToken: string;
  let dutyToken: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'incident-reporter-console-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    browser = await launchTestBrowser();
    reporterToken = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    dutyToken = await issueLocalToken(dataDir, { role: 'duty-officer' });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async <T>(token: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  describe.each([
    ['a 390×844 phone, in Chinese', 'phone', PHONE, 'zh-CN'],
    ['a 1440×900 desk, in English', 'desk', DESK, 'en'],
  ] as const)('on %s', (_screen, screenName, viewport, language) => {
    const zh = language === 'zh-CN';
    let context: BrowserContext;
    let page: Page;
    let incidentId: string;
    let requestId: string;

    beforeAll(async () => {
      context = await browser.newContext({ viewport, locale: language, timezoneId: 'Europe/London' });
      // Signed in as the unit's reporter, in the language of this pass (what the sign-in and the language button keep).
      await context.addInitScript(
        ([token, locale]) => {
          const storage = globalThis as unknown as {
            sessionStorage: { setItem(key: string, value: string): void };
            localStorage: { setItem(key: string, value: string): void };
          };
          storage.sessionStorage.setItem('console.idToken', token);
          storage.localStorage.setItem('console.locale', locale);
        },
        [reporterToken, language] as const,
      );
      page = await context.newPage();
    });

    afterAll(async () => context?.close());

    const shot = (name: string) =>
      page.screenshot({ path: join(ARTIFACTS, `reporter-${screenName}-${name}.png`), fullPage: true });

    /** Every page a reporter sees: no serious axe finding, and no sideways scroll on a phone. */
    async function expectUsable(name: string): Promise<void> {
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await shot(name);
    }

    const card = (kind: string, id = incidentId) =>
      page.locator(`[data-testid=owed-card][data-kind=${kind}][data-incident="${id}"]`);
    const incident = () => api<IncidentBody>(reporterToken, `/incidents/${incidentId}`);

    it('R-INTAKE: files a first report, phoned in first, from the home page', async () => {
      // Prepare
      await page.goto(`${runtime.apiUrl}/console/#/`);
      const newReport = page.locator('[data-testid=new-first-report]');
      await newReport.waitFor();
      await expect(newReport.textContent()).resolves.toBe(zh ? '报送首报' : 'New first report');
      await expectUsable('1-home');
      // Act
      await newReport.click();
      const form = page.locator('[data-testid=first-report-form] form');
      await form.locator('select[name=category] option[value=hazardous-chemicals]').waitFor({ state: 'attached' });
      await form.locator('input[name=title]').fill(zh ? '储罐泄漏（报送单位）' : 'Tank leak (reporter)');
      await form.locator('select[name=category]').selectOption('hazardous-chemicals');
      await form.locator('select[name=severity]').selectOption('especially-major');
      await form.locator('input[name=location]').fill('高升经济区');
      await form.locator('input[name=phonedFirst]').check();
      // The call came this minute (Beijing time): the written report is due 30 policy minutes after it.
      const callClock = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16);
      await form.locator('input[name=phonedInAt]').fill(callClock);
      await form.locator('input[name=reporterName]').fill('王某');
      await form.locator('input[name=reporterPhone]').fill('+8613800000003');
      await expectUsable('2-first-report');
      await form.locator('[data-testid=submit]').click();
      // Assess: one incident, by phone, owing its written report (R-WRITTEN-30)
      const filed = page.locator('[data-testid=filed-incident]');
      await filed.waitFor({ timeout: 15_000 });
      incidentId = (await filed.textContent())!.trim();
      const body = await incident();
      expect(body.firstReportChannel).toBe('phone');
      await expect(page.locator('[data-testid=written-report-next]').getAttribute('href')).resolves.toBe(
        `#/incidents/${incidentId}/obligations/written-report`,
      );
      // R-WRITTEN-30: the call time is kept, and the written report's deadline runs from it
      expect(new Date(Date.parse(body.phonedAt!) + 8 * 3_600_000).toISOString().slice(11, 16)).toBe(callClock);
      expect(body.phonedAtLoggedBy).toBe('unit');
      expect(body.obligations.find((obligation) => obligation.kind === 'written-report')?.openedAt).toBe(body.phonedAt);
    });

    it('R-WRITTEN-30: the home shows the written report owed, counting down, and its one button files it', async () => {
      // Prepare
      await page.locator('[data-testid=back-home]').click();
      const owed = card('written-report');
      await owed.waitFor({ timeout: 15_000 });
      await expect(owed.locator('[data-testid=owed-action]').textContent()).resolves.toBe(
        zh ? '报送书面报告' : 'File the written report',
      );
      await expect(owed.locator('.owed-countdown').textContent()).resolves.toMatch(zh ? /^剩余/ : /^Left/);
      await card('follow-up').waitFor({ timeout: 15_000 });
      await expectUsable('3-home-owed');
      // Act
      await owed.locator('[data-testid=owed-action]').click();
      const form = page.locator('[data-testid=report-form][data-kind=written] form');
      await form.locator('textarea[name=summary]').fill('已堵漏，2人轻伤送医');
      await form.locator('textarea[name=measuresTaken]').fill('疏散周边人员');
      // R-ELEMENTS: the checklist names what is still missing as it is typed
      await expect(page.locator('[data-testid=elements-summary]').textContent()).resolves.toContain(
        zh ? '事件性质和原因' : 'nature and cause',
      );
      // R-INTAKE: a photo from the scene goes with it; a text file renamed .jpg is refused by its content
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF scene photo')]);
      await form.locator('input[type=file][multiple]').setInputFiles([
        { name: 'scene.jpg', mimeType: 'image/jpeg', buffer: jpeg },
        { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not an image at all') },
      ]);
      await page.locator('[data-testid=attachments-kept]').waitFor({ timeout: 15_000 });
      await form.locator('.attachment-list [role=alert]').first().waitFor({ timeout: 15_000 });
      await expectUsable('4-written-report');
      await form.locator('[data-testid=submit]').click();
      // Assess
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      const body = await incident();
      expect(body.reports.filter((report) => report.kind === 'written')).toHaveLength(1);
      expect(body.reports.find((report) => report.kind === 'written')?.attachmentIds).toHaveLength(1);
      // The incident page shows the photo as a thumbnail that opens the full file (in a section folded on a phone)
      await page.goto(`${runtime.apiUrl}/console/#/incidents/${incidentId}`);
      const thumbnail = page.locator('[data-testid=report-attachment] img[alt="scene.jpg"]');
      await thumbnail.waitFor({ state: 'attached', timeout: 15_000 });
      expect(await thumbnail.getAttribute('src')).toContain('/attachments/');
      expect(body.obligations.find((obligation) => obligation.kind === 'written-report')?.status).toBe('met');
    });

    it('R-FOLLOWUP: a draft survives a reload, and a follow-up submitted offline is filed once when back online', async () => {
      // Prepare: a follow-up typed, then the page reloaded
      await page.goto(`${runtime.apiUrl}/console/#/`);
      await card('follow-up').locator('[data-testid=owed-action]').click();
      const form = page.locator('[data-testid=report-form][data-kind=follow-up] form');
      await form.locator('textarea[name=summary]').fill('续报：现场已控制');
      await form.locator('textarea[name=trend]').fill('无扩大趋势');
      await page.reload();
      await expect(form.locator('textarea[name=summary]').inputValue()).resolves.toBe('续报：现场已控制');
      await expect(form.locator('textarea[name=trend]').inputValue()).resolves.toBe('无扩大趋势');
      // Act: the network drops as it is submitted, then comes back
      await context.setOffline(true);
      await form.locator('[data-testid=submit]').click();
      const offline = page.locator('[data-testid=offline-note]');
      await offline.waitFor({ timeout: 10_000 });
      await expect(offline.textContent()).resolves.toContain(
        zh ? '网络中断，恢复后将自动重试' : 'it will be sent again automatically',
      );
      await expectUsable('5-offline');
      await context.setOffline(false);
      // Assess: sent again by itself, with the draft's Idempotency-Key: exactly one follow-up, and the draft gone
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      const body = await incident();
      expect(body.reports.filter((report) => report.kind === 'follow-up')).toHaveLength(1);
      expect(body.obligations.find((obligation) => obligation.kind === 'follow-up')?.status).toBe('met');
      const drafts = await page.evaluate(() =>
        Object.keys((globalThis as unknown as { localStorage: Record<string, string> }).localStorage).filter((key) =>
          key.startsWith('console.draft'),
        ),
      );
      expect(drafts).toEqual([]);
    });

    it('R-VERIFY-20-40 and R-INSTRUCTION-12H: the question and the instruction stand above the answer and the feedback', async () => {
      // Prepare: the duty office asks for a written verification and records a leader's instruction
      const request = await api<{ requestId: string }>(dutyToken, `/incidents/${incidentId}/verification-requests`, {
        question: '请核实伤亡人数',
        writtenAnswerRequired: true,
      });
      requestId = request.requestId;
      const instruction = await api<{ instructionId: string }>(dutyToken, `/incidents/${incidentId}/instructions`, {
        leader: '县长',
        leaderLevel: 'county',
        text: '全力救治伤员，及时续报',
        receivedAt: new Date(Date.now() - 1000).toISOString(),
      });
      await page.goto(`${runtime.apiUrl}/console/#/`);
      // Act: the written answer
      const verification = card('verification-written');
      await verification.waitFor({ timeout: 15_000 });
      await expect(verification.locator('[data-testid=owed-action]').textContent()).resolves.toBe(
        zh ? '回复核报' : 'Answer the verification',
      );
      await verification.locator('[data-testid=owed-action]').click();
      await expect(page.locator('[data-testid=verification-question]').textContent()).resolves.toContain(
        '请核实伤亡人数',
      );
      await page.locator('[data-testid=verification-form] textarea[name=answer]').fill('2人轻伤，无死亡');
      await expectUsable('6-verification');
      await page.locator('[data-testid=verification-form] [data-testid=submit]').click();
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      // Act: the feedback, opened by its own address (the e-mail's link)
      await page.goto(
        `${runtime.apiUrl}/console/#/incidents/${incidentId}/obligations/${instruction.instructionId}-feedback`,
      );
      await expect(page.locator('[data-testid=instruction-text]').textContent()).resolves.toContain(
        '全力救治伤员，及时续报',
      );
      await page.locator('[data-testid=feedback-form] textarea[name=text]').fill('已传达，伤员均已送医');
      await expectUsable('7-feedback');
      await page.locator('[data-testid=feedback-form] [data-testid=submit]').click();
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      // Assess
      const body = await incident();
      expect(body.verificationAnswers.map((answer) => [answer.channel, answer.answer])).toEqual([
        ['written', '2人轻伤，无死亡'],
      ]);
      expect(body.instructionFeedback.map((feedback) => feedback.text)).toEqual(['已传达，伤员均已送医']);
      const statusOf = (obligationId: string) =>
        body.obligations.find((obligation) => obligation.obligationId === obligationId)?.status;
      expect(statusOf(`${request.requestId}-written`)).toBe('met');
      expect(statusOf(`${instruction.instructionId}-feedback`)).toBe('met');
    });

    it('R-VERIFY-20-40: a submit that never reached the API goes again after a reload, with the same Idempotency-Key, and files once', async () => {
      // Prepare: the phone answer's requests are cut off before they leave the browser
      const answers = `/incidents/${incidentId}/verification-requests/${requestId}/answers`;
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith(answers))
          keys.push(request.headers()['idempotency-key']);
      });
      const cutOff = `**${answers}`;
      await page.route(cutOff, (route) => route.abort('internetdisconnected'));
      await page.goto(`${runtime.apiUrl}/console/#/incidents/${incidentId}/obligations/${requestId}-phone`);
      await page.locator('[data-testid=verification-form] textarea[name=answer]').fill('电话核实：2人轻伤');
      await page.locator('[data-testid=verification-form] [data-testid=submit]').click();
      await page.locator('[data-testid=offline-note]').waitFor({ timeout: 10_000 });
      // Act: home, the page reloaded, the network back — the home names the submit left unsent; its form sends it
      await page.unroute(cutOff);
      await page.goto(`${runtime.apiUrl}/console/#/`);
      await page.reload();
      const unsent = page.locator('[data-testid=unsent-draft]');
      await unsent.waitFor({ timeout: 10_000 });
      await expectUsable('6b-unsent');
      await unsent.click();
      // Assess: sent again by itself, under the key of the first attempt: one phone answer
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(new Set(keys).size).toBe(1);
      const body = await incident();
      expect(body.verificationAnswers.filter((answer) => answer.channel === 'phone')).toHaveLength(1);
    });

    it('R-ELEMENTS: a final report is refused until complete, the checklist naming what is missing; then it closes the incident', async () => {
      // Prepare
      await page.goto(`${runtime.apiUrl}/console/#/`);
      const open = page.locator(`[data-testid=unit-incident][data-incident="${incidentId}"]`);
      await open.waitFor({ timeout: 15_000 });
      await expect(open.locator('[data-testid=final-report-action]').textContent()).resolves.toBe(
        zh ? '终报' : 'File the final report',
      );
      await open.locator('[data-testid=final-report-action]').click();
      const form = page.locator('[data-testid=report-form][data-kind=final] form');
      const submit = form.locator('[data-testid=submit]');
      const summary = page.locator('[data-testid=elements-summary]');
      // Act: partly filled
      await form.locator('textarea[name=summary]').fill('处置完毕');
      await form.locator('textarea[name=cause]').fill('法兰垫片老化');
      // Assess: refused, naming each missing element
      await expect(submit.isDisabled()).resolves.toBe(true);
      const missingText = (await summary.textContent()) ?? '';
      for (const element of zh
        ? ['人员伤亡和财产损失', '已采取的措施', '发展趋势和下一步工作']
        : ['casualties and losses', 'measures taken', 'trend and next steps'])
        expect(missingText).toContain(element);
      expect(missingText).not.toContain(zh ? '事件性质和原因' : 'nature and cause');
      await expectUsable('8-final-incomplete');
      // Act: completed
      await form.locator('input[name=deaths]').fill('0');
      await form.locator('input[name=injured]').fill('2');
      await form.locator('input[name=missing]').fill('0');
      await form.locator('textarea[name=measuresTaken]').fill('堵漏、疏散');
      await form.locator('textarea[name=trend]').fill('已消除隐患');
      await expect(summary.textContent()).resolves.toBe(zh ? '要素齐全。' : 'Every element is there.');
      await expect(submit.isDisabled()).resolves.toBe(false);
      await submit.click();
      // Assess
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      const body = await incident();
      expect(body.status).toBe('closed');
      expect(body.reports.filter((report) => report.kind === 'final')).toHaveLength(1);
    });

    it('R-SPOTCHECK: acknowledges a duty spot check from its card', async () => {
      // Prepare
      const spotCheck = await api<{ spotCheckId: string }>(dutyToken, '/spot-checks', { unitId: 'gaosheng-zone' });
      await page.goto(`${runtime.apiUrl}/console/#/`);
      const owed = page.locator('[data-testid=owed-card][data-kind=spot-check]');
      await owed.waitFor({ timeout: 15_000 });
      await expect(owed.locator('[data-testid=owed-action]').textContent()).resolves.toBe(
        zh ? '确认抽查' : 'Acknowledge the spot check',
      );
      // Act
      await owed.locator('[data-testid=owed-action]').click();
      const name = page.locator('[data-testid=spot-check-form] input[name=acknowledgedBy]');
      await name.waitFor();
      await name.fill('值班员李某');
      await expectUsable('9-spot-check');
      await page.locator('[data-testid=spot-check-form] [data-testid=submit]').click();
      await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
      // Assess
      const after = await api<{ acknowledgedBy?: string; result: string }>(
        reporterToken,
        `/spot-checks/${spotCheck.spotCheckId}`,
      );
      expect(after.acknowledgedBy).toBe('值班员李某');
      expect(after.result).toBe('passed');
      const listed = page.waitForResponse((response) => response.url().endsWith('/spot-checks'));
      await page.goto(`${runtime.apiUrl}/console/#/`);
      await expect((await listed).json()).resolves.toMatchObject({ spotChecks: [] });
      await page.locator('[data-testid=new-first-report]').waitFor();
      await expect(page.locator('[data-testid=owed-card][data-kind=spot-check]').count()).resolves.toBe(0);
    });
  });
});

describe('the reporter console, a document past its deadline (issue 14)', () => {
  // 30 minutes pass in 2 seconds: the written report is overdue before the reporter opens the link.
  const FAST_DRILL_SPEED = '900';
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-reporter-late-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: FAST_DRILL_SPEED });
    browser = await launchTestBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-LIFECYCLE: the link to an overdue written report lands on its form, which asks for the 迟报原因 and files it late with it', async () => {
    // Prepare: a phone first report over the API, its written report left until overdue
    const token = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = (await (
      await fetch(`${runtime.apiUrl}/incidents`, {
        method: 'POST',
        headers,
        body: JSON.stringify(phoneFirstReport({ occurredAt: new Date(Date.now() - 60_000).toISOString() })),
      })
    ).json()) as { incidentId: string; obligations: { obligationId: string; dueAt: string }[] };
    const written = created.obligations.find((obligation) => obligation.obligationId === 'written-report')!;
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    await context.addInitScript((idToken) => {
      (
        globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
      ).sessionStorage.setItem('console.idToken', idToken);
    }, token);
    const page = await context.newPage();
    const status = async () =>
      (
        (await (await fetch(`${runtime.apiUrl}/incidents/${created.incidentId}`, { headers })).json()) as {
          obligations: { obligationId: string; status: string; lateReason?: string }[];
        }
      ).obligations.find((obligation) => obligation.obligationId === 'written-report');
    // Act: the e-mail's link, once the deadline has passed
    await page.goto(`${runtime.apiUrl}/console/#/incidents/${created.incidentId}/obligations/${written.obligationId}`);
    const form = page.locator('[data-testid=report-form][data-kind=written] form');
    await form.locator('textarea[name=summary]').fill('已堵漏');
    const lateReason = form.locator('[data-testid=late-reason] textarea[name=lateReason]');
    await lateReason.waitFor({ timeout: 15_000 });
    expect(Date.now()).toBeGreaterThan(Date.parse(written.dueAt));
    // Assess: without the reason the form does not go (the field is required)
    await form.locator('[data-testid=submit]').click();
    await expect(
      lateReason.evaluate((element) => (element as unknown as { validity: { valid: boolean } }).validity.valid),
    ).resolves.toBe(false);
    expect((await status())?.status).not.toBe('late');
    // Act: with the reason
    await lateReason.fill('现场通信中断');
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'reporter-phone-10-late-reason.png'), fullPage: true });
    await form.locator('[data-testid=submit]').click();
    await page.locator('[data-testid=filed]').waitFor({ timeout: 15_000 });
    // Assess
    await expect(status()).resolves.toMatchObject({ status: 'late', lateReason: '现场通信中断' });
    await context.close();
  });
  it.each([
    ['a 390×844 phone, in Chinese', 'phone', PHONE, 'zh-CN'],
    ['a 1440×900 desk, in English', 'desk', DESK, 'en'],
  ] as const)(
    'R-LADDER 确认催报: on %s, the escalation that reached the unit is acknowledged from its card, once, for the contact it reached',
    async (_screen, screenName, viewport, language) => {
      // Prepare: a first report whose written report is left until its ladder has reached the zone's leader (step 2)
      const token = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = (await (
        await fetch(`${runtime.apiUrl}/incidents`, {
          method: 'POST',
          headers,
          body: JSON.stringify(phoneFirstReport({ occurredAt: new Date(Date.now() - 60_000).toISOString() })),
        })
      ).json()) as { incidentId: string };
      const escalationOf = async () =>
        (
          (await (await fetch(`${runtime.apiUrl}/obligations`, { headers })).json()) as {
            obligations: { incidentId: string; obligationId: string; escalation?: { escalationStep: number } }[];
          }
        ).obligations.find(
          (obligation) => obligation.incidentId === created.incidentId && obligation.obligationId === 'written-report',
        )?.escalation;
      const deadline = Date.now() + 30_000;
      while ((await escalationOf())?.escalationStep !== 2 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      const context = await browser.newContext({ viewport, locale: language });
      await context.addInitScript(
        ([idToken, locale]) => {
          const storage = globalThis as unknown as {
            sessionStorage: { setItem(key: string, value: string): void };
            localStorage: { setItem(key: string, value: string): void };
          };
          storage.sessionStorage.setItem('console.idToken', idToken);
          storage.localStorage.setItem('console.locale', locale);
        },
        [token, language] as const,
      );
      const page = await context.newPage();
      const card = page.locator(
        `[data-testid=owed-card][data-kind=written-report][data-incident="${created.incidentId}"]`,
      );
      // Act
      await page.goto(`${runtime.apiUrl}/console/#/`);
      const escalation = card.locator('[data-testid=escalation][data-step="2"]');
      await escalation.waitFor({ timeout: 15_000 });
      await expect(escalation.textContent()).resolves.toContain(
        language === 'zh-CN' ? '第2级催报已于' : 'Escalation step 2 reached your unit at',
      );
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, `reporter-${screenName}-11-escalation.png`), fullPage: true });
      await escalation.locator('[data-testid=acknowledge-escalation]').click();
      // Assess: the card says so, and still offers the document, which alone stops the escalation
      const acknowledged = card.locator('[data-testid=escalation-acknowledged][data-step="2"]');
      await acknowledged.waitFor({ timeout: 15_000 });
      await expect(acknowledged.textContent()).resolves.toContain(
        language === 'zh-CN' ? '已确认第2级催报' : 'Step 2 acknowledged at',
      );
      await expect(card.locator('[data-testid=owed-action]').isVisible()).resolves.toBe(true);
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({
        path: join(ARTIFACTS, `reporter-${screenName}-12-escalation-acknowledged.png`),
        fullPage: true,
      });
      const record = (await (await fetch(`${runtime.apiUrl}/incidents/${created.incidentId}`, { headers })).json()) as {
        acknowledgements: { escalationStep: number; contactId: string; via: string }[];
      };
      expect(record.acknowledgements).toEqual([
        expect.objectContaining({ escalationStep: 2, contactId: 'gaosheng-zone.leader', via: 'console' }),
      ]);
      await context.close();
    },
  );
});
