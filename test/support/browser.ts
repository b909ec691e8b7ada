import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
