import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import { pdfText } from '../support/pdf-text';
import { DESK, horizontalOverflow, launchTestBrowser, PHONE, seriousAxeFindings } from '../support/browser';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Issue 14 items 7–9: the county duty officer's pages — phone and media intake (R-INTAKE, R-MEDIA), the incident read
// as a document (R-ELEMENTS, R-VERIFY-20-40, R-INSTRUCTION-12H), its timeline in sentences (R-AUDIT) and the printed
// 书面报告. At a desk in Chinese, on a phone in English. Kept after the run (CI artefacts): what the officer saw.
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
// Real time: nothing in these tests waits for a deadline, and none should fall due while they run.
const DRILL_SPEED = '1';

interface IncidentBody {
  incidentId: string;
  source: string;
  mediaSource?: string;
  firstReportChannel: string;
  phonedAt?: string;
  phonedAtLoggedBy?: string;
  reporter: { name: string; phone: string };
  obligations: { obligationId: string; kind: string; status: string; openedAt: string }[];
  reports: { reportId: string; kind: string }[];
  verificationRequests: { requestId: string; question: string; origin: string }[];
  instructions: { instructionId: string }[];
  timeline: { type: string; at: string; detail: Record<string, unknown> }[];
}

/** `2026-12-02T02:05` — a time as a Beijing `datetime-local` field holds it. */
const beijingInput = (time: Date) => new Date(time.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
/** `02:05` in Beijing. */
const beijingClock = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);

describe('the duty officer’s pages: intake, the incident as a document, the printed report (issue 14 items 7–9)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let dutyToken: string;
  let reporterToken: string;

  const api = async <T>(token: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  /** A signed-in duty officer's page (the token in sessionStorage, as the local sign-in form leaves it). */
  const dutyPage = async (viewport: { width: number; height: number }, language: 'zh-CN' | 'en') => {
    const context: BrowserContext = await browser.newContext({
      viewport,
      locale: language,
      // Beijing time whatever the machine's zone: the test browser is elsewhere on purpose.
      timezoneId: 'Europe/London',
      ...(viewport.width < 640 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    await context.addInitScript(
      ({ token, english }) => {
        sessionStorage.setItem('console.idToken', token);
        if (english) localStorage.setItem('console.locale', 'en');
      },
      { token: dutyToken, english: language === 'en' },
    );
    return context.newPage();
  };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `duty-${name}.png`), fullPage: true });

  const fillIntake = async (
    page: Page,
    values: { unitId: string; category: string; severity: string; title: string; location: string; summary: string },
    who: { name: string; phone: string },
    occurredAt: Date,
  ) => {
    const form = page.locator('form.duty-form');
    await form.locator('select[name=unitId]').selectOption(values.unitId);
    await form.locator('select[name=category]').selectOption(values.category);
    await form.locator('select[name=severity]').selectOption(values.severity);
    await form.locator('input[name=title]').fill(values.title);
    await form.locator('input[name=location]').fill(values.location);
    await form.locator('input[name=occurredAt]').fill(beijingInput(occurredAt));
    await form.locator('textarea[name=summary]').fill(values.summary);
    await form.locator('input[name=reporterName]').fill(who.name);
    await form.locator('input[name=reporterPhone]').fill(who.phone);
  };

  const createdIncident = async (page: Page): Promise<string> => {
    const link = page.locator('[data-testid=intake-created] a');
    await link.waitFor({ timeout: 15_000 });
    return (await link.textContent())!.trim();
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'incident-duty-office-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    browser = await launchTestBrowser();
    dutyToken = await issueLocalToken(dataDir, { role: 'duty-officer', subject: 'duty-test' });
    reporterToken = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone', subject: 'zone-test' });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('at a desk, in Chinese', () => {
    let page: Page;
    let phoneIncidentId: string;
    let writtenReportId: string;
    const occurredAt = new Date(Date.now() - 20 * 60_000);
    const written = {
      kind: 'written',
      summary: '高升经济区某化工企业储罐法兰泄漏，已堵漏',
      occurredAt: occurredAt.toISOString(),
      location: '高升经济区化工园三号罐区',
      cause: '法兰垫片老化导致泄漏',
      casualties: { deaths: 0, injured: 2, missing: 0 },
      losses: '直接经济损失约五万元',
      measuresTaken: '疏散周边群众，消防堵漏',
      trend: '泄漏已控制，继续监测',
      reporter: { name: '王某', phone: '+8613800000001' },
    };

    beforeAll(async () => {
      page = await dutyPage(DESK, 'zh-CN');
    });
    afterAll(async () => page?.context().close());

    it('R-INTAKE: the duty officer logs a phone first report for a unit; it opens the written report (R-WRITTEN-30)', async () => {
      // Prepare: the board, with the intake buttons for the duty office
      await page.goto(`${runtime.apiUrl}/console/`);
      await page.locator('[data-testid=go-intake-phone]').click();
      await page.locator('[data-testid=intake-phone]').waitFor();
      expect(new URL(page.url()).hash).toBe('#/intake/phone');
      // Act: a form sent empty is refused naming the fields (no unit is picked for the officer)…
      await page.locator('[data-testid=intake-submit]').click();
      const refusal = page.locator('form.duty-form [role=alert]');
      await refusal.waitFor();
      const refused = (await refusal.textContent()) ?? '';
      // …then the call, as the caller gave it (an 11-digit mobile number)
      await fillIntake(
        page,
        {
          unitId: 'gaosheng-zone',
          category: 'hazardous-chemicals',
          severity: 'relatively-major',
          title: '储罐泄漏（电话接报）',
          location: '高升经济区',
          summary: '来电称储罐法兰泄漏，2人受伤',
        },
        { name: '王某', phone: '13800000001' },
        occurredAt,
      );
      await page.locator('input[name=injured]').fill('2');
      // R-WRITTEN-30: the call came 10 minutes before it is logged
      const calledAt = new Date(Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000);
      await page.locator('input[name=phonedAt]').fill(beijingInput(calledAt));
      await shot(page, 'desk-intake-phone');
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.locator('[data-testid=intake-submit]').click();
      phoneIncidentId = await createdIncident(page);
      // Assess: the refusal named the unit; the incident is the zone's, by phone, owing the written report
      expect(refused).toContain('unitId');
      expect(refused).toContain('occurredAt');
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${phoneIncidentId}`);
      expect(body.firstReportChannel).toBe('phone');
      expect(body.source).toBe('unit');
      expect(body.reporter).toEqual({ name: '王某', phone: '+8613800000001' });
      // R-WRITTEN-30, R-EVAL: the written report runs from the call the duty office logged, not from the logging
      expect(body.phonedAt).toBe(calledAt.toISOString());
      expect(body.phonedAtLoggedBy).toBe('duty-office');
      expect(body.obligations.find((obligation) => obligation.kind === 'written-report')?.openedAt).toBe(
        calledAt.toISOString(),
      );
      // The incident's own execution may already have opened its first follow-up (R-FOLLOWUP) beside it.
      expect(body.obligations.map((obligation) => obligation.kind)).toContain('written-report');
      await page.locator('[data-testid=intake-created] a').click();
      await page.locator('[data-testid=incident-obligations]').getByText('书面报告').waitFor({ timeout: 10_000 });
    });

    it('R-MEDIA: a media item is logged on the responsible unit with its source and opens a verification at once', async () => {
      // Prepare
      await page.goto(`${runtime.apiUrl}/console/#/`);
      await page.locator('[data-testid=go-intake-media]').click();
      await page.locator('[data-testid=intake-media]').waitFor();
      // Act
      await page.locator('input[name=mediaSource]').fill('微博网友爆料 https://weibo.example/123');
      await fillIntake(
        page,
        {
          unitId: 'example-town-b',
          category: 'public-opinion',
          severity: 'general',
          title: '网传某镇道路塌陷',
          location: '某镇主街',
          summary: '网友发帖称主街路面塌陷',
        },
        { name: '李值班', phone: '+8613800000009' },
        occurredAt,
      );
      await page.locator('[data-testid=intake-submit]').click();
      const mediaIncidentId = await createdIncident(page);
      // Assess: the incident carries its source; the verification's phone answer is owed
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${mediaIncidentId}`);
      expect(body.source).toBe('media');
      expect(body.mediaSource).toBe('微博网友爆料 https://weibo.example/123');
      expect(body.verificationRequests.map((request) => request.origin)).toEqual(['media']);
      expect(body.obligations.map((obligation) => obligation.kind)).toContain('verification-phone');
      await page.locator('[data-testid=intake-created] a').click();
      await page.locator('[data-testid=media-source]').getByText('微博网友爆料').waitFor({ timeout: 10_000 });
      await page.locator('[data-testid=incident-obligations]').getByText('电话核报').waitFor();
      await page.locator('[data-testid=timeline]').getByText('来源：微博网友爆料').waitFor();
      await shot(page, 'desk-media-incident');
      // Both appear on the board as open incidents
      await page.goto(`${runtime.apiUrl}/console/#/`);
      for (const id of [phoneIncidentId, mediaIncidentId])
        await page.locator(`[data-testid=incident-row][data-incident="${id}"]`).waitFor({ timeout: 10_000 });
    });

    it('R-ELEMENTS, R-VERIFY-20-40, R-INSTRUCTION-12H: the incident page shows every element of a written report, a verification with its answer and an instruction with its feedback', async () => {
      // Prepare: the zone files its written report over the API, with every element
      const filed = await api<{ report: { reportId: string } }>(
        reporterToken,
        `/incidents/${phoneIncidentId}/reports`,
        written,
      );
      expect(filed.status).toBe(201);
      writtenReportId = filed.body.report.reportId;
      await page.goto(`${runtime.apiUrl}/console/#/incidents/${phoneIncidentId}`);
      // Act: the officer asks for verification and records an instruction on the page…
      const verification = page.locator('[data-testid=verification-form]');
      await verification.locator('textarea').fill('请核实伤亡人数');
      await verification.locator('button[type=submit]').click();
      await page.locator('[data-testid=verification-request]').waitFor({ timeout: 10_000 });
      const instructionForm = page.locator('[data-testid=instruction-form]');
      await instructionForm.locator('input').first().fill('县长');
      await instructionForm.locator('textarea').fill('全力救治伤员');
      await instructionForm.locator('button[type=submit]').click();
      await page.locator('[data-testid=instruction]').waitFor({ timeout: 10_000 });
      // …and the zone answers both over the API
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${phoneIncidentId}`);
      const request = body.verificationRequests[0];
      const instruction = body.instructions[0];
      const answered = await api(
        reporterToken,
        `/incidents/${phoneIncidentId}/verification-requests/${request.requestId}/answers`,
        { channel: 'phone', answer: '2人轻伤，无死亡', answeredBy: { name: '王某', phone: '+8613800000001' } },
      );
      const fedBack = await api(
        reporterToken,
        `/incidents/${phoneIncidentId}/instructions/${instruction.instructionId}/feedback`,
        { text: '伤员已全部送医救治', measuresTaken: '安排专人陪护' },
      );
      expect([answered.status, fedBack.status]).toEqual([201, 201]);
      // Assess: the written report with each element in order
      const report = page.locator('[data-testid=report][data-kind=written]');
      await report.waitFor({ timeout: 10_000 });
      const elements = await report
        .locator('[data-testid=report-elements] > div')
        .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-element'), row.textContent]));
      expect(elements.map(([element]) => element)).toEqual([
        'summary',
        'time',
        'place',
        'reportingUnit',
        'natureAndCause',
        'casualtiesAndLosses',
        'measuresTaken',
        'trendAndNextSteps',
        'reporterAndPhone',
      ]);
      const text = elements.map(([, value]) => value).join('\n');
      for (const value of [
        written.summary,
        written.location,
        written.cause,
        '死亡 0 人，受伤 2 人，失踪 0 人',
        written.losses,
        written.measuresTaken,
        written.trend,
        '王某 +8613800000001',
        '盘锦高升经济区管委会',
        beijingClock(written.occurredAt),
      ])
        expect(text).toContain(value);
      // …the question with its answer, the instruction with its feedback
      await page.locator('[data-testid=verification-answer]').getByText('2人轻伤，无死亡').waitFor({ timeout: 10_000 });
      await expect(page.locator('[data-testid=verification-request]').textContent()).resolves.toContain(
        '请核实伤亡人数',
      );
      await page
        .locator('[data-testid=instruction-feedback]')
        .getByText('伤员已全部送医救治')
        .waitFor({ timeout: 10_000 });
      await expect(page.locator('[data-testid=instruction]').textContent()).resolves.toContain('全力救治伤员');
      await shot(page, 'desk-incident-document');
      expect(await seriousAxeFindings(page)).toEqual([]);
    });

    it('R-AUDIT: the timeline reads as sentences with Beijing times, the raw event one click away', async () => {
      // Prepare: when the API says the verification was asked
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${phoneIncidentId}`);
      const asked = body.timeline.find((event) => event.type === 'verification-requested')!;
      const entry = page.locator('[data-testid=timeline] li[data-type=verification-requested]');
      // Act: open its raw event
      await entry.locator('summary').click();
      // Assess
      await expect(entry.locator('summary').textContent()).resolves.toBe(
        `${beijingClock(asked.at)} 县政府总值班室 发起核报：请核实伤亡人数`,
      );
      await expect(entry.locator('pre').textContent()).resolves.toContain('"type": "verification-requested"');
      await expect(
        page.locator('[data-testid=timeline] li[data-type=verification-answered] summary').textContent(),
      ).resolves.toContain('盘锦高升经济区管委会 核报回复（电话）：2人轻伤，无死亡');
      await expect(
        page.locator('[data-testid=timeline] li[data-type=instruction-recorded] summary').textContent(),
      ).resolves.toContain('县政府总值班室 登记县长批示：全力救治伤员');
      await expect(
        page.locator('[data-testid=timeline] li[data-type=report-filed] summary').last().textContent(),
      ).resolves.toContain('报送书面报告');
    });

    it('the written report prints as the official 书面报告: A4 PDF from Chromium, title, unit, 签发人 and every element', async () => {
      // Prepare
      await page.locator('[data-testid=report][data-kind=written] [data-testid=print-report]').click();
      const sheet = page.locator('[data-testid=print-sheet]');
      await sheet.waitFor({ timeout: 10_000 });
      expect(new URL(page.url()).hash).toBe(`#/incidents/${phoneIncidentId}/reports/${writtenReportId}/print`);
      // Act: the signer typed on the page, then printed to PDF with the print styles
      await page.locator('input[name=signer]').fill('张主任');
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      // Assess: the text the PDF itself carries (pdfjs), on one A4 page, holds the title, the unit, the signer, the
      // time and every element in the sheet's order, then the attachments line; in print media only the sheet shows.
      writeFileSync(join(ARTIFACTS, 'duty-written-report.pdf'), pdf);
      const printed = await pdfText(pdf);
      expect(printed.pages).toBe(1);
      const compact = (value: string) => value.replace(/\s+/gu, '');
      const elements = await sheet.locator('[data-element] dd').allTextContents();
      const inOrder = [
        ...(await sheet.locator('h1, .duty-sheet-meta td, h2').allTextContents()),
        ...elements,
        (await sheet.locator('.duty-sheet-attachments').textContent())!,
      ].map(compact);
      expect(elements).toHaveLength(9);
      let cursor = -1;
      for (const value of inOrder) {
        const at = printed.text.indexOf(value, cursor + 1);
        expect({ value, found: at > cursor }).toEqual({ value, found: true });
        cursor = at;
      }
      for (const value of [
        '突发事件信息报告（书面报告）',
        '储罐泄漏（电话接报）',
        '盘锦高升经济区管委会',
        '张主任',
        phoneIncidentId,
        written.summary,
        written.location,
        written.cause,
        '死亡 0 人，受伤 2 人，失踪 0 人',
        written.losses,
        written.measuresTaken,
        written.trend,
        '王某 +8613800000001',
        beijingClock(written.occurredAt),
      ])
        expect(printed.text).toContain(compact(value));
      await expect(page.locator('header').isVisible()).resolves.toBe(false);
      await expect(page.locator('[data-testid=print-button]').isVisible()).resolves.toBe(false);
      await shot(page, 'desk-print-media');
      await page.emulateMedia({ media: 'screen' });
      await shot(page, 'desk-print-screen');
      expect(await seriousAxeFindings(page)).toEqual([]);
    });
  });

  describe('on a phone, in English', () => {
    let page: Page;
    let incidentId: string;

    beforeAll(async () => {
      page = await dutyPage(PHONE, 'en');
    });
    afterAll(async () => page?.context().close());

    it('R-INTAKE: logs a phone first report at 390 px with no horizontal scroll', async () => {
      // Prepare
      await page.goto(`${runtime.apiUrl}/console/`);
      await page.locator('[data-testid=go-intake-phone]').getByText('Log a phone report').click();
      await page.locator('[data-testid=intake-phone]').waitFor();
      // Act
      await fillIntake(
        page,
        {
          unitId: 'example-town-a',
          category: 'traffic',
          severity: 'general',
          title: 'Road accident (phoned in)',
          location: 'Town A, main road',
          summary: 'Two cars collided; one person hurt',
        },
        { name: 'Zhao', phone: '13800000007' },
        new Date(Date.now() - 10 * 60_000),
      );
      // Assess: the form fits the phone; no serious accessibility finding
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'phone-intake-phone');
      await page.locator('[data-testid=intake-submit]').click();
      incidentId = await createdIncident(page);
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${incidentId}`);
      // The incident's own execution may already have opened its first follow-up (R-FOLLOWUP) beside it.
      expect(body.obligations.map((obligation) => obligation.kind)).toContain('written-report');
    });

    it('R-MEDIA: logs a media item at 390 px', async () => {
      // Prepare
      await page.goto(`${runtime.apiUrl}/console/#/intake/media`);
      await page.locator('[data-testid=intake-media]').getByText('Item found in the media or online').waitFor();
      // Act
      await page.locator('input[name=mediaSource]').fill('Local news site');
      await fillIntake(
        page,
        {
          unitId: 'example-town-a',
          category: 'public-opinion',
          severity: 'general',
          title: 'Reported water outage',
          location: 'Town A',
          summary: 'A news site says the water is off',
        },
        { name: 'Li', phone: '+8613800000009' },
        new Date(Date.now() - 10 * 60_000),
      );
      expect(await horizontalOverflow(page)).toBe(0);
      await page.locator('[data-testid=intake-submit]').click();
      const mediaIncidentId = await createdIncident(page);
      // Assess
      const { body } = await api<IncidentBody>(dutyToken, `/incidents/${mediaIncidentId}`);
      expect(body.mediaSource).toBe('Local news site');
      expect(body.obligations.map((obligation) => obligation.kind)).toContain('verification-phone');
    });

    it('R-ELEMENTS, R-VERIFY-20-40, R-AUDIT: the incident page stacks into cards, folds long sections, logs a phone answer and reads its timeline in English', async () => {
      // Prepare: the town's written report with every element, and a verification asked over the API
      const report = await api<{ report: { reportId: string } }>(
        await issueLocalToken(dataDir, { role: 'reporter', unitId: 'example-town-a', subject: 'town-test' }),
        `/incidents/${incidentId}/reports`,
        {
          kind: 'written',
          summary: 'Both cars towed away',
          cause: 'Icy road',
          casualties: { deaths: 0, injured: 1, missing: 0 },
          measuresTaken: 'Road salted',
          trend: 'Traffic back to normal',
          reporter: { name: 'Zhao', phone: '+8613800000007' },
        },
      );
      expect(report.status).toBe(201);
      await api(dutyToken, `/incidents/${incidentId}/verification-requests`, { question: 'How many injured?' });
      // Act
      await page.goto(`${runtime.apiUrl}/console/#/incidents/${incidentId}`);
      const reports = page.locator('[data-testid=reports] > details');
      await reports.waitFor({ timeout: 10_000 });
      // Assess: the reports start folded on a phone; opened, they show every element; nothing scrolls sideways
      await expect(reports.getAttribute('open')).resolves.toBeNull();
      await reports.locator('summary').click();
      const written = page.locator('[data-testid=report][data-kind=written]');
      await written.getByText('Icy road').waitFor({ timeout: 10_000 });
      for (const value of [
        'Road salted',
        'Traffic back to normal',
        'Zhao +8613800000007',
        '0 dead, 1 injured, 0 missing',
      ])
        await expect(written.textContent()).resolves.toContain(value);
      // …the timeline folded too, one tap away
      await expect(page.locator('[data-testid=timeline-section] > details').getAttribute('open')).resolves.toBeNull();
      await page.locator('[data-testid=timeline-section] > details > summary').click();
      await page
        .locator('[data-testid=timeline] li[data-type=verification-requested]')
        .getByText('County duty office asked for verification: How many injured?')
        .waitFor({ timeout: 10_000 });
      // R-VERIFY-20-40: the town calls back; the officer logs its phone answer on the page, which meets the obligation
      const questions = page.locator('[data-testid=verification-requests] > details');
      await questions.locator('summary').first().click();
      await questions.locator('.duty-answer-form summary').click();
      await questions.locator('textarea[name=answer]').fill('One person slightly hurt');
      await questions.locator('input[name=answeredByName]').fill('Zhao');
      await questions.locator('input[name=answeredByPhone]').fill('13800000007');
      await questions.locator('[data-testid=phone-answer-form] button[type=submit]').click();
      await page
        .locator('[data-testid=verification-answer]')
        .getByText('One person slightly hurt')
        .waitFor({ timeout: 10_000 });
      await page
        .locator('[data-testid=incident-obligations] tr[data-obligation$="-phone"]')
        .getByText('met')
        .waitFor({ timeout: 10_000 });
      await expect(page.locator('[data-testid=incident-obligations] thead').isVisible()).resolves.toBe(false);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'phone-incident');
      await page.screenshot({ path: join(ARTIFACTS, 'duty-phone-incident-first-screen.png') });
      // …and the printable report fits the phone too
      await written.locator('[data-testid=print-report]').click();
      await page.locator('[data-testid=print-sheet]').getByText('Emergency incident report (written report)').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'phone-print');
    });
  });
});
