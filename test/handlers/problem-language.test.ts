import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import {
  AlreadyAnsweredError,
  DocumentNotFoundError,
  ForbiddenError,
  IncidentBusyError,
  IncidentClosedError,
  IncidentNotFoundError,
  InvalidRequestError,
  InvalidSignatureError,
  MissingElementsError,
  ObligationNotFoundError,
  ObligationTransitionError,
  RequestTooLargeError,
  RouteNotFoundError,
  UnauthenticatedError,
  UnknownReferenceError,
  UnknownUnitError,
  type ReportingError,
  AttachmentContentMismatchError,
  AttachmentRefusedError,
} from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import {
  fieldMessage,
  localizeProblem,
  nearestKnownField,
  preferredLanguage,
} from '../../functions/shared/problem-language';
import { domainProblem, type HttpResult } from '../../functions/shared/http';
import { httpEvent, phoneFirstReport, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingWorkflow } from '../support/recording-workflow';

const now = () => new Date('2026-11-28T02:00:00Z');
// Every request here is refused before a repository is read: none is needed.
const deps = () => ({
  incidents: {} as never,
  documents: {} as never,
  obligations: {} as never,
  audit: {} as never,
  attachments: {} as never,
  workflow: new RecordingWorkflow(),
  directory: fixedDirectory(defaultDirectory),
  taxonomy: defaultTaxonomy,
  policy: defaultPolicy,
  drillSpeed: 1,
  now,
});
const CHINESE = 'zh-CN,zh;q=0.9,en;q=0.8';
const HAN = /\p{Script=Han}/u;

const fileReport = (body: object, acceptLanguage?: string, caller?: TestCaller | null) =>
  makeFileReport(deps())(
    httpEvent({
      method: 'POST',
      path: '/incidents/INC-1/reports',
      body,
      pathParameters: { incidentId: 'INC-1' },
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      caller,
    }),
    context,
  );
const createIncident = (body: object, acceptLanguage?: string) =>
  makeCreateIncident(deps())(
    httpEvent({
      method: 'POST',
      path: '/incidents',
      body,
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    }),
    context,
  );
const problemOf = (response: HttpResult) =>
  JSON.parse(response.body!) as { title: string; detail: string; errors?: { field: string; message: string }[] };

describe("problem+json in the caller's language (Accept-Language), English by default", () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en;q=0.5,zh-CN;q=0.9', 'zh-CN'],
    ['fr-FR,zh-CN;q=0.5', 'zh-CN'],
    ['fr-FR', 'en'],
    ['zh-CN;q=0,en', 'en'],
    ['*', 'en'],
    ['ZH-cn', 'zh-CN'],
  ])('Accept-Language %p → %s', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });

  it('R-INTAKE: a wrong type, a missing field and an unknown one: English without the header, each field named', async () => {
    const response = await fileReport({ kind: 'written', summary: 5, mesuresTaken: '已堵漏' });
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-language']).toBe('en');
    expect(problemOf(response)).toMatchObject({
      title: 'Invalid request',
      detail: 'Invalid fields: summary, mesuresTaken',
      errors: [
        { field: 'summary', message: 'Invalid input: expected string, received number' },
        { field: 'mesuresTaken', message: 'Unknown field; did you mean measuresTaken?' },
      ],
    });
  });

  it('R-INTAKE: the same request with Accept-Language: zh-CN → title, detail and every field message in Chinese', async () => {
    const response = await fileReport(
      { kind: 'draft', summary: 5, mesuresTaken: '已堵漏', casualties: { deaths: 0, injurd: 1, missing: 0 } },
      CHINESE,
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    expect(response.headers?.['content-language']).toBe('zh-CN');
    expect(problemOf(response)).toEqual(
      expect.objectContaining({
        title: '请求无效',
        detail: '以下字段无效：kind, summary, casualties.injured, casualties.injurd, mesuresTaken',
        errors: [
          { field: 'kind', message: '须为 "written"、"follow-up" 或 "final"' },
          { field: 'summary', message: '无效输入：期望 string，实际接收 数字' },
          { field: 'casualties.injured', message: '无效输入：期望 数字，实际接收 undefined' },
          { field: 'casualties.injurd', message: '未知字段；是否应为 injured？' },
          { field: 'mesuresTaken', message: '未知字段；是否应为 measuresTaken？' },
        ],
      }),
    );
  });

  it('R-INTAKE: an unknown field far from every known one is only "unknown"; each unknown field is named on its own', async () => {
    const response = await createIncident(phoneFirstReport({ priority: 'urgent', sevrity: 'major' }));
    expect(problemOf(response).errors).toEqual([
      { field: 'priority', message: 'Unknown field' },
      { field: 'sevrity', message: 'Unknown field; did you mean severity?' },
    ]);
  });

  it("R-INTAKE: the handlers' own messages (a time in the future) and the schemas' (E.164) in Chinese", async () => {
    const future = problemOf(await createIncident(phoneFirstReport({ occurredAt: '2030-01-01T00:00:00Z' }), CHINESE));
    expect(future.errors).toEqual([{ field: 'occurredAt', message: '不得晚于当前时间' }]);
    const phone = problemOf(
      await createIncident(phoneFirstReport({ reporter: { name: '王某', phone: '13800000000' } }), CHINESE),
    );
    expect(phone.errors).toEqual([
      { field: 'reporter.phone', message: '须为 E.164 格式的电话号码，例如 +8613800000000' },
    ]);
  });

  it('R-INTAKE: no token → 401 in Chinese; malformed JSON → 400 in Chinese', async () => {
    expect(problemOf(await fileReport({ kind: 'written', summary: '续报' }, CHINESE, null))).toMatchObject({
      title: '未认证',
      detail: '请发送 Authorization: Bearer <token>',
    });
    const malformed = await makeFileReport(deps())(
      httpEvent({
        method: 'POST',
        path: '/r',
        body: '{"kind":',
        pathParameters: { incidentId: 'INC-1' },
        headers: { 'accept-language': 'zh' },
      }),
      context,
    );
    expect(problemOf(malformed)).toMatchObject({
      title: 'JSON 格式错误',
      errors: [{ field: '(body)', message: '请求体不是有效的 JSON' }],
    });
  });

  it('every problem the domain raises has a Chinese title and detail; every field message of ours has a Chinese one', () => {
    const errors: ReportingError[] = [
      new InvalidRequestError([{ field: 'occurredAt', message: 'Must not be in the future' }]),
      new UnknownReferenceError([{ field: 'category', message: 'No category "x" (see GET /categories)' }]),
      new UnknownUnitError('gaosheng-zon'),
      new IncidentNotFoundError('INC-1'),
      new ObligationTransitionError('Obligation written-report is already met'),
      new RouteNotFoundError('GET', '/nowhere'),
      new ObligationNotFoundError('INC-1', 'written-report'),
      new IncidentClosedError('INC-1'),
      new IncidentClosedError('INC-1', '2026-11-28T02:00:00.000Z'),
      new IncidentBusyError('INC-1', 'another document is being filed on it: retry in a few seconds'),
      new IncidentBusyError('INC-1', 'another final report is being filed on it'),
      ...['Acknowledgement code', 'Instruction', 'Spot check', 'Verification request', 'Resource'].map(
        (what) => new DocumentNotFoundError(what, 'X-1'),
      ),
      new AlreadyAnsweredError('Feedback on INS-1 was already filed; file further news as a follow-up report'),
      new AlreadyAnsweredError('The phone answer to VR-1 was already filed'),
      new MissingElementsError([{ field: 'cause', message: 'Missing element: 性质和原因 (nature and cause)' }]),
      new InvalidSignatureError(),
      new UnauthenticatedError(),
      new UnauthenticatedError('A reporter token must name its unit'),
      new UnauthenticatedError('The token has no subject'),
      new UnauthenticatedError('The token names no known role (reporter, duty-officer, admin)'),
      new ForbiddenError('Role admin may not do this (allowed: duty-officer)'),
      new ForbiddenError('A reporter of gaosheng-zone may not file for example-town-a'),
      new ForbiddenError('Role admin has no access to incidents'),
      new RequestTooLargeError(300000, 262144),
      // R-INTAKE: attachments
      new DocumentNotFoundError('Attachment', 'ATT-1'),
      new AttachmentRefusedError([
        { field: 'contentType', message: 'Must be one of image/jpeg, image/png' },
        { field: 'size', message: 'At most 10485760 bytes for an image' },
        { field: 'size', message: 'At most 104857600 bytes for a video' },
        { field: 'contentType', message: 'At most 9 images per document' },
        { field: 'contentType', message: 'At most 1 video per document' },
        { field: 'attachmentIds.0', message: 'No completed attachment "ATT-1" of this incident and unit' },
        { field: 'attachmentIds.0', message: 'Already attached to report RPT-1' },
        { field: 'attachmentIds.0', message: 'Already attached to another report' },
        { field: 'attachmentId', message: 'This upload was refused; declare the file again' },
        { field: 'attachmentId', message: 'Not uploaded yet: PUT the file to uploadUrl first' },
      ]),
      new AttachmentContentMismatchError([
        { field: 'contentType', message: "The file's first bytes are not image/jpeg (they look like image/png)" },
        { field: 'contentType', message: "The file's first bytes are not image/jpeg" },
        { field: 'size', message: 'The stored object is 10 bytes, not 12' },
        { field: 'sha256', message: "The stored object's SHA-256 is not the one declared" },
      ]),
    ];
    for (const error of errors) {
      const problem = localizeProblem(domainProblem(error)!, 'zh-CN');
      expect([error.message, HAN.test(problem.title) && HAN.test(problem.detail)]).toEqual([error.message, true]);
      for (const field of problem.errors ?? [])
        expect([field.message, HAN.test(field.message)]).toEqual([field.message, true]);
    }
    const ours = [
      'Must not be in the future',
      'Nested more than 16 levels deep',
      'Already used with a different body',
      'Path parameter incidentId is required',
      'Malformed percent-encoding in the path',
      'Must be 8 to 128 printable ASCII characters, e.g. a UUID',
      'Must not be before the incident occurred (2026-11-28T00:05:00.000Z)',
      'This verification request did not ask for a written answer',
      'Required: open the link exactly as the message gave it',
      'The body is not valid JSON',
      'Must be UTF-8 text',
      'Must be an E.164 phone number, e.g. +8613800000000',
      'Must be well-formed Unicode (no lone surrogate)',
      'Must not contain control characters, line separators or bidirectional overrides',
      'Must not be empty',
      'At most 200 characters',
      'Must be an ID: letters, digits, ".", "_" or "-"',
      'Must not be before 2000-01-01',
      'Must be an ISO 8601 time with offset, e.g. 2026-11-28T08:05:00+08:00',
      'Required when source is "media": the outlet, post or link the item came from',
      'Must be "written", "follow-up" or "final"',
      'Must be a date (2026-11-01, Beijing time) or an ISO 8601 time with offset',
      'Must be after from',
      'At most 366 days after from',
      'Must be a month, e.g. 2026-11',
      'Unknown field',
      'Unknown field; did you mean measuresTaken?',
      // R-INTAKE: attachments (schemas.ts)
      'Must be one of image/jpeg, image/png, image/heic, image/webp, video/mp4',
      'Must be at least 1 byte',
      'At most 5 GB',
      'Must be the SHA-256 of the file: 64 lowercase hex digits',
      'At most 100 attachments',
    ];
    for (const message of ours)
      expect([message, HAN.test(fieldMessage({ field: 'f', message }, 'zh-CN'))]).toEqual([message, true]);
  });

  it('the nearest known field: a slip of the keyboard, not any field at all', () => {
    const known = ['summary', 'measuresTaken', 'cause', 'trend', 'lateReason'];
    expect(nearestKnownField('mesuresTaken', known)).toBe('measuresTaken');
    expect(nearestKnownField('MeasuresTaken', known)).toBe('measuresTaken');
    expect(nearestKnownField('sumary', known)).toBe('summary');
    expect(nearestKnownField('priority', known)).toBeUndefined();
    expect(nearestKnownField('x', [])).toBeUndefined();
  });
});
