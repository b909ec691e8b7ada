import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import type { Unit } from '../../functions/domain/directory';
import { DESK, horizontalOverflow, launchTestBrowser, PHONE, seriousAxeFindings } from '../support/browser';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Issue 15 item 1 (console half): the directory of units and contacts, kept by the duty office and admins in the
// console. What a change saves is read back through the API, as the next escalation would read it. At a desk in
// Chinese, on a phone in English. Screenshots kept after the run (CI artefacts).
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const UNIT = 'gaosheng-zone';

describe('the directory of units and contacts in the console (issue 15 item 1)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let dutyToken: string;
  let adminToken: string;
  let reporterToken: string;

  const storedUnit = async (unitId: string): Promise<Unit> => {
    const response = await fetch(`${runtime.apiUrl}/units/${unitId}`, {
      headers: { authorization: `Bearer ${dutyToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Unit;
  };

  /** A signed-in page (the token in sessionStorage, as the local sign-in form leaves it). */
  const signedInPage = async (token: string, viewport: { width: number; height: number }, language: 'zh-CN' | 'en') => {
    const context = await browser.newContext({
      viewport,
      locale: language,
      timezoneId: 'Europe/London',
      ...(viewport.width < 640 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    await context.addInitScript(
      ({ idToken, english }) => {
        sessionStorage.setItem('console.idToken', idToken);
        if (english) localStorage.setItem('console.locale', 'en');
      },
      { idToken: token, english: language === 'en' },
    );
    return context.newPage();
  };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `directory-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'incident-directory-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    browser = await launchTestBrowser();
    dutyToken = await issueLocalToken(dataDir, { role: 'duty-officer', subject: 'duty-test' });
    adminToken = await issueLocalToken(dataDir, { role: 'admin', subject: 'admin-test' });
    reporterToken = await issueLocalToken(dataDir, { role: 'reporter', unitId: UNIT, subject: 'zone-test' });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('at a desk, in Chinese, as the duty officer', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedInPage(dutyToken, DESK, 'zh-CN');
    });
    afterAll(async () => page?.context().close());

    it('lists every unit with its kind, parent, standing contacts and staff count, and filters them', async () => {
      await page.goto(`${runtime.apiUrl}/console/`);
      const link = page.locator('[data-testid=tab-directory]');
      await expect(link.textContent()).resolves.toBe('单位名录');
      await link.click();
      await page.locator('[data-testid=directory-units]').waitFor();
      expect(new URL(page.url()).hash).toBe('#/directory');
      const row = page.locator(`[data-testid=directory-row][data-unit=${UNIT}]`);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('盘锦高升经济区管委会');
      expect(text).toContain('经济区'); // its kind
      expect(text).toContain('县政府总值班室'); // its parent, by name
      expect(text).toContain('+8613800000003'); // the duty contact's phone
      expect(text).toContain('+8613800000004'); // the principal leader's
      await expect(row.locator('[data-testid=staff-count]').textContent()).resolves.toBe('0');
      const all = await page.locator('[data-testid=directory-row]').count();
      expect(all).toBeGreaterThan(10);
      // The filter finds a unit by a contact's phone, and only it.
      await page.locator('input[name=filter]').fill('13800000003');
      await expect(page.locator('[data-testid=directory-row]').count()).resolves.toBe(1);
      await page.locator('input[name=filter]').fill('');
      await expect(page.locator('[data-testid=directory-row]').count()).resolves.toBe(all);
      await shot(page, 'desk-list');
    });

    it("changes the duty contact's phone: the API holds the new number, the page shows the unit as saved", async () => {
      await page.locator(`[data-testid=directory-row][data-unit=${UNIT}] td.card-title a`).click();
      const form = page.locator('[data-testid=unit-form]');
      await form.waitFor();
      expect(new URL(page.url()).hash).toBe(`#/directory/${UNIT}`);
      // The parent is the one stored, not a default.
      await expect(form.locator('select[name=parentUnitId]').inputValue()).resolves.toBe('county-gov-duty-office');
      const phone = form.getByLabel('电话').first();
      await expect(phone.inputValue()).resolves.toBe('+8613800000003');
      await phone.fill('+8613900000333');
      await form.locator('[data-testid=unit-save]').click();
      await page.locator('[data-testid=unit-status]', { hasText: '已保存' }).waitFor();
      const stored = await storedUnit(UNIT);
      expect(stored.contacts.dutyContact.phone).toBe('+8613900000333');
      // Nothing else changed: the leader, the parent, the names.
      expect(stored.contacts.principalLeader.phone).toBe('+8613800000004');
      expect(stored.parentUnitId).toBe('county-gov-duty-office');
      expect(stored.name['zh-CN']).toBe('盘锦高升经济区管委会');
      await expect(form.locator('#unit-dutyContact-phone').inputValue()).resolves.toBe('+8613900000333');
    });

    it('adds a staff member, who is listed on the page and in the API', async () => {
      const add = page.locator('[data-testid=add-staff]');
      await add.locator('summary').click();
      const form = add.locator('[data-testid=staff-form]');
      await form.getByLabel('姓名').fill('李值班');
      await form.getByLabel('电话').fill('+8613700000777');
      await form.locator('[data-testid=staff-save]').click();
      const member = page.locator('[data-testid=staff-member]', { hasText: '李值班' });
      await member.waitFor();
      await expect(member.textContent()).resolves.toContain('+8613700000777');
      await page.locator('[data-testid=staff-status]', { hasText: '已保存' }).waitFor();
      const stored = await storedUnit(UNIT);
      expect(stored.staff).toEqual([
        expect.objectContaining({ name: '李值班', phone: '+8613700000777', role: 'staff', locale: 'zh-CN' }),
      ]);
      await shot(page, 'desk-unit');
    });

    it('refuses a phone that is not E.164: the field is named beside its input, in Chinese, and nothing changes', async () => {
      const before = await storedUnit(UNIT);
      const form = page.locator('[data-testid=unit-form]');
      await form.locator('#unit-dutyContact-phone').fill('13800000000');
      await form.locator('[data-testid=unit-save]').click();
      const fieldError = form.locator('[data-field="contacts.dutyContact.phone"] [data-testid=field-error]');
      await fieldError.waitFor();
      const message = (await fieldError.textContent()) ?? '';
      expect(message).toMatch(/[\u4e00-\u9fff]/); // the page's language
      await expect(form.locator('#unit-dutyContact-phone').getAttribute('aria-invalid')).resolves.toBe('true');
      const describedBy = (await form.locator('#unit-dutyContact-phone').getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ')).toContain('unit-dutyContact-phone-error');
      // The summary names the field by its label, not its path.
      const summary = (await form.locator('[data-testid=save-refused]').textContent()) ?? '';
      expect(summary).toContain('值班联系人 · 电话');
      // Only that field is marked.
      await expect(form.locator('[data-testid=field-error]').count()).resolves.toBe(1);
      await expect(page.locator('[data-testid=unit-status]').textContent()).resolves.toBe('');
      expect(await storedUnit(UNIT)).toEqual(before);
      await shot(page, 'desk-refused');
    });
    it('deactivates a unit only after the confirm step; a unit with an open incident is refused with the reason', async () => {
      // Prepare: an open incident on example-town-a (filed by the duty office for it)
      const filed = await fetch(`${runtime.apiUrl}/incidents`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${dutyToken}`,
          'idempotency-key': 'directory-test-open-incident',
        },
        body: JSON.stringify({
          unitId: 'example-town-a',
          title: '某村道路塌陷',
          category: 'hazardous-chemicals',
          severity: 'general',
          occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          location: '示例镇甲',
          channel: 'phone',
          summary: '道路塌陷',
          reporter: { name: '王某', phone: '+8613800000001' },
        }),
      });
      expect(filed.status).toBe(201);
      // Act: the unit with the open incident
      await page.goto(`${runtime.apiUrl}/console/#/directory/example-town-a`);
      await page.locator('[data-testid=deactivate]').click();
      await page.locator('[data-testid=confirm-deactivate]').click();
      // Assert: refused, with the API's detail, and still active
      const refusal = page.locator('[data-testid=deactivate-section] [role=alert]');
      await refusal.waitFor();
      expect((await refusal.textContent())?.length).toBeGreaterThan(4);
      expect((await storedUnit('example-town-a')).deactivatedAt).toBeUndefined();
      // Act: a unit without one; the first click only asks
      await page.goto(`${runtime.apiUrl}/console/#/directory/example-town-b`);
      await page.locator('[data-testid=deactivate]').click();
      expect((await storedUnit('example-town-b')).deactivatedAt).toBeUndefined();
      await page.locator('[data-testid=confirm-deactivate]').click();
      // Assert: deactivated, as the page and the API say, and badged in the list
      await page.locator('.directory-unit h2 .dir-badge', { hasText: '已停用' }).waitFor();
      expect((await storedUnit('example-town-b')).deactivatedAt).toEqual(expect.any(String));
      await page.locator('[data-testid=tab-directory]').click();
      await page.locator('[data-testid=directory-row][data-unit=example-town-b] .dir-badge').waitFor();
      // A deactivated unit is no parent to choose for another
      await page.goto(`${runtime.apiUrl}/console/#/directory/${UNIT}`);
      await page
        .locator('[data-testid=unit-form] select[name=parentUnitId] option')
        .nth(2)
        .waitFor({ state: 'attached' });
      const parents = await page
        .locator('select[name=parentUnitId] option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
      expect(parents).not.toContain('example-town-b');
      expect(parents).not.toContain(UNIT);
      expect(parents).toContain('example-town-a');
    });
  });

  describe('on a phone, in English', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedInPage(dutyToken, PHONE, 'en');
    });
    afterAll(async () => page?.context().close());

    it('the list: no sideways scroll, cards, no serious axe finding', async () => {
      await page.goto(`${runtime.apiUrl}/console/#/directory`);
      await page.locator('[data-testid=directory-units]').waitFor();
      await expect(page.locator('[data-testid=tab-directory]').textContent()).resolves.toBe('Directory');
      await expect(page.locator('h2').first().textContent()).resolves.toBe('Directory of units');
      await expect(horizontalOverflow(page)).resolves.toBe(0);
      // A card per unit: the table's header row is hidden, each cell labelled.
      await expect(page.locator('[data-testid=directory-units] thead').isVisible()).resolves.toBe(false);
      await expect(seriousAxeFindings(page)).resolves.toEqual([]);
      await shot(page, 'phone-list');
    });

    it('a unit page: no sideways scroll with its forms stacked, no serious axe finding, refusals in English', async () => {
      await page.goto(`${runtime.apiUrl}/console/#/directory/${UNIT}`);
      const form = page.locator('[data-testid=unit-form]');
      await form.waitFor();
      await page.locator('[data-testid=add-staff] summary').click();
      await page.locator('[data-testid=staff-member] button', { hasText: 'Edit' }).first().click();
      await expect(horizontalOverflow(page)).resolves.toBe(0);
      await expect(seriousAxeFindings(page)).resolves.toEqual([]);
      // Forms stack: the standing contact's name is above its phone, not beside it.
      const name = await form.locator('#unit-dutyContact-name').boundingBox();
      const phone = await form.locator('#unit-dutyContact-phone').boundingBox();
      expect(phone!.y).toBeGreaterThan(name!.y + name!.height);
      expect(Math.abs(phone!.x - name!.x)).toBeLessThan(2);
      await shot(page, 'phone-unit');
      // A refused save, in English this time, and still no sideways scroll.
      await form.locator('#unit-principalLeader-phone').fill('13800000000');
      await form.locator('[data-testid=unit-save]').click();
      const fieldError = form.locator('[data-field="contacts.principalLeader.phone"] [data-testid=field-error]');
      await fieldError.waitFor();
      await expect(fieldError.textContent()).resolves.toMatch(/E\.164/);
      await expect(horizontalOverflow(page)).resolves.toBe(0);
      await expect(seriousAxeFindings(page)).resolves.toEqual([]);
      await shot(page, 'phone-refused');
      expect((await storedUnit(UNIT)).contacts.principalLeader.phone).toBe('+8613800000004');
    });
  });

  describe('who sees it', () => {
    it('the admin lands on the directory (the admin sees no incident data), with the link and no board', async () => {
      const page = await signedInPage(adminToken, DESK, 'zh-CN');
      try {
        await page.goto(`${runtime.apiUrl}/console/`);
        await page.locator('[data-testid=directory-units]').waitFor();
        await expect(page.locator('[data-testid=tab-directory]').getAttribute('aria-current')).resolves.toBe('page');
        await expect(page.locator('header nav button', { hasText: '值班台' }).count()).resolves.toBe(0);
        await expect(page.locator('[role=alert]').count()).resolves.toBe(0);
      } finally {
        await page.context().close();
      }
    });

    it('a reporter never sees the directory link, nor the page at its address', async () => {
      const page = await signedInPage(reporterToken, PHONE, 'zh-CN');
      try {
        await page.goto(`${runtime.apiUrl}/console/`);
        await page.locator('[data-testid=signed-in]').waitFor();
        await expect(page.locator('[data-testid=tab-directory]').count()).resolves.toBe(0);
        await page.goto(`${runtime.apiUrl}/console/#/directory/${UNIT}`);
        await page.locator('[data-testid=signed-in]').waitFor();
        await expect(page.locator('[data-testid=tab-directory]').count()).resolves.toBe(0);
        await expect(page.locator('[data-testid=unit-form]').count()).resolves.toBe(0);
        await expect(page.locator('[data-testid=directory]').count()).resolves.toBe(0);
      } finally {
        await page.context().close();
      }
    });
  });
});
