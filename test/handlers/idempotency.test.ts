import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { dynamoDbIdempotencyStore, type IdempotencyStore } from '../../functions/shared/idempotency';
import { httpEvent, phoneFirstReport, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingWorkflow } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

describe('Idempotency-Key on POSTs (Powertools idempotency, DynamoDB persistence)', () => {
  let table: TestTable;
  let store: IdempotencyStore;
  let workflow: RecordingWorkflow;
  const now = () => new Date('2026-11-28T00:06:00Z');

  beforeAll(async () => {
    table = await startTestTable();
    store = dynamoDbIdempotencyStore(table.client, table.tableName);
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    workflow = new RecordingWorkflow();
  });

  const createIncident = (body: object, key?: string, caller: TestCaller = reporterOf('gaosheng-zone')) =>
    makeCreateIncident({
      ...table.repositories,
      workflow,
      directory: fixedDirectory(defaultDirectory),
      taxonomy: defaultTaxonomy,
      policy: defaultPolicy,
      drillSpeed: 1,
      idempotency: store,
      now,
    })(
      httpEvent({ method: 'POST', path: '/incidents', body, headers: key ? { 'idempotency-key': key } : {}, caller }),
      context,
    );
  const incidentItems = async () => (await table.allItems()).filter((item) => item.itemType === 'incident');

  it('the same key and body → the first response again: same incident ID, one incident, one execution per watch', async () => {
    // Act
    const first = await createIncident(phoneFirstReport(), 'key-same-body-0001');
    const again = await createIncident(phoneFirstReport(), 'key-same-body-0001');
    // Assess
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(JSON.parse(again.body!).incidentId).toBe(JSON.parse(first.body!).incidentId);
    expect(again.body).toBe(first.body);
    expect(await incidentItems()).toHaveLength(1);
    expect(workflow.incidentStarts).toHaveLength(1);
    expect(workflow.obligationStarts).toHaveLength(1);
  });

  it('the same key with another body → 422 naming Idempotency-Key, nothing written', async () => {
    await createIncident(phoneFirstReport(), 'key-other-body-0001');
    const before = await table.allItems();
    const other = await createIncident(phoneFirstReport({ title: '另一起事件' }), 'key-other-body-0001');
    expect(other.statusCode).toBe(422);
    expect(other.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(other.body!).errors).toEqual([
      { field: 'Idempotency-Key', message: 'Already used with a different body' },
    ]);
    expect(await table.allItems()).toEqual(before);
    // The refusal keeps the first result: the original retry still gets it, and files nothing.
    const original = await createIncident(phoneFirstReport(), 'key-other-body-0001');
    expect(original.statusCode).toBe(201);
    expect(await table.allItems()).toEqual(before);
  });

  it('keys are scoped to the caller: two units using the same key file two incidents', async () => {
    const zone = await createIncident(phoneFirstReport(), 'key-shared-by-two-units');
    const town = await createIncident(
      phoneFirstReport({ unitId: 'example-town-a' }),
      'key-shared-by-two-units',
      reporterOf('example-town-a'),
    );
    expect([zone.statusCode, town.statusCode]).toEqual([201, 201]);
    expect(JSON.parse(town.body!).incidentId).not.toBe(JSON.parse(zone.body!).incidentId);
  });

  it('a rejected request is not remembered: the corrected retry with the same key goes through', async () => {
    const rejected = await createIncident(phoneFirstReport({ severity: 'huge' }), 'key-fix-and-retry-01');
    const corrected = await createIncident(phoneFirstReport(), 'key-fix-and-retry-01');
    expect([rejected.statusCode, corrected.statusCode]).toEqual([400, 201]);
  });

  it('without a key every request is processed; a malformed key → 400', async () => {
    const before = (await incidentItems()).length;
    await createIncident(phoneFirstReport());
    await createIncident(phoneFirstReport());
    expect((await incidentItems()).length).toBe(before + 2);
    const malformed = await createIncident(phoneFirstReport(), 'short');
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body!).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('a retried report is filed once: one report, one settlement', async () => {
    const { incidentId } = JSON.parse((await createIncident(phoneFirstReport(), 'key-incident-for-report')).body!);
    const file = () =>
      makeFileReport({
        ...table.repositories,
        workflow,
        idempotency: store,
        now: () => new Date('2026-11-28T00:20:00Z'),
      })(
        httpEvent({
          method: 'POST',
          path: `/incidents/${incidentId}/reports`,
          body: { kind: 'written', summary: '已堵漏' },
          pathParameters: { incidentId },
          headers: { 'idempotency-key': 'key-written-report-01' },
          caller: reporterOf('gaosheng-zone'),
        }),
        context,
      );
    const [first, second] = [await file(), await file()];
    expect(second.body).toBe(first.body);
    const record = await table.incidents.getIncidentRecord(incidentId);
    expect(record?.reports.filter((report) => report.kind === 'written')).toHaveLength(1);
    expect(record?.timeline.filter((event) => event.type === 'obligation-met')).toHaveLength(1);
  });
});
