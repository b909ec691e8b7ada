import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueLocalToken } from '../../infra/local/tokens';
import { launchTestBrowser, PHONE, testBrowser } from '../support/browser';
import { phoneFirstReport } from '../support/http-events';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

/**
 * R-INTAKE: what console/src/views/attachments.tsx does, done by a phone-sized Chromium on the console's origin: the
 * SHA-256 with crypto.subtle, the declaration, the cross-origin PUT to the local S3 (a CORS preflight, because
 * x-amz-checksum-sha256 is not a simple header; content-length set by the browser itself, and signed), complete, and
 * the presigned GET. The component is mounted by no page yet (the reporter's document forms will embed it), so the
 * browser runs its steps, not its markup.
 */
describe('R-INTAKE: a phone browser uploads a photo through the presigned URL (npm start → local S3, CORS)', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let browser: Browser;
  let page: Page;
  let token: string;
  let incidentId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-attachments-browser-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    token = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone' });
    const created = await fetch(`${runtime.apiUrl}/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(phoneFirstReport()),
    });
    incidentId = ((await created.json()) as { incidentId: string }).incidentId;
    browser = await launchTestBrowser();
    const { executablePath, source } = testBrowser();
    console.info(`browser: ${executablePath} (${source}), Chromium ${browser.version()}`);
    page = await browser.newPage({ viewport: PHONE, isMobile: true, locale: 'zh-CN' });
    await page.goto(`${runtime.apiUrl}/console/`);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-INTAKE, R-AUDIT: hashed in the page, PUT across origins with the signed headers, completed, read back byte for byte', async () => {
    // Act
    const outcome = await page.evaluate(
      async ({ incidentId, token }) => {
        const auth = { authorization: `Bearer ${token}` };
        const photo = new Uint8Array(3000).map((_, index) => (index * 31) % 251);
        photo.set([0xff, 0xd8, 0xff, 0xe0]);
        const file = new File([photo], '现场.jpg', { type: 'image/jpeg' });
        const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
        const sha256 = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
        const declared = await fetch(`/incidents/${incidentId}/attachments`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ fileName: file.name, contentType: file.type, size: file.size, sha256 }),
        });
        const upload = (await declared.json()) as {
          attachment: { attachmentId: string };
          uploadUrl: string;
          uploadHeaders: Record<string, string>;
        };
        const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.uploadHeaders, body: file });
        const id = upload.attachment.attachmentId;
        const completed = await fetch(`/incidents/${incidentId}/attachments/${id}/complete`, {
          method: 'POST',
          headers: auth,
        });
        const read = await fetch(`/incidents/${incidentId}/attachments/${id}`, { headers: auth });
        const { url } = (await read.json()) as { url: string };
        const downloaded = new Uint8Array(await (await fetch(url)).arrayBuffer());
        return {
          statuses: [declared.status, put.status, completed.status, read.status],
          crossOrigin:
            new URL(upload.uploadUrl).origin !== (globalThis as unknown as { location: URL }).location.origin,
          sameBytes: downloaded.length === photo.length && downloaded.every((byte, index) => byte === photo[index]),
        };
      },
      { incidentId, token },
    );
    // Assess
    expect(outcome).toEqual({ statuses: [201, 200, 200, 200], crossOrigin: true, sameBytes: true });
  });
});
