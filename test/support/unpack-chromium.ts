// Unpacks the browser the tests drive, from npm packages only (no apt, no root, no download), into
// the directory given as the only argument, and prints the path of its executable:
// - @sparticuz/chromium's Chromium (brotli-packed in the package), with the Open Sans it ships;
// - the NSS, NSPR and expat libraries the package ships for Amazon Linux 2023: the only libraries
//   the binary links beyond glibc and libgcc, so a machine with nothing but Node can run it;
// - Noto Sans SC (@fontsource-variable/noto-sans-sc) as TrueType: the browser's font library
//   reads neither WOFF nor WOFF2 from disk, so wawoff2 turns each subset back into a .ttf;
// - a fontconfig file naming only those fonts, so a screenshot looks the same on every machine.
// Run by test/support/browser.ts in a child process (the package is ESM only; jest runs CommonJS).
// Unpacks into a sibling directory and renames it into place: a run killed half-way leaves no
// half-written browser behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const target = process.argv[2];
if (!target) throw new Error('usage: unpack-chromium.ts <directory>');

if (!existsSync(join(target, 'chromium'))) {
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'noto-sans-sc'), { recursive: true });
  // The package unpacks into os.tmpdir() (its Lambda's /tmp): point that at the staging directory.
  process.env.TMPDIR = staging;
  const { default: chromium, inflate } = await import('@sparticuz/chromium');
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('@sparticuz/chromium')), '..', 'bin');
  await chromium.executablePath(bin); // chromium, fonts/ (Open Sans), SwiftShader
  await inflate(join(bin, 'al2023.tar.br')); // al2023/lib (the package does this only on Amazon Linux)

  const { decompress } = require('wawoff2') as typeof import('wawoff2');
  const woff2 = join(dirname(require.resolve('@fontsource-variable/noto-sans-sc/package.json')), 'files');
  for (const file of readdirSync(woff2).filter((name) => name.endsWith('.woff2'))) {
    writeFileSync(
      join(staging, 'noto-sans-sc', file.replace(/\.woff2$/, '.ttf')),
      await decompress(readFileSync(join(woff2, file))),
    );
  }
  writeFileSync(
    join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${join(target, 'noto-sans-sc')}</dir>
  <dir>${join(target, 'fonts')}</dir>
  <cachedir>${join(target, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
  );
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another process got there first: keep its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'chromium'))) throw error;
  }
}
process.stdout.write(join(target, 'chromium'));
