import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLocalToken } from '../../infra/local/tokens';
import { ContractChecker } from '../support/contract';
import { phoneFirstReport } from '../support/http-events';
import { startRuntimeProcess, type RuntimeProcess } from '../support/local-runtime-process';

// Every answer of the API is checked against the OpenAPI document; the presigned S3 URLs go to the local S3 stand-in
// (127.0.0.1 too), outside the API, with the plain fetch.
const contract = new ContractChecker();
const api = contract.fetch();

interface Upload {
  attachment: { attachmentId: string; status: string };
  uploadUrl: string;
  uploadMethod: 'PUT';
  uploadHeaders: Record<string, string>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A small JPEG as a camera writes its first bytes (SOI, APP0 JFIF), then the rest. */
const jpeg = () =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(4000)]);

describe('R-INTAKE, R-AUDIT: photos from the scene end to end — presigned upload to the local S3, complete, attach, read back', () => {
  let dataDir: string;
  let runtime: RuntimeProcess;
  let reporter: string;
  let otherUnitReporter: string;
  let incidentId: string;

  const post = (path: string, body: unknown, token = reporter) =>
    api(`${runtime.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const get = (path: string, token = reporter) =>
    api(`${runtime.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const declare = async (bytes: Buffer, overrides: Record<string, unknown> = {}) =>
    post(`/incidents/${incidentId}/attachments`, {
      fileName: '现场照片.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
      sha256: sha256(bytes),
      ...overrides,
    });
  const put = (upload: Upload, bytes: Buffer, headers: Record<string, string> = {}) =>
    globalThis.fetch(upload.uploadUrl, {
      method: upload.uploadMethod,
      headers: { ...upload.uploadHeaders, ...headers },
      body: bytes,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'incident-attachments-e2e-'));
    runtime = await startRuntimeProcess({ DATA_DIR: dataDir, DRILL_SPEED: '1' });
    reporter = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'gaosheng-zone', subject: 'e2e-reporter' });
    otherUnitReporter = await issueLocalToken(dataDir, { role: 'reporter', unitId: 'example-town-a' });
    const created = await post('/incidents', phoneFirstReport());
    expect(created.status).toBe(201);
    incidentId = ((await created.json()) as { incidentId: string }).incidentId;
  });

  afterAll(async () => {
    await runtime?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    expect(contract.count).toBeGreaterThan(0);
  });

  it('R-INTAKE, R-AUDIT: an image goes up through its presigned PUT, is completed, attached to the written report and read back by its unit only; its SHA-256 and size are in the timeline', async () => {
    // Prepare
    const photo = jpeg();
    const declared = await declare(photo);
    expect(declared.status).toBe(201);
    const upload = (await declared.json()) as Upload;
    // Act
    const otherType = await put(upload, photo, { 'content-type': 'image/png' });
    const otherBody = await put(upload, Buffer.concat([photo.subarray(0, -1), Buffer.from([photo.at(-1)! ^ 1])]));
    const uploaded = await put(upload, photo);
    const completed = await post(
      `/incidents/${incidentId}/attachments/${upload.attachment.attachmentId}/complete`,
      undefined,
    );
    const report = await post(`/incidents/${incidentId}/reports`, {
      kind: 'written',
      summary: '已堵漏，现场照片见附件',
      attachmentIds: [upload.attachment.attachmentId],
      coordinates: { latitude: 41.12, longitude: 122.07, accuracyMeters: 15 },
    });
    const ownUnit = await get(`/incidents/${incidentId}/attachments/${upload.attachment.attachmentId}`);
    const download = await globalThis.fetch(((await ownUnit.clone().json()) as { url: string }).url);
    const otherUnit = await get(
      `/incidents/${incidentId}/attachments/${upload.attachment.attachmentId}`,
      otherUnitReporter,
    );
    const incident = (await (await get(`/incidents/${incidentId}`)).json()) as {
      reports: { attachmentIds?: string[]; coordinates?: object }[];
      timeline: { type: string; detail: Record<string, unknown> }[];
    };
    // Assess
    // The stand-in refuses what S3 refuses: a type other than the signed one, a body with another SHA-256.
    expect([otherType.status, (await otherType.text()).match(/<Code>(\w+)<\/Code>/)?.[1]]).toEqual([
      403,
      'SignatureDoesNotMatch',
    ]);
    expect([otherBody.status, (await otherBody.text()).match(/<Code>(\w+)<\/Code>/)?.[1]]).toEqual([400, 'BadDigest']);
    expect(uploaded.status).toBe(200);
    expect(completed.status).toBe(200);
    expect(((await completed.json()) as Upload).attachment.status).toBe('complete');
    expect(report.status).toBe(201);
    expect(ownUnit.status).toBe(200);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
    // Another unit's reporter is answered as for an incident that does not exist (README "Security model"): no URL.
    expect(otherUnit.status).toBe(404);
    expect(await otherUnit.text()).not.toContain('X-Amz-Signature');
    expect(incident.reports.at(-1)).toMatchObject({
      attachmentIds: [upload.attachment.attachmentId],
      coordinates: { latitude: 41.12 },
    });
    expect(incident.timeline.find((event) => event.type === 'attachment-uploaded')?.detail).toMatchObject({
      attachmentId: upload.attachment.attachmentId,
      size: photo.length,
      sha256: sha256(photo),
    });
    expect(incident.timeline.find((event) => event.type === 'report-filed')?.detail.attachments).toEqual([
      {
        attachmentId: upload.attachment.attachmentId,
        contentType: 'image/jpeg',
        size: photo.length,
        sha256: sha256(photo),
      },
    ]);
  });

  it('R-INTAKE: a non-image renamed .jpg uploads, but complete refuses it (422 naming contentType), deletes it, and it cannot be read', async () => {
    // Prepare
    const script = Buffer.from('#!/bin/sh\necho "not a photo"\n');
    const upload = (await (await declare(script, { fileName: 'photo.jpg' })).json()) as Upload;
    const uploaded = await put(upload, script);
    // Act
    const completed = await post(
      `/incidents/${incidentId}/attachments/${upload.attachment.attachmentId}/complete`,
      undefined,
    );
    const read = await get(`/incidents/${incidentId}/attachments/${upload.attachment.attachmentId}`);
    const incident = (await (await get(`/incidents/${incidentId}`)).json()) as {
      timeline: { type: string; detail: Record<string, unknown> }[];
    };
    // Assess
    expect(uploaded.status).toBe(200);
    expect(completed.status).toBe(422);
    expect(await completed.json()).toMatchObject({
      title: 'Attachment does not match',
      errors: [{ field: 'contentType', message: "The file's first bytes are not image/jpeg" }],
    });
    expect(read.status).toBe(404);
    expect(incident.timeline.find((event) => event.type === 'attachment-refused')?.detail).toMatchObject({
      attachmentId: upload.attachment.attachmentId,
      fields: ['contentType'],
    });
  });

  it('R-INTAKE: nine images may be staged for the next document; the 10th is refused, naming contentType, in Chinese when asked', async () => {
    // Prepare: the image attached to the written report above counts for that document, not the next one.
    const statuses: number[] = [];
    for (let index = 0; index < 9; index += 1) statuses.push((await declare(jpeg())).status);
    // Act
    const tenth = await api(`${runtime.apiUrl}/incidents/${incidentId}/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter}`, 'accept-language': 'zh-CN' },
      body: JSON.stringify({ fileName: 'ten.jpg', contentType: 'image/jpeg', size: 10, sha256: 'a'.repeat(64) }),
    });
    // Assess
    expect(statuses).toEqual(Array(9).fill(201));
    expect(tenth.status).toBe(422);
    expect(await tenth.json()).toMatchObject({
      title: '附件被拒绝',
      errors: [{ field: 'contentType', message: '每份文件最多 9 张图片' }],
    });
  });
});
