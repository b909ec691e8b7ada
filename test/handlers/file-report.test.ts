import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeCheckObligation } from '../../functions/workflow/check-obligation';
import { givenPhoneReportedIncident as givenIncident } from '../support/fixtures';
import { context } from '../support/lambda-context';
import { httpEvent } from '../support/http-events';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const dueAt = new Date('2026-11-28T00:35:00Z');

describe('POST /incidents/{id}/reports (written report)', () => {
  let table: TestTable;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  async function givenPhoneReportedIncident(): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-TEST${String(sequence).padStart(2, '0')}`;
    await givenIncident(table.store, { incidentId, phoneReportAt });
    return incidentId;
  }

  const fileWrittenReport = (incidentId: string, at: Date, body: object = { kind: 'written', summary: '储罐法兰泄漏，已堵漏，2人轻伤送医' }) =>
    makeFileReport({ store: table.store, now: () => at })(
      httpEvent({ method: 'POST', path: `/incidents/${incidentId}/reports`, body, pathParameters: { incidentId } }),
      context,
    );

  it('R-WRITTEN-30: filed before the deadline → the obligation is met, with metAt', async () => {
    // Prepare
    const incidentId = await givenPhoneReportedIncident();
    const filedAt = new Date('2026-11-28T00:25:00Z');
    // Act
    const response = await fileWrittenReport(incidentId, filedAt);
    // Assess
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body!).obligations).toEqual([expect.objectContaining({ status: 'met', metAt: filedAt.toISOString() })]);
    const stored = await table.store.getIncidentRecord(incidentId);
    expect(stored?.obligations[0]).toMatchObject({ status: 'met', metAt: filedAt.toISOString() });
    expect(stored?.timeline.map((event) => event.type)).toEqual(['report-filed', 'obligation-met']);
    expect(await table.store.openObligationsDueBy(new Date('2027-01-01T00:00:00Z'))).not.toContainEqual(expect.objectContaining({ incidentId }));
  });

  it('R-WRITTEN-30: filed after the deadline (before the check ran) → late', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:36:00Z'));
    expect(JSON.parse(response.body!).obligations).toEqual([expect.objectContaining({ status: 'late' })]);
  });

  it('R-LIFECYCLE: overdue stays overdue until filed, then late', async () => {
    // Prepare: the deadline check has marked it overdue
    const incidentId = await givenPhoneReportedIncident();
    const check = await makeCheckObligation({ store: table.store, now: () => new Date(dueAt.getTime() + 1000) })({ incidentId, obligationId: 'written-report' });
    expect(check.status).toBe('overdue');
    expect((await table.store.getObligation(incidentId, 'written-report'))?.status).toBe('overdue');
    // Act
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:50:00Z'));
    // Assess
    expect(JSON.parse(response.body!).obligations).toEqual([expect.objectContaining({ status: 'late', metAt: '2026-11-28T00:50:00.000Z' })]);
  });

  it('a second written report is kept but does not change a settled obligation', async () => {
    const incidentId = await givenPhoneReportedIncident();
    await fileWrittenReport(incidentId, new Date('2026-11-28T00:20:00Z'));
    const second = await fileWrittenReport(incidentId, new Date('2026-11-28T00:50:00Z'));
    expect(second.statusCode).toBe(201);
    expect(JSON.parse(second.body!).obligations).toEqual([expect.objectContaining({ status: 'met', metAt: '2026-11-28T00:20:00.000Z' })]);
    expect((await table.store.getIncidentRecord(incidentId))?.reports).toHaveLength(2);
  });

  it('the pending index lists open obligations by due time', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const dueByThen = await table.store.openObligationsDueBy(dueAt);
    expect(dueByThen).toContainEqual(expect.objectContaining({ incidentId, status: 'pending' }));
    expect(await table.store.openObligationsDueBy(new Date(dueAt.getTime() - 1))).not.toContainEqual(expect.objectContaining({ incidentId }));
  });

  it('unknown incident → 404, nothing written', async () => {
    const before = (await table.allItems()).length;
    const response = await fileWrittenReport('INC-20260101-NOSUCH', new Date());
    expect(response.statusCode).toBe(404);
    expect((await table.allItems()).length).toBe(before);
  });

  it('missing summary or another kind → 400 naming the fields, nothing written', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const before = (await table.allItems()).length;
    const response = await fileWrittenReport(incidentId, new Date(), { kind: 'rumour' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).errors.map((error: { field: string }) => error.field).sort()).toEqual(['kind', 'summary']);
    expect((await table.allItems()).length).toBe(before);
  });
});
