import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { API_ROUTES } from '../../functions/api/routes';
import { launchTestBrowser } from '../support/browser';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

describe('the API reference at /docs (npm start)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-docs-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    // CHROMIUM_PATH, else the Chromium an npm package ships: never /usr/bin/chromium unasked.
    browser = await launchTestBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows every operation of GET /openapi.json, loading everything from its own origin under the console's CSP", async () => {
    const page = await browser!.newPage();
    const origins = new Set<string>();
    const problems: string[] = [];
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (answer) => answer.status() >= 400 && problems.push(`${answer.status()} ${answer.url()}`));
    const response = await page.goto(`${runtime!.apiUrl}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const operations = await page.locator('.opblock-summary').count();
    expect(operations).toBe(API_ROUTES.length);
    expect(await page.locator('.title').first().textContent()).toContain(
      'Incident-reporting deadlines and escalation API',
    );
    expect(
      [...origins].filter((origin) => origin !== runtime!.apiUrl && origin !== 'null' && !origin.startsWith('data:')),
    ).toEqual([]);
    expect(problems).toEqual([]);
  });
});
