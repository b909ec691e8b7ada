import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import type { OutboxMessage } from '../../infra/local/sns';
import { DESK, horizontalOverflow, launchTestBrowser, PHONE, seriousAxeFindings } from '../support/browser';
import { phoneFirstReport } from '../support/http-events';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Issue 14 (items 1 and 10, the phones and the links): the duty board, the session, the sign-in, the pages on a 390 px
// phone, and the links the messages give. Screenshots go beside console.test.ts's, named board-*.png.
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
// 30 policy minutes pass in 15 s: the written reports fall due and escalate while the test runs, so an escalation
// e-mail (with its console link and its acknowledgement link) is in the outbox for the last tests.
const DRILL_SPEED = '120';

const SEVERITY_ORDER = ['especially-major', 'major', 'relatively-major', 'general'];

/** The page's `getComputedStyle`, as the callbacks run there see it (no DOM types in this project's tests). */
interface PageWindow {
  getComputedStyle(element: unknown): { display: string; backgroundColor: string; filter: string };
}

describe('issue 14: board, session, sign-in, phones and links (npm start → /console)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let consoleUrl: string;
  /** The incidents filed, oldest first: [general, especially major, general, major]. */
  const filed: { incidentId: string; severity: string }[] = [];

  const contexts: BrowserContext[] = [];
  async function newPage(options: {
    viewport: { width: number; height: number };
    locale?: 'zh-CN' | 'en';
    isMobile?: boolean;
  }): Promise<Page> {
    const context = await browser.newContext({
      viewport: options.viewport,
      locale: 'zh-CN',
      timezoneId: 'Europe/London',
      isMobile: options.isMobile ?? false,
      hasTouch: options.isMobile ?? false,
    });
    contexts.push(context);
    const page = await context.newPage();
    // The console remembers the language in localStorage: each page starts in the one asked.
    await page.addInitScript((language) => {
      const storage = (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } })
        .localStorage;
      if (language === 'en') storage.setItem('console.locale', 'en');
    }, options.locale ?? 'zh-CN');
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `board-${name}.png`), fullPage: true });

  /** Signs in through the local form (signed by the runtime's key) as the role; a reporter picks its unit. */
  async function signIn(page: Page, role: 'duty-officer' | 'reporter' | 'admin', unitId?: string): Promise<void> {
    const form = page.locator('[data-testid=local-sign-in]');
    await form.locator('select[name=role]').selectOption(role);
    if (unitId) await form.locator('select[name=unitId]').selectOption(unitId);
    await form.locator('button[type=submit]').click();
  }

  async function fileIncident(severity: string, title: string): Promise<string> {
    const token = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const response = await fetch(`${runtime.apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(
        phoneFirstReport({ occurredAt: new Date(Date.now() - 60_000).toISOString(), severity, title }),
      ),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { incidentId: string }).incidentId;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'incident-board-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED });
    consoleUrl = `${runtime.apiUrl}/console/`;
    browser = await launchTestBrowser();
    // Filed in this order, so that age and severity disagree: the oldest is the least grave.
    for (const [severity, title] of [
      ['general', '道路积水（一般，最早）'],
      ['especially-major', '储罐爆炸（特别重大）'],
      ['general', '广告牌倾斜（一般，较晚）'],
      ['major', '山体滑坡（重大）'],
    ] as const) {
      filed.push({ incidentId: await fileIncident(severity, title), severity });
      // Received times a whole millisecond apart at least, so "oldest first" has one answer.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('sign-in (item 1)', () => {
    it('issue 14 item 1: a reporter picks its unit from the directory (no typing), and the header says until when the session lasts', async () => {
      // Prepare
      const page = await newPage({ viewport: DESK });
      await page.goto(consoleUrl);
      const form = page.locator('[data-testid=local-sign-in]');
      await form.locator('select[name=role]').selectOption('reporter');
      const unitSelect = form.locator('select[name=unitId]');
      // Assess: a list from the directory, nothing chosen until the reporter picks
      await unitSelect.locator('option[value=gaosheng-zone]').waitFor({ state: 'attached' });
      await expect(unitSelect.inputValue()).resolves.toBe('');
      await expect(unitSelect.locator('option').first().textContent()).resolves.toBe('请选择单位');
      await expect(unitSelect.locator('option').count()).resolves.toBeGreaterThan(10);
      await expect(form.locator('input[name=unitId]').count()).resolves.toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'sign-in');
      // Act
      await unitSelect.selectOption('gaosheng-zone');
      await form.locator('button[type=submit]').click();
      // Assess: signed in for that unit, with the token's exp as hh:mm Beijing time
      const until = page.locator('[data-testid=session-until]');
      await until.waitFor();
      const token = await page.evaluate(
        () =>
          (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
            'console.idToken',
          ) ?? '',
      );
      const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
      const hhmm = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(exp * 1000));
      await expect(until.textContent()).resolves.toBe(`登录有效至 ${hhmm}（北京时间）`);
      // The unit by its name, once the directory has arrived
      await page.locator('[data-testid=signed-in]', { hasText: '盘锦高升经济区管委会' }).waitFor();
    });

    it('issue 14 item 1: an unknown unit is refused, by the runtime and in the form, in the current language', async () => {
      // Prepare
      const page = await newPage({ viewport: DESK });
      await page.goto(consoleUrl);
      const form = page.locator('[data-testid=local-sign-in]');
      await form.locator('select[name=role]').selectOption('reporter');
      await form.locator('select[name=unitId] option[value=gaosheng-zone]').waitFor({ state: 'attached' });
      // Act: a unit the directory does not have (as a stale bookmark or a hand-made request would send), over HTTP…
      const refused = await fetch(`${runtime.apiUrl}/local/console-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'reporter', unitId: 'gaosheng-zon' }),
      });
      // …and through the form, with an option the directory never listed
      await page.evaluate(() => {
        const documentRef = (globalThis as unknown as { document: { querySelector(selector: string): unknown } })
          .document;
        const select = documentRef.querySelector('[data-testid=local-sign-in] select[name=unitId]') as {
          append(option: unknown): void;
          value: string;
          dispatchEvent(event: unknown): void;
        };
        const Option = (globalThis as unknown as { Option: new (text: string, value: string) => unknown }).Option;
        const EventClass = (globalThis as unknown as { Event: new (type: string, init: object) => unknown }).Event;
        select.append(new Option('打错的单位', 'gaosheng-zon'));
        select.value = 'gaosheng-zon';
        select.dispatchEvent(new EventClass('change', { bubbles: true }));
      });
      await form.locator('button[type=submit]').click();
      // Assess
      expect(refused.status).toBe(400);
      const problem = (await refused.json()) as { detail: string; errors: { field: string }[] };
      expect(problem.errors.map((error) => error.field)).toEqual(['unitId']);
      expect(problem.detail).toContain('Unknown unit "gaosheng-zon"');
      await expect(page.locator('[data-testid=sign-in-error]').textContent()).resolves.toBe(
        '登录失败：所选单位不在单位名录中，请从列表中选择。',
      );
      await expect(page.locator('[data-testid=signed-in]').count()).resolves.toBe(0);
      // The directory the form reads before sign-in: names and kinds, no contact
      const { units } = (await (await fetch(`${runtime.apiUrl}/local/units`)).json()) as {
        units: Record<string, unknown>[];
      };
      expect(units.find((unit) => unit.unitId === 'gaosheng-zone')).toEqual({
        unitId: 'gaosheng-zone',
        kind: 'zone',
        name: { 'zh-CN': '盘锦高升经济区管委会', en: 'Panjin Gaosheng Economic Zone Management Committee' },
      });
      await shot(page, 'sign-in-refused');
    });
  });

  describe('the board (item 3)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage({ viewport: DESK });
      await page.goto(consoleUrl);
      await signIn(page, 'duty-officer');
    });

    it('issue 14 item 3: open incidents by severity (especially major first), then by age (oldest first)', async () => {
      // Prepare
      const rows = page.locator('[data-testid=incident-row]');
      await page.waitForFunction(
        (count) =>
          (
            globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } }
          ).document.querySelectorAll('[data-testid=incident-row]').length >= count,
        filed.length,
      );
      // Act
      const shown = await rows.evaluateAll((elements) =>
        elements.map((element) => ({
          incidentId: element.getAttribute('data-incident'),
          severity: element.getAttribute('data-severity'),
        })),
      );
      // Assess
      const expected = [...filed].sort(
        (a, b) =>
          SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
          filed.indexOf(a) - filed.indexOf(b),
      );
      expect(shown).toEqual(expected);
      expect(shown.map((row) => row.incidentId)).toEqual([
        filed[1].incidentId,
        filed[3].incidentId,
        filed[0].incidentId,
        filed[2].incidentId,
      ]);
    });

    it("issue 14 item 3: every deadline shows its incident's severity", async () => {
      // Prepare
      const names: Record<string, string> = {
        'especially-major': '特别重大',
        major: '重大',
        'relatively-major': '较大',
        general: '一般',
      };
      const deadlines = page.locator('[data-testid=deadline-row]');
      await deadlines.first().waitFor();
      // Act: the severity cell of each incident's written report, once the incidents are listed
      await page.locator('[data-testid=deadline-severity] .severity').first().waitFor();
      const shown = await deadlines.evaluateAll((elements) =>
        elements.map((element) => ({
          incidentId: element.getAttribute('data-incident'),
          severity: element.querySelector('[data-testid=deadline-severity]')?.textContent,
        })),
      );
      // Assess
      for (const { incidentId, severity } of filed)
        expect(shown.filter((row) => row.incidentId === incidentId).map((row) => row.severity)).toContain(
          names[severity],
        );
      expect(shown.every((row) => Object.values(names).includes(row.severity ?? ''))).toBe(true);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'desk');
    });

    it('issue 14 item 3, R-SPOTCHECK: the spot-check form has no default unit — a click alone checks nobody', async () => {
      // Prepare
      const form = page.locator('[data-testid=spot-check-form]');
      const select = form.locator('select[name=unitId]');
      let posted = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/spot-checks') posted += 1;
      });
      // Act: submit untouched
      await form.locator('button[type=submit]').click();
      // Assess: nothing chosen, the placeholder shown, the browser refuses the form
      await expect(select.inputValue()).resolves.toBe('');
      await expect(select.locator('option:checked').textContent()).resolves.toBe('请选择单位');
      await expect(
        select.evaluate((element) => (element as unknown as { validity: { valid: boolean } }).validity.valid),
      ).resolves.toBe(false);
      expect(posted).toBe(0);
      // Act: a unit picked, then submitted
      await select.selectOption('example-town-a');
      await form.locator('button[type=submit]').click();
      // Assess
      await page.locator('.ok').getByText('已发起抽查').waitFor();
      expect(posted).toBe(1);
    });
  });

  describe('phones (item 4) and the pages the API renders (item 5)', () => {
    // The evaluation loads once per visit: wait until every written report filed above counts as missed (15 s at this
    // speed), so each page shows its late and missed cells and its list of lapses too.
    beforeAll(async () => {
      const token = await issueLocalToken(dataDir, { role: 'duty-officer' });
      const month = (offset: number) => {
        const beijing = new Date(Date.now() + 8 * 3_600_000);
        return new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() + offset, 1))
          .toISOString()
          .slice(0, 10);
      };
      let lapses = 0;
      for (
        const giveUpAt = Date.now() + 60_000;
        lapses < filed.length && Date.now() < giveUpAt;
        await new Promise((resolve) => setTimeout(resolve, 500))
      ) {
        const response = await fetch(`${runtime.apiUrl}/evaluations?from=${month(0)}&to=${month(1)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        lapses = ((await response.json()) as { lapses: unknown[] }).lapses.length;
      }
      expect(lapses).toBeGreaterThanOrEqual(filed.length);
    });

    for (const language of ['zh-CN', 'en'] as const) {
      it(`issue 14 item 4: at 390 px in ${language} the board and the evaluation are cards, with no horizontal scroll and no serious axe finding`, async () => {
        // Prepare
        const page = await newPage({ viewport: PHONE, locale: language, isMobile: true });
        await page.goto(consoleUrl);
        // The sign-in, with a reporter's list of units (the longest names of the directory)
        await page.locator('[data-testid=local-sign-in] select[name=role]').selectOption('reporter');
        await page.locator('[data-testid=local-sign-in] select[name=unitId] option[value=gaosheng-zone]').waitFor({
          state: 'attached',
        });
        expect(await horizontalOverflow(page)).toBe(0);
        expect(await seriousAxeFindings(page)).toEqual([]);
        await signIn(page, 'duty-officer');
        await page.locator('[data-testid=incident-row]').first().waitFor();
        await page.locator('[data-testid=deadline-row] [data-testid=deadline-severity] .severity').first().waitFor();
        // Act, Assess: the board
        const cell = page.locator('[data-testid=incident-row] td').first();
        await expect(
          cell.evaluate((element) => (globalThis as unknown as PageWindow).getComputedStyle(element).display),
        ).resolves.toBe('block');
        await expect(cell.getAttribute('data-label')).resolves.toBe(language === 'en' ? 'Severity' : '级别');
        expect(await horizontalOverflow(page)).toBe(0);
        expect(await seriousAxeFindings(page)).toEqual([]);
        await shot(page, `phone-${language}`);
        // Act, Assess: the evaluation
        await page.locator('[data-testid=tab-evaluation]').click();
        await page.locator('[data-testid=evaluation-row][data-unit=gaosheng-zone]').waitFor();
        await page.locator('[data-testid=chart-by-unit]').waitFor();
        await page.locator('[data-testid=lapses]').waitFor();
        expect(new URL(page.url()).hash).toBe('#/evaluation');
        expect(await horizontalOverflow(page)).toBe(0);
        expect(await seriousAxeFindings(page)).toEqual([]);
        await shot(page, `evaluation-phone-${language}`);
      });
    }

    it('issue 14 item 4: the evaluation on a desk has no serious axe finding', async () => {
      // Prepare
      const page = await newPage({ viewport: DESK });
      await page.goto(`${consoleUrl}#/evaluation`);
      await signIn(page, 'duty-officer');
      // Act
      await page.locator('[data-testid=evaluation-row][data-unit=gaosheng-zone]').waitFor();
      await page.locator('[data-testid=lapses]').waitFor();
      // Assess
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'evaluation-desk');
    });

    for (const language of ['zh-CN', 'en'] as const) {
      it(`issue 14 item 5, R-EVAL: the notice (${language}) is laid out for the phone: device width, no horizontal scroll`, async () => {
        // Prepare: the page as the API serves it
        const token = await issueLocalToken(dataDir, { role: 'duty-officer' });
        const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
        const response = await fetch(`${runtime.apiUrl}/evaluations/notice?period=${month}&lang=${language}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        const html = await response.text();
        const page = await newPage({ viewport: PHONE, isMobile: true });
        // Act
        await page.setContent(html);
        // Assess: a phone lays it out at its own width (no viewport → 980 px, shrunk), nothing wider than that
        await expect(page.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth)).resolves.toBe(
          PHONE.width,
        );
        expect(await horizontalOverflow(page)).toBe(0);
        expect(await seriousAxeFindings(page)).toEqual([]);
        await shot(page, `notice-phone-${language}`);
      });
    }

    it('issue 14 items 5 and 6, R-LADDER: the escalation e-mail links the obligation in the console; its acknowledgement page fits the phone', async () => {
      // Prepare: step 1 of the especially major incident's written report, sent at its deadline (15 s at this speed)
      const { incidentId } = filed[1];
      let email: OutboxMessage | undefined;
      for (
        const giveUpAt = Date.now() + 60_000;
        !email && Date.now() < giveUpAt;
        await new Promise((resolve) => setTimeout(resolve, 250))
      ) {
        const { messages } = (await (await fetch(`${runtime.apiUrl}/local/outbox`)).json()) as {
          messages: OutboxMessage[];
        };
        email = messages.find(
          (message) =>
            message.incidentId === incidentId &&
            message.kind === 'escalation' &&
            message.channel === 'email' &&
            message.step === 1,
        );
      }
      expect(email).toBeDefined();
      const link = /https?:\/\/\S+\/acknowledgements\/\S+/.exec(email!.body)![0];
      const page = await newPage({ viewport: PHONE, isMobile: true });
      // Act
      const response = await page.goto(link);
      // Assess: item 6, the console's page of the obligation, no API call to copy
      expect(email!.body).toContain(`${consoleUrl}#/incidents/${incidentId}/obligations/written-report`);
      expect(email!.body).not.toMatch(/POST |GET http/);
      // item 5: an HTML page at the phone's width, nothing wider
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
      await page.getByText('已确认收到', { exact: true }).waitFor();
      await expect(page.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth)).resolves.toBe(
        PHONE.width,
      );
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'acknowledgement-phone');
    });
  });

  describe('a session that ends while the page is open (item 10)', () => {
    it('issue 14 item 10: when the token expires the board greys under a red banner, countdowns and polling stop, the header no longer says signed in; signing in again brings the board back', async () => {
      // Prepare: a session of a few seconds, kept as the console keeps one
      const page = await newPage({ viewport: DESK });
      const token = await issueLocalToken(dataDir, { role: 'duty-officer', seconds: 8 });
      await page.goto(consoleUrl);
      await page.evaluate((value) => {
        (
          globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
        ).sessionStorage.setItem('console.idToken', value);
      }, token);
      await page.reload();
      await page.locator('[data-testid=deadline-row]').first().waitFor();
      await page.locator('[data-testid=signed-in]').waitFor();
      const reads: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path === '/obligations' || path === '/incidents') reads.push(path);
      });
      // Act: the token's exp passes
      const banner = page.locator('[data-testid=session-expired]');
      await banner.waitFor({ timeout: 30_000 });
      const countdown = page.locator('[data-testid=deadline-row] .countdown').first();
      const before = await countdown.textContent();
      reads.length = 0;
      // Two polling periods (3 s each) and several countdown ticks (1 s) pass
      await page.waitForTimeout(6_500);
      // Assess
      await expect(banner.textContent()).resolves.toContain('登录已过期，请重新登录');
      await expect(
        banner.evaluate((element) => (globalThis as unknown as PageWindow).getComputedStyle(element).backgroundColor),
      ).resolves.toBe('rgb(183, 28, 28)');
      await expect(page.locator('main').getAttribute('class')).resolves.toContain('expired');
      await expect(
        page
          .locator('main')
          .evaluate((element) => (globalThis as unknown as PageWindow).getComputedStyle(element).filter),
      ).resolves.toContain('grayscale');
      await expect(countdown.textContent()).resolves.toBe(before);
      expect(reads).toEqual([]);
      await expect(page.locator('[data-testid=signed-in]').count()).resolves.toBe(0);
      await expect(page.locator('body').textContent()).resolves.not.toMatch(/HTTP \d{3}|Unauthorized|Failed to fetch/);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await shot(page, 'expired');
      // Act: sign in again from the banner
      await page.locator('[data-testid=sign-in-again]').click();
      await signIn(page, 'duty-officer');
      // Assess: the board is live again
      await banner.waitFor({ state: 'detached' });
      await page.locator('[data-testid=signed-in]').waitFor();
      await expect(page.locator('main').getAttribute('class')).resolves.not.toContain('expired');
      await page.waitForFunction(
        (previous) =>
          (
            globalThis as unknown as { document: { querySelector(selector: string): { textContent: string } | null } }
          ).document.querySelector('[data-testid=deadline-row] .countdown')?.textContent !== previous,
        before,
      );
    });

    it('issue 14 item 10: an API call answered 401 ends the session too, in English when English is chosen; signing in again returns to the same page', async () => {
      // Prepare: a token the API refuses (its signature broken), on the evaluation page, in English
      const page = await newPage({ viewport: DESK, locale: 'en' });
      const valid = await issueLocalToken(dataDir, { role: 'duty-officer' });
      const broken = `${valid.slice(0, -4)}${valid.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      await page.goto(`${consoleUrl}#/evaluation`);
      await page.evaluate((value) => {
        (
          globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }
        ).sessionStorage.setItem('console.idToken', value);
      }, broken);
      // Act
      await page.reload();
      const banner = page.locator('[data-testid=session-expired]');
      await banner.waitFor();
      // Assess
      await expect(banner.textContent()).resolves.toContain('Session expired — sign in again');
      await expect(page.locator('[data-testid=signed-in]').count()).resolves.toBe(0);
      await expect(page.locator('body').textContent()).resolves.not.toMatch(/HTTP \d{3}|Unauthorized|出错了/);
      // Act: sign in again
      await page.locator('[data-testid=sign-in-again]').click();
      await signIn(page, 'duty-officer');
      // Assess: back on the evaluation, not the board
      await page.locator('[data-testid=evaluation-row][data-unit=gaosheng-zone]').waitFor();
      expect(new URL(page.url()).hash).toBe('#/evaluation');
      await expect(banner.count()).resolves.toBe(0);
    });
  });
});
