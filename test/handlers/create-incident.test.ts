import { fixedDirectory } from '../../functions/shared/directory-source';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeGetIncident } from '../../functions/api/get-incident';
import { context } from '../support/lambda-context';
import { RecordingWorkflow } from '../support/recording-workflow';
import { httpEvent, phoneFirstReport } from '../support/http-events';
import { startTestTable, type TestTable } from '../support/table';

describe('POST /incidents and GET /incidents/{id}', () => {
  let table: TestTable;
  let workflow: RecordingWorkflow;
  const receivedAt = new Date('2026-11-28T00:06:00Z');

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    workflow = new RecordingWorkflow();
  });

  const createIncident = () =>
    makeCreateIncident({
      ...table.repositories,
      workflow,
      directory: fixedDirectory(defaultDirectory),
      taxonomy: defaultTaxonomy,
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => receivedAt,
    });
  const post = (body: unknown, headers?: Record<string, string>) =>
    createIncident()(httpEvent({ method: 'POST', path: '/incidents', body: body as object, headers }), context);

  it("R-INTAKE, R-WRITTEN-30: a phone first report is stored, opens the written report due in the policy's 30 minutes and starts the incident and obligation executions", async () => {
    // Prepare: the deadline and its reminder as the policy sets them, so a change of policy changes the expectation
    const window = defaultPolicy.obligations['written-report'].dueMinutes * 60_000;
    const dueAt = new Date(receivedAt.getTime() + window).toISOString();
    const remindAt = new Date(
      receivedAt.getTime() + Math.round(window * defaultPolicy.reminder.atFractionOfWindow),
    ).toISOString();
    // Act
    const response = await post(phoneFirstReport());
    // Assess
    expect(response.statusCode).toBe(201);
    const incident = JSON.parse(response.body!);
    expect(incident).toMatchObject({
      unitId: 'gaosheng-zone',
      status: 'open',
      verified: false,
      incidentClass: 'accident',
      receivedAt: receivedAt.toISOString(),
    });
    expect(incident.obligations).toEqual([
      expect.objectContaining({
        kind: 'written-report',
        status: 'pending',
        dueAt,
        policyVersion: defaultPolicy.version,
      }),
    ]);
    expect(response.headers?.location).toBe(`/incidents/${incident.incidentId}`);
    expect(workflow.incidentStarts).toEqual([
      { incidentId: incident.incidentId, followUp: { number: 0, dueAt: receivedAt.toISOString() } },
    ]);
    expect(workflow.obligationStarts).toEqual([
      {
        name: `${incident.incidentId}_written-report`,
        incidentId: incident.incidentId,
        obligationId: 'written-report',
        dueAt,
        remindAt,
      },
    ]);

    const stored = await makeGetIncident({ ...table.repositories })(
      httpEvent({
        method: 'GET',
        path: `/incidents/${incident.incidentId}`,
        pathParameters: { incidentId: incident.incidentId },
      }),
      context,
    );
    expect(stored.statusCode).toBe(200);
    const record = JSON.parse(stored.body!);
    expect(record.reports).toEqual([expect.objectContaining({ kind: 'first', channel: 'phone' })]);
    expect(record.obligations).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(record.timeline.map((event: { type: string }) => event.type).sort()).toEqual([
      'execution-started',
      'incident-reported',
      'obligation-opened',
    ]);
    expect(record.timeline.every((event: { actor: string }) => event.actor.length > 0)).toBe(true);
  });

  it('R-INTAKE: a written first report owes no written report; the incident execution still starts', async () => {
    const response = await post(phoneFirstReport({ channel: 'written' }));
    expect(response.statusCode).toBe(201);
    const incident = JSON.parse(response.body!);
    expect(incident.obligations).toEqual([]);
    expect(incident.verified).toBe(true);
    expect(workflow.incidentStarts.map((start) => start.incidentId)).toEqual([incident.incidentId]);
    expect(workflow.obligationStarts).toEqual([]);
  });

  it('R-MEDIA: an item from the media opens a verification obligation on the responsible unit at once, due in 20 minutes', async () => {
    // Act
    const response = await post(
      phoneFirstReport({
        channel: 'written',
        source: 'media',
        mediaSource: '微博 @盘锦发布 网友爆料',
        unitId: 'example-town-a',
      }),
    );
    // Assess
    expect(response.statusCode).toBe(201);
    const incident = JSON.parse(response.body!);
    expect(incident).toMatchObject({
      source: 'media',
      mediaSource: '微博 @盘锦发布 网友爆料',
      verified: false,
      unitId: 'example-town-a',
    });
    const [request] = incident.verificationRequests;
    expect(request).toMatchObject({
      origin: 'media',
      writtenAnswerRequired: false,
      question: expect.stringContaining('微博'),
    });
    expect(incident.obligations).toEqual([
      expect.objectContaining({
        obligationId: `${request.requestId}-phone`,
        kind: 'verification-phone',
        unitId: 'example-town-a',
        dueAt: '2026-11-28T00:26:00.000Z',
        origin: { verificationRequestId: request.requestId, source: 'media' },
      }),
    ]);
    expect(workflow.obligationStarts.map((start) => start.name)).toEqual([
      `${incident.incidentId}_${request.requestId}-phone`,
    ]);
  });

  it('R-MEDIA: a media item without its source → 400 naming mediaSource', async () => {
    const response = await post(phoneFirstReport({ source: 'media' }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).errors).toEqual([expect.objectContaining({ field: 'mediaSource' })]);
  });

  it('R-WRITTEN-30: a call the duty office logs 10 minutes after it came owes the written report 30 minutes after the call', async () => {
    // Prepare
    const phonedAt = new Date(receivedAt.getTime() - 10 * 60_000).toISOString();
    // Act
    const response = await post(phoneFirstReport({ occurredAt: '2026-11-28T07:50:00+08:00', phonedAt }));
    // Assess
    expect(response.statusCode).toBe(201);
    const incident = JSON.parse(response.body!);
    expect(incident).toMatchObject({ phonedAt, phonedAtLoggedBy: 'duty-office', receivedAt: receivedAt.toISOString() });
    const dueMinutes = defaultPolicy.obligations['written-report'].dueMinutes;
    expect(incident.obligations[0]).toMatchObject({
      openedAt: phonedAt,
      dueAt: new Date(Date.parse(phonedAt) + dueMinutes * 60_000).toISOString(),
    });
  });

  it("R-WRITTEN-30: a call time on a written report, before the incident or in the future → 400 naming phonedAt, in the caller's language", async () => {
    const refused = [
      phoneFirstReport({ channel: 'written', phonedAt: '2026-11-28T08:05:00+08:00' }),
      phoneFirstReport({ occurredAt: '2026-11-28T08:05:00+08:00', phonedAt: '2026-11-28T08:00:00+08:00' }),
      phoneFirstReport({ phonedAt: '2026-11-28T09:00:00+08:00' }),
    ];
    for (const body of refused) {
      const response = await post(body, { 'accept-language': 'zh-CN' });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body!).errors).toEqual([expect.objectContaining({ field: 'phonedAt' })]);
    }
    const written = await post(refused[0], { 'accept-language': 'zh-CN' });
    expect(JSON.parse(written.body!).errors[0].message).toContain('仅用于电话首报');
  });

  it('R-INTAKE: a phone report with only what is known (no summary, no casualties) is accepted', async () => {
    const { summary: _summary, casualties: _casualties, ...partial } = phoneFirstReport();
    const response = await post(partial);
    expect(response.statusCode).toBe(201);
  });

  describe('bad input gets problem+json naming each field and writes nothing', () => {
    let itemsBefore: number;
    beforeEach(async () => {
      itemsBefore = (await table.allItems()).length;
    });
    afterEach(async () => {
      expect((await table.allItems()).length).toBe(itemsBefore);
      expect(workflow.incidentStarts).toEqual([]);
      expect(workflow.obligationStarts).toEqual([]);
    });

    it('missing and malformed fields → 400 naming each', async () => {
      const response = await post(
        phoneFirstReport({
          title: undefined,
          severity: 'huge',
          occurredAt: 'yesterday',
          casualties: { deaths: -1, injured: 0, missing: 0 },
          reporter: { name: '王某', phone: '13800000000' },
        }),
      );
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
      const problem = JSON.parse(response.body!);
      expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'casualties.deaths',
        'occurredAt',
        'reporter.phone',
        'severity',
        'title',
      ]);
    });

    it('control characters in text → 400', async () => {
      const response = await post(phoneFirstReport({ location: '高升\u0007经济区' }));
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body!).errors).toEqual([expect.objectContaining({ field: 'location' })]);
    });

    it('unknown unit → 422 naming unitId', async () => {
      const response = await post(phoneFirstReport({ unitId: 'nowhere' }));
      expect(response.statusCode).toBe(422);
      expect(JSON.parse(response.body!).errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
    });

    it('unknown category → 422 naming category', async () => {
      const response = await post(phoneFirstReport({ category: 'alien-invasion' }));
      expect(response.statusCode).toBe(422);
      expect(JSON.parse(response.body!).errors).toEqual([expect.objectContaining({ field: 'category' })]);
    });

    it('malformed JSON → 400 problem+json', async () => {
      const response = await post('{"unitId": "gaosheng-zone",');
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.body!)).toMatchObject({ title: 'Malformed JSON', errors: [{ field: '(body)' }] });
    });

    it('no JSON content type → 415 problem+json', async () => {
      const response = await post(phoneFirstReport(), { 'content-type': 'text/plain' });
      expect(response.statusCode).toBe(415);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
    });

    it('a body over 256 KB → 413 problem+json', async () => {
      const response = await post(phoneFirstReport({ summary: 'x'.repeat(300 * 1024) }));
      expect(response.statusCode).toBe(413);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
    });
  });

  it('GET of an unknown incident → 404 problem+json', async () => {
    const response = await makeGetIncident({ ...table.repositories })(
      httpEvent({
        method: 'GET',
        path: '/incidents/INC-20260101-XXXXXX',
        pathParameters: { incidentId: 'INC-20260101-XXXXXX' },
      }),
      context,
    );
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
  });
});
