import { fixedDirectory } from '../../functions/shared/directory-source';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import type * as z from 'zod/mini';
import { makeHandler as makeAnswer } from '../../functions/api/answer-verification';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeFileFeedback } from '../../functions/api/file-instruction-feedback';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeRecordInstruction } from '../../functions/api/record-instruction';
import { makeHandler as makeRequestVerification } from '../../functions/api/request-verification';
import {
  firstReportSchema,
  instructionFeedbackSchema,
  instructionSchema,
  reportSchema,
  spotCheckSchema,
  verificationAnswerSchema,
  verificationRequestSchema,
} from '../../functions/api/schemas';
import { makeHandler as makeStartSpotCheck } from '../../functions/api/start-spot-check';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import type { HttpEvent, HttpResult } from '../../functions/shared/http';
import { DUTY_OFFICER, httpEvent, phoneFirstReport, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingWorkflow } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const now = () => new Date('2026-11-28T02:00:00Z');

describe('hostile input: 4xx naming the field, nothing written, never a 5xx', () => {
  let table: TestTable;
  let workflow: RecordingWorkflow;
  let incidentId: string;
  let requestId: string;
  let instructionId: string;

  const deps = () => ({
    ...table.repositories,
    workflow,
    directory: fixedDirectory(defaultDirectory),
    taxonomy: defaultTaxonomy,
    policy: defaultPolicy,
    drillSpeed: 1,
    now,
  });
  const countItems = async () =>
    (await table.documentClient.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count ?? 0;
  const createIncident = (body: unknown) =>
    makeCreateIncident(deps())(httpEvent({ method: 'POST', path: '/incidents', body: body as object }), context);

  // Every write command the handlers send, counted where they leave for DynamoDB.
  let writes = 0;
  const WRITE_COMMANDS = new Set([
    'PutItemCommand',
    'UpdateItemCommand',
    'DeleteItemCommand',
    'BatchWriteItemCommand',
    'TransactWriteItemsCommand',
  ]);

  beforeAll(async () => {
    table = await startTestTable();
    table.client.middlewareStack.add(
      (next, handlerContext) => async (args) => {
        if (WRITE_COMMANDS.has(handlerContext.commandName ?? '')) writes += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countWrites' },
    );
    workflow = new RecordingWorkflow();
    incidentId = JSON.parse((await createIncident(phoneFirstReport())).body!).incidentId;
    requestId = JSON.parse(
      (
        await makeRequestVerification(deps())(
          httpEvent({
            method: 'POST',
            path: '/v',
            body: { question: '核实', writtenAnswerRequired: true },
            pathParameters: { incidentId },
          }),
          context,
        )
      ).body!,
    ).requestId;
    instructionId = JSON.parse(
      (
        await makeRecordInstruction(deps())(
          httpEvent({
            method: 'POST',
            path: '/i',
            body: { leader: '县长', text: '批示', receivedAt: '2026-11-28T01:00:00Z' },
            pathParameters: { incidentId },
          }),
          context,
        )
      ).body!,
    ).instructionId;
  });
  afterAll(async () => table.stop());

  async function expectRejected(body: unknown, status: number, field: string): Promise<void> {
    const before = await countItems();
    const response = await createIncident(body);
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(response.body!).errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await countItems()).toBe(before);
  }

  it('JSON nested ten thousand levels deep → 400 before it is parsed', async () => {
    await expectRejected(`{"title":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 400, '(body)');
  });

  it('unknown fields, wrong types, unknown enum values, out-of-range numbers → 400 naming each', async () => {
    await expectRejected(phoneFirstReport({ priority: 'urgent' }), 400, 'priority');
    await expectRejected(phoneFirstReport({ title: 123 }), 400, 'title');
    await expectRejected(phoneFirstReport({ channel: 'fax' }), 400, 'channel');
    await expectRejected(
      phoneFirstReport({ casualties: { deaths: 1e12, injured: 0, missing: 0 } }),
      400,
      'casualties.deaths',
    );
    await expectRejected(
      phoneFirstReport({ casualties: { deaths: 1.5, injured: 0, missing: 0 } }),
      400,
      'casualties.deaths',
    );
  });

  it('phone numbers must be E.164', async () => {
    for (const phone of ['13800000000', '+86 138 0000 0000', '+0861380000', 'tel:+8613800000000']) {
      await expectRejected(phoneFirstReport({ reporter: { name: '王某', phone } }), 400, 'reporter.phone');
    }
  });

  it('times in the future or before 2000 → 400', async () => {
    await expectRejected(phoneFirstReport({ occurredAt: '2026-11-29T00:00:00+08:00' }), 400, 'occurredAt');
    await expectRejected(phoneFirstReport({ occurredAt: '1999-12-31T23:59:59Z' }), 400, 'occurredAt');
  });

  it('R-LADDER: a lone UTF-16 surrogate in any text field (no SMS, e-mail or SNS publish can carry it) → 400 naming the field, nothing written', async () => {
    // The body as a client sends it: JSON with the escape, which JSON.parse turns into a lone surrogate.
    const withLoneSurrogate = (field: string) =>
      JSON.stringify(phoneFirstReport()).replace(new RegExp(`"${field}":"`), `"${field}":"\\ud800 `);
    for (const field of ['title', 'location']) await expectRejected(withLoneSurrogate(field), 400, field);
    await expectRejected(phoneFirstReport({ summary: '储罐\udfff泄漏' }), 400, 'summary');
    await expectRejected(
      phoneFirstReport({ reporter: { name: '王\ud83d', phone: '+8613800000000' } }),
      400,
      'reporter.name',
    );
    const problem = JSON.parse((await createIncident(withLoneSurrogate('title'))).body!);
    expect(problem.errors).toEqual([{ field: 'title', message: 'Must be well-formed Unicode (no lone surrogate)' }]);
    // A well-formed pair (an emoji) is text like any other.
    expect((await createIncident(phoneFirstReport({ title: '😀 储罐泄漏' }))).statusCode).toBe(201);
  });

  it('C1 control characters, line and paragraph separators and bidirectional overrides in text → 400, nothing written', async () => {
    for (const text of [
      '高升\u0085经济区',
      '高升\u009B经济区',
      '高升\u2028经济区',
      '高升\u2029经济区',
      '储罐\u202E漏泄',
      '储罐\u2066泄漏',
      '\u2028高升经济区',
      '高升经济区\u2029',
      '\u0085高升',
    ]) {
      await expectRejected(phoneFirstReport({ location: text }), 400, 'location');
    }
  });

  it('a unit or category that is not shaped like an ID → 400 naming it (it could never be found)', async () => {
    await expectRejected(phoneFirstReport({ unitId: 'gaosheng zone<script>' }), 400, 'unitId');
    await expectRejected(phoneFirstReport({ category: 'x'.repeat(101) }), 400, 'category');
  });

  it('a script tag in a text field is kept as text and only ever served as JSON, never sniffed as HTML', async () => {
    const title = '<script>alert("x")</script>储罐泄漏';
    const response = await createIncident(phoneFirstReport({ title }));
    expect(response.statusCode).toBe(201);
    expect(response.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
    const stored = await table.incidents.getIncident(JSON.parse(response.body!).incidentId);
    expect(stored?.title).toBe(title);
  });

  describe('property: thousands of generated bodies, from the zod schemas of every POST', () => {
    type Endpoint = {
      name: string;
      schema: z.ZodMiniObject;
      valid: Record<string, unknown>;
      call: (body: unknown) => Promise<HttpResult>;
    };
    const post =
      (
        handler: (event: HttpEvent, lambdaContext: typeof context) => Promise<HttpResult>,
        pathParameters: Record<string, string> = {},
        caller: TestCaller = reporterOf('gaosheng-zone'),
      ) =>
      (body: unknown) =>
        handler(httpEvent({ method: 'POST', path: '/p', body: body as object, pathParameters, caller }), context);
    const endpoints = (): Endpoint[] => [
      {
        name: 'POST /incidents',
        schema: firstReportSchema,
        valid: phoneFirstReport(),
        call: post(makeCreateIncident(deps())),
      },
      {
        name: 'POST …/reports',
        schema: reportSchema,
        valid: { kind: 'follow-up', summary: '续报' },
        call: post(makeFileReport(deps()), { incidentId }),
      },
      {
        name: 'POST …/verification-requests',
        schema: verificationRequestSchema,
        valid: { question: '核实' },
        call: post(makeRequestVerification(deps()), { incidentId }, DUTY_OFFICER),
      },
      {
        name: 'POST …/answers',
        schema: verificationAnswerSchema,
        valid: { channel: 'written', answer: '书面核实' },
        call: post(makeAnswer(deps()), { incidentId, requestId }),
      },
      {
        name: 'POST …/instructions',
        schema: instructionSchema,
        valid: { leader: '县长', text: '批示', receivedAt: '2026-11-28T01:30:00Z' },
        call: post(makeRecordInstruction(deps()), { incidentId }, DUTY_OFFICER),
      },
      {
        name: 'POST …/feedback',
        schema: instructionFeedbackSchema,
        valid: { text: '反馈' },
        call: post(makeFileFeedback(deps()), { incidentId, instructionId }),
      },
      {
        name: 'POST /spot-checks',
        schema: spotCheckSchema,
        valid: { unitId: 'gaosheng-zone' },
        call: post(makeStartSpotCheck(deps()), {}, DUTY_OFFICER),
      },
    ];

    const hostileValue = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.constantFrom(
        '<script>alert(1)</script>',
        '\u0000\u0007',
        '\u202E',
        '\ud800',
        '储\udc00',
        '\u0085',
        '\u2028',
        'x'.repeat(9000),
        '2099-01-01T00:00:00Z',
        '1900-01-01T00:00:00Z',
        '+86 138',
        'NaN',
        '__proto__',
      ),
      fc.constantFrom(
        null,
        true,
        -1,
        1e308,
        Number.MAX_SAFE_INTEGER + 2,
        [],
        {},
        { nested: { deeper: [1, { x: 'y' }] } },
      ),
    );
    /** A body built field by field from the schema: each field valid, missing or hostile, plus stray fields. */
    const bodyFor = (endpoint: Endpoint) =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record(
            Object.fromEntries(
              Object.keys(endpoint.schema.shape).map((field) => [
                field,
                fc.oneof(fc.constant(endpoint.valid[field]), fc.constant(undefined), hostileValue),
              ]),
            ),
          ),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constant(endpoint.valid),
              fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileValue, { maxKeys: 3 }),
            )
            .map(([valid, extra]) => ({ ...extra, ...valid })),
        },
        { weight: 1, arbitrary: hostileValue },
        { weight: 1, arbitrary: fc.string().map((text) => `RAW:${text}`) },
      );

    it('never a 5xx, and a refused request writes nothing and starts nothing', async () => {
      let runs = 0;
      const statuses: Record<string, Set<number>> = {};
      for (const endpoint of endpoints()) {
        statuses[endpoint.name] = new Set();
        await fc.assert(
          fc.asyncProperty(bodyFor(endpoint), async (body) => {
            runs += 1;
            const writesBefore = writes;
            const startsBefore = workflow.obligationStarts.length + workflow.incidentStarts.length;
            const raw = typeof body === 'string' && body.startsWith('RAW:') ? body.slice(4) : undefined;
            const response = await endpoint.call(raw ?? (body === undefined ? {} : JSON.stringify(body)));
            const status = response.statusCode ?? 0;
            statuses[endpoint.name].add(status);
            if (status >= 500) throw new Error(`${endpoint.name} answered ${status}: ${response.body}`);
            if (status === 201) expect(writes).toBeGreaterThan(writesBefore);
            if (status >= 400) {
              expect(writes).toBe(writesBefore);
              expect(workflow.obligationStarts.length + workflow.incidentStarts.length).toBe(startsBefore);
              expect(response.headers?.['content-type']).toContain('application/problem+json');
            }
          }),
          { numRuns: 300, seed: 20261128 },
        );
      }
      expect(runs).toBe(2100);
      // The generator reaches both sides: bodies that are accepted and bodies that are refused.
      for (const [name, seen] of Object.entries(statuses))
        expect([name, seen.has(201), seen.has(400)]).toEqual([name, true, true]);
    });
  });
});
