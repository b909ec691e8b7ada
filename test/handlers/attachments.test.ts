import { createHash, randomBytes } from 'node:crypto';
import { makeHandler as makeCompleteAttachment } from '../../functions/api/complete-attachment';
import { makeHandler as makeCreateAttachment } from '../../functions/api/create-attachment';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeGetAttachment } from '../../functions/api/get-attachment';
import type { Attachment } from '../../functions/domain/attachments';
import { defaultPolicy } from '../../functions/domain/policy';
import type { HttpResult } from '../../functions/shared/http';
import { givenPhoneReportedIncident as givenIncident } from '../support/fixtures';
import { DUTY_OFFICER, httpEvent, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { MemoryAttachmentStore } from '../support/memory-attachment-store';
import { RecordingWorkflow } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const now = () => new Date('2026-11-28T00:20:00Z');
const own = reporterOf('gaosheng-zone');
const other = reporterOf('example-town-a');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), randomBytes(500)]);
const bodyOf = <T>(response: HttpResult) => JSON.parse(response.body!) as T;

describe('R-INTAKE, R-AUDIT: attachment handlers against dynalite (declare, complete, attach to a report, read)', () => {
  let table: TestTable;
  let store: MemoryAttachmentStore;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    store = new MemoryAttachmentStore();
  });

  async function givenIncidentOf(unitId = 'gaosheng-zone'): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-ATT${String(sequence).padStart(3, '0')}`;
    await givenIncident(table, { incidentId, phoneReportAt, unitId });
    return incidentId;
  }
  const declare = (incidentId: string, body: object, caller: TestCaller = own, headers: Record<string, string> = {}) =>
    makeCreateAttachment({ ...table.repositories, store, policy: defaultPolicy.attachments, now })(
      httpEvent({
        method: 'POST',
        path: `/incidents/${incidentId}/attachments`,
        body,
        headers,
        pathParameters: { incidentId },
        caller,
      }),
      context,
    );
  const declareFile = (incidentId: string, bytes: Buffer, overrides: object = {}, caller: TestCaller = own) =>
    declare(
      incidentId,
      { fileName: '现场.jpg', contentType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes), ...overrides },
      caller,
    );
  const complete = (incidentId: string, attachmentId: string, caller: TestCaller = own) =>
    makeCompleteAttachment({ ...table.repositories, store, now })(
      httpEvent({
        method: 'POST',
        path: `/incidents/${incidentId}/attachments/${attachmentId}/complete`,
        pathParameters: { incidentId, attachmentId },
        caller,
      }),
      context,
    );
  const read = (incidentId: string, attachmentId: string, caller: TestCaller = own) =>
    makeGetAttachment({ ...table.repositories, store, policy: defaultPolicy.attachments, now })(
      httpEvent({
        method: 'GET',
        path: `/incidents/${incidentId}/attachments/${attachmentId}`,
        pathParameters: { incidentId, attachmentId },
        caller,
      }),
      context,
    );
  const fileReport = (incidentId: string, body: object) =>
    makeFileReport({ ...table.repositories, workflow: new RecordingWorkflow(), now })(
      httpEvent({
        method: 'POST',
        path: `/incidents/${incidentId}/reports`,
        body: { kind: 'written', summary: '已堵漏，现场照片见附件', ...body },
        pathParameters: { incidentId },
        caller: own,
      }),
      context,
    );
  /** Declared, uploaded and completed: the attachment's ID. */
  async function givenCompletedAttachment(incidentId: string, bytes = jpeg()): Promise<string> {
    const { attachment } = bodyOf<{ attachment: Attachment }>(await declareFile(incidentId, bytes));
    store.upload(attachment.objectKey, bytes);
    expect((await complete(incidentId, attachment.attachmentId)).statusCode).toBe(200);
    return attachment.attachmentId;
  }

  it('R-INTAKE: a declaration is stored pending under a key the server makes, never from the file name, and answered with its presigned PUT', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const photo = jpeg();
    // Act
    const response = await declareFile(incidentId, photo, { fileName: '../../etc/passwd.jpg' });
    // Assess
    expect(response.statusCode).toBe(201);
    const body = bodyOf<{ attachment: Attachment; uploadUrl: string; uploadHeaders: Record<string, string> }>(response);
    expect(body.attachment).toMatchObject({
      status: 'pending',
      unitId: 'gaosheng-zone',
      fileName: '../../etc/passwd.jpg',
      objectKey: `attachments/${incidentId}/${body.attachment.attachmentId}`,
      uploadExpiresAt: '2026-11-28T00:35:00.000Z',
    });
    expect(body.uploadHeaders['x-amz-checksum-sha256']).toBe(Buffer.from(sha256(photo), 'hex').toString('base64'));
    expect(await table.attachments.get(incidentId, body.attachment.attachmentId)).toEqual(body.attachment);
  });

  it('R-INTAKE: a type not in the list (400), an image over 10 MB (422 size) and a 10th image (422) are refused, naming the field, nothing written', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    for (let index = 0; index < 9; index += 1) expect((await declareFile(incidentId, jpeg())).statusCode).toBe(201);
    const before = await table.attachments.attachmentsOf(incidentId);
    // Act
    const gif = await declareFile(incidentId, jpeg(), { contentType: 'image/gif' });
    const tooLarge = await declareFile(incidentId, jpeg(), { contentType: 'image/png', size: 10 * 1024 * 1024 + 1 });
    const tenth = await declare(
      incidentId,
      { fileName: 'ten.jpg', contentType: 'image/jpeg', size: 100, sha256: 'a'.repeat(64) },
      own,
      { 'accept-language': 'zh-CN' },
    );
    const video = await declareFile(incidentId, jpeg(), { contentType: 'video/mp4' });
    // Assess
    expect([gif.statusCode, bodyOf<{ errors: { field: string }[] }>(gif).errors.map((error) => error.field)]).toEqual([
      400,
      ['contentType'],
    ]);
    expect(bodyOf(tooLarge)).toMatchObject({
      status: 422,
      title: 'Attachment refused',
      errors: [
        { field: 'size', message: 'At most 10485760 bytes for an image' },
        { field: 'contentType', message: 'At most 9 images per document' },
      ],
    });
    expect(bodyOf(tenth)).toMatchObject({
      status: 422,
      title: '附件被拒绝',
      errors: [{ field: 'contentType', message: '每份文件最多 9 张图片' }],
    });
    // The video has its own limit beside the nine images.
    expect(video.statusCode).toBe(201);
    expect((await table.attachments.attachmentsOf(incidentId)).length).toBe(before.length + 1);
  });

  it("R-INTAKE: another unit's reporter can neither declare, complete nor read an attachment — 404 as for an incident that does not exist — and nothing is written", async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const attachmentId = await givenCompletedAttachment(incidentId);
    const before = await table.allItems();
    // Act
    const responses = [
      await declareFile(incidentId, jpeg(), {}, other),
      await complete(incidentId, attachmentId, other),
      await read(incidentId, attachmentId, other),
    ];
    // Assess
    expect(responses.map((response) => response.statusCode)).toEqual([404, 404, 404]);
    for (const response of responses) expect(response.body).not.toMatch(/gaosheng|X-Amz-Signature/);
    expect(await table.allItems()).toEqual(before);
    expect(store.signedUploads).toHaveLength(1);
  });

  it('R-AUDIT: complete checks the stored object and records it once, with its SHA-256 and size in the timeline', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const photo = jpeg();
    const { attachment } = bodyOf<{ attachment: Attachment }>(await declareFile(incidentId, photo));
    const notYet = await complete(incidentId, attachment.attachmentId);
    store.upload(attachment.objectKey, photo);
    // Act
    const first = await complete(incidentId, attachment.attachmentId);
    const again = await complete(incidentId, attachment.attachmentId);
    // Assess
    expect(bodyOf(notYet)).toMatchObject({
      status: 422,
      errors: [{ field: 'attachmentId', message: 'Not uploaded yet: PUT the file to uploadUrl first' }],
    });
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(bodyOf<{ attachment: Attachment }>(first).attachment).toMatchObject({
      status: 'complete',
      completedAt: now().toISOString(),
    });
    const events = (await table.audit.auditEvents(incidentId)).filter((event) => event.type === 'attachment-uploaded');
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'reporter:gaosheng-zone:test-reporter-gaosheng-zone',
        unitId: 'gaosheng-zone',
        detail: {
          attachmentId: attachment.attachmentId,
          fileName: '现场.jpg',
          contentType: 'image/jpeg',
          size: photo.length,
          sha256: sha256(photo),
        },
      }),
    ]);
  });

  it('R-INTAKE, R-AUDIT: a non-image renamed .jpg is refused at complete (422 naming contentType), its object deleted, the refusal in the timeline', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const text = Buffer.from('not a photo, just text saved as photo.jpg');
    const { attachment } = bodyOf<{ attachment: Attachment }>(
      await declareFile(incidentId, text, { fileName: 'photo.jpg' }),
    );
    store.upload(attachment.objectKey, text);
    // Act
    const refused = await complete(incidentId, attachment.attachmentId);
    const retried = await complete(incidentId, attachment.attachmentId);
    // Assess
    expect(bodyOf(refused)).toMatchObject({
      status: 422,
      title: 'Attachment does not match',
      errors: [{ field: 'contentType', message: "The file's first bytes are not image/jpeg" }],
    });
    expect(store.deleted).toEqual([attachment.objectKey]);
    expect((await table.attachments.get(incidentId, attachment.attachmentId))?.status).toBe('rejected');
    expect(retried.statusCode).toBe(422);
    expect(
      (await table.audit.auditEvents(incidentId)).find((event) => event.type === 'attachment-refused'),
    ).toMatchObject({
      detail: { attachmentId: attachment.attachmentId, fields: ['contentType'], storedSize: text.length },
    });
  });

  it('R-INTAKE: a report names its attachments; each goes on one report only, pending ones are refused and nothing is written; the report-filed event lists them with SHA-256 and size', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const photo = jpeg();
    const attachmentId = await givenCompletedAttachment(incidentId, photo);
    const { attachment: pending } = bodyOf<{ attachment: Attachment }>(await declareFile(incidentId, jpeg()));
    const beforeRefused = await table.allItems();
    // Act
    const withPending = await fileReport(incidentId, { attachmentIds: [attachmentId, pending.attachmentId] });
    const afterRefused = await table.allItems();
    const filed = await fileReport(incidentId, {
      attachmentIds: [attachmentId],
      coordinates: { latitude: 41.1, longitude: 122.05 },
    });
    const second = await fileReport(incidentId, { kind: 'follow-up', attachmentIds: [attachmentId] });
    // Assess
    expect(bodyOf(withPending)).toMatchObject({
      status: 422,
      errors: [
        {
          field: 'attachmentIds.1',
          message: `No completed attachment "${pending.attachmentId}" of this incident and unit`,
        },
      ],
    });
    expect(afterRefused).toEqual(beforeRefused);
    expect(filed.statusCode).toBe(201);
    const { report } = bodyOf<{ report: { reportId: string; attachmentIds: string[]; coordinates: object } }>(filed);
    expect(report).toMatchObject({ attachmentIds: [attachmentId], coordinates: { latitude: 41.1, longitude: 122.05 } });
    expect((await table.attachments.get(incidentId, attachmentId))?.reportId).toBe(report.reportId);
    expect(bodyOf(second)).toMatchObject({
      status: 422,
      errors: [{ field: 'attachmentIds.0', message: `Already attached to report ${report.reportId}` }],
    });
    const filedEvent = (await table.audit.auditEvents(incidentId)).find((event) => event.type === 'report-filed');
    expect(filedEvent?.detail.attachments).toEqual([
      { attachmentId, contentType: 'image/jpeg', size: photo.length, sha256: sha256(photo) },
    ]);
  });

  it('R-INTAKE: a completed attachment is read through a presigned GET by its unit and the duty office; a pending one is not found', async () => {
    // Prepare
    const incidentId = await givenIncidentOf();
    const attachmentId = await givenCompletedAttachment(incidentId);
    const { attachment: pending } = bodyOf<{ attachment: Attachment }>(await declareFile(incidentId, jpeg()));
    // Act
    const byUnit = await read(incidentId, attachmentId);
    const byDutyOffice = await read(incidentId, attachmentId, DUTY_OFFICER);
    const notComplete = await read(incidentId, pending.attachmentId);
    // Assess
    expect(bodyOf(byUnit)).toMatchObject({
      url: expect.stringContaining('X-Amz-Signature=get'),
      expiresAt: '2026-11-28T00:35:00.000Z',
    });
    expect(byUnit.headers?.['cache-control']).toBe('no-store');
    expect(byDutyOffice.statusCode).toBe(200);
    expect(bodyOf(notComplete)).toMatchObject({ status: 404, title: 'Attachment not found' });
  });
});
