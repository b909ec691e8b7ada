import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface TestBrowser {
  executablePath: string;
  /** The environment to launch it with (undefined: the tests' own). */
  env?: Record<string, string | undefined>;
  /** Where it came from, for the test log. */
  source: string;
}

/**
 * The Chromium the browser tests drive, in this order:
 * 1. `CHROMIUM_PATH`, when set and not empty, launched as it is (e.g. Debian's /usr/bin/chromium);
 * 2. the Chromium that the `@sparticuz/chromium` dev dependency ships inside its npm package,
 *    unpacked once into node_modules/.cache with the libraries and fonts it needs
 *    (test/support/unpack-chromium.ts), so `npm install && npm test` needs nothing else.
 * The package ships an x64 Linux build only; elsewhere set CHROMIUM_PATH. No other path is looked at.
 */
export function testBrowser(): TestBrowser {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment) return { executablePath: fromEnvironment, source: 'CHROMIUM_PATH' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `@sparticuz/chromium ships a Linux x64 Chromium only (this is ${process.platform} ${process.arch}): set CHROMIUM_PATH to a Chromium or Chrome`,
    );
  }
  const packageDir = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  const chromiumVersion = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const fontVersion = (
    JSON.parse(readFileSync(require.resolve('@fontsource-variable/noto-sans-sc/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const directory = join(
    packageDir,
    '..',
    '..',
    '.cache',
    `sparticuz-chromium-${chromiumVersion}-noto-sans-sc-${fontVersion}`,
  );
  const executablePath = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'unpack-chromium.ts'), directory],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const libraries = join(directory, 'al2023', 'lib');
  return {
    executablePath,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ? `${libraries}:${process.env.LD_LIBRARY_PATH}` : libraries,
      FONTCONFIG_FILE: join(directory, 'fonts.conf'),
    },
    source: `@sparticuz/chromium ${chromiumVersion}`,
  };
}

/** The two screens every console page is tested on: a 390×844 phone and a desk. */
export const PHONE = { width: 390, height: 844 } as const;
export const DESK = { width: 1440, height: 900 } as const;

/**
 * Launches the test browser (`testBrowser`): no sandbox (root in CI), no background traffic to hosts this machine
 * cannot reach.
 */
export async function launchTestBrowser(): Promise<Browser> {
  const { executablePath, env } = testBrowser();
  return chromium.launch({
    executablePath,
    env,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A finding of axe-core, as much of it as a failing test needs to name it. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (from its npm package, injected into the page) and returns the serious and critical violations — what
 * a page must not have (AGENTS: "no serious axe finding").
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated over the DevTools protocol, which the page's content security policy does not govern: the pages are
  // tested under the CSP they are served with (an inline <script> tag would be refused by it, rightly).
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  interface AxeResults {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  }
  // Runs in the page: its globals are the browser's (this project's TypeScript has no DOM types outside console/).
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** How far the page is wider than the screen, in CSS px (0: no horizontal scroll). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const browser = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return Math.max(0, browser.document.documentElement.scrollWidth - browser.innerWidth);
  });
}
