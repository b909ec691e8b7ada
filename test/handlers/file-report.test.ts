import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeCheckObligation } from '../../functions/workflow/check-obligation';
import { makeHandler as makeOpenFollowUp } from '../../functions/workflow/open-follow-up';
import { givenPhoneReportedIncident as givenIncident } from '../support/fixtures';
import { RecordingWorkflow } from '../support/recording-workflow';
import { context } from '../support/lambda-context';
import { httpEvent, reporterOf } from '../support/http-events';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const dueAt = new Date('2026-11-28T00:35:00Z');

const completeElements = {
  cause: '储罐法兰垫片老化',
  casualties: { deaths: 0, injured: 2, missing: 0 },
  measuresTaken: '已堵漏，伤者送医',
  trend: '泄漏已控制，继续监测',
  reporter: { name: '王某', phone: '+8613800000003' },
};

describe('POST /incidents/{id}/reports (written, follow-up and final reports)', () => {
  let table: TestTable;
  let sequence = 0;
  let workflow: RecordingWorkflow;
  beforeEach(() => {
    workflow = new RecordingWorkflow();
  });

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  async function givenPhoneReportedIncident(): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-TEST${String(sequence).padStart(2, '0')}`;
    await givenIncident(table, { incidentId, phoneReportAt });
    return incidentId;
  }

  const fileWrittenReport = (
    incidentId: string,
    at: Date,
    body: object = { kind: 'written', summary: '储罐法兰泄漏，已堵漏，2人轻伤送医' },
  ) =>
    makeFileReport({ ...table.repositories, workflow, now: () => at })(
      httpEvent({
        method: 'POST',
        path: `/incidents/${incidentId}/reports`,
        body,
        pathParameters: { incidentId },
        caller: reporterOf('gaosheng-zone'),
      }),
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
    expect(JSON.parse(response.body!).obligations).toEqual([
      expect.objectContaining({ status: 'met', metAt: filedAt.toISOString() }),
    ]);
    const stored = await table.incidents.getIncidentRecord(incidentId);
    expect(stored?.obligations[0]).toMatchObject({ status: 'met', metAt: filedAt.toISOString() });
    expect(stored?.incident.verified).toBe(true); // R-INTAKE: the written report completes the phone report
    expect(stored?.timeline.map((event) => event.type)).toEqual(['report-filed', 'obligation-met']);
    expect(
      stored?.timeline.every((event) => event.actor === 'reporter:gaosheng-zone:test-reporter-gaosheng-zone'),
    ).toBe(true);
    expect(await table.obligations.openObligationsDueBy(new Date('2027-01-01T00:00:00Z'))).not.toContainEqual(
      expect.objectContaining({ incidentId }),
    );
  });

  it('R-WRITTEN-30: filed after the deadline (before the check ran) → late', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:36:00Z'));
    expect(JSON.parse(response.body!).obligations).toEqual([expect.objectContaining({ status: 'late' })]);
  });

  it('R-LIFECYCLE: overdue stays overdue until filed, then late', async () => {
    // Prepare: the deadline check has marked it overdue
    const incidentId = await givenPhoneReportedIncident();
    const check = await makeCheckObligation({ ...table.repositories, now: () => new Date(dueAt.getTime() + 1000) })({
      incidentId,
      obligationId: 'written-report',
    });
    expect(check.status).toBe('overdue');
    expect((await table.obligations.getObligation(incidentId, 'written-report'))?.status).toBe('overdue');
    // Act
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:50:00Z'));
    // Assess
    expect(JSON.parse(response.body!).obligations).toEqual([
      expect.objectContaining({ status: 'late', metAt: '2026-11-28T00:50:00.000Z' }),
    ]);
  });

  it('a second written report is kept but does not change a settled obligation', async () => {
    const incidentId = await givenPhoneReportedIncident();
    await fileWrittenReport(incidentId, new Date('2026-11-28T00:20:00Z'));
    const second = await fileWrittenReport(incidentId, new Date('2026-11-28T00:50:00Z'));
    expect(second.statusCode).toBe(201);
    expect(JSON.parse(second.body!).obligations).toEqual([]);
    const stored = await table.incidents.getIncidentRecord(incidentId);
    expect(stored?.reports).toHaveLength(2);
    expect(stored?.obligations[0]).toMatchObject({ status: 'met', metAt: '2026-11-28T00:20:00.000Z' });
  });

  it('late reasons: a late report keeps its 迟报原因 on the report and the obligation; an on-time one does not put it on the obligation', async () => {
    const late = await givenPhoneReportedIncident();
    await fileWrittenReport(late, new Date('2026-11-28T00:50:00Z'), {
      kind: 'written',
      summary: '补报',
      lateReason: '现场无信号',
    });
    expect(await table.obligations.getObligation(late, 'written-report')).toMatchObject({
      status: 'late',
      lateReason: '现场无信号',
    });
    const onTime = await givenPhoneReportedIncident();
    await fileWrittenReport(onTime, new Date('2026-11-28T00:20:00Z'), {
      kind: 'written',
      summary: '按时',
      lateReason: '无',
    });
    expect((await table.obligations.getObligation(onTime, 'written-report'))?.lateReason).toBeUndefined();
  });

  it('R-ELEMENTS: a written report lacking elements is accepted and the response names each missing one', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:20:00Z'), {
      kind: 'written',
      summary: '储罐泄漏',
      measuresTaken: '已堵漏',
    });
    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body!);
    expect(body.missingElements.map((missing: { field: string }) => missing.field)).toEqual([
      'cause',
      'casualties',
      'trend',
      'reporter',
    ]);
    expect(body.missingElements[0].name).toEqual({ 'zh-CN': '事件性质和原因', en: 'nature and cause' });
    expect(body.report.missingElements).toEqual([
      'natureAndCause',
      'casualtiesAndLosses',
      'trendAndNextSteps',
      'reporterAndPhone',
    ]);
  });

  it('R-ELEMENTS: a final report lacking elements → 422 naming each, nothing written, the incident stays open', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const before = (await table.allItems()).length;
    const response = await fileWrittenReport(incidentId, new Date('2026-11-28T00:20:00Z'), {
      kind: 'final',
      summary: '处置完毕',
      ...completeElements,
      trend: undefined,
      cause: undefined,
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(response.body!).errors.map((error: { field: string }) => error.field)).toEqual([
      'cause',
      'trend',
    ]);
    expect((await table.allItems()).length).toBe(before);
    expect(workflow.stops).toEqual([]);
  });

  it('R-FOLLOWUP, R-LIFECYCLE: a follow-up meets the earliest follow-up owed; the final report meets the rest, closes the incident and stops its execution; later reports → 409', async () => {
    // Prepare: two follow-ups opened (relatively-major: every 240 min)
    const incidentId = await givenPhoneReportedIncident();
    const openFollowUp = makeOpenFollowUp({
      ...table.repositories,
      workflow,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => phoneReportAt,
    });
    const first = await openFollowUp({ incidentId, followUpsOpened: 0 });
    const second = await openFollowUp({ incidentId, followUpsOpened: 1 });
    expect([first.dueAt, second.dueAt]).toEqual(['2026-11-28T04:05:00.000Z', '2026-11-28T08:05:00.000Z']);
    expect(workflow.obligationStarts.map((start) => start.name)).toEqual([
      `${incidentId}_follow-up-1`,
      `${incidentId}_follow-up-2`,
    ]);
    // Act
    const followUp = await fileWrittenReport(incidentId, new Date('2026-11-28T04:00:00Z'), {
      kind: 'follow-up',
      summary: '续报',
      ...completeElements,
    });
    const final = await fileWrittenReport(incidentId, new Date('2026-11-28T09:00:00Z'), {
      kind: 'final',
      summary: '终报',
      ...completeElements,
    });
    const after = await fileWrittenReport(incidentId, new Date('2026-11-28T09:10:00Z'), {
      kind: 'follow-up',
      summary: '再报',
    });
    // Assess
    expect(
      JSON.parse(followUp.body!).obligations.map(
        (o: { obligationId: string; status: string }) => `${o.obligationId}:${o.status}`,
      ),
    ).toEqual(['follow-up-1:met']);
    expect(final.statusCode).toBe(201);
    expect(JSON.parse(final.body!)).toMatchObject({ incidentStatus: 'closed' });
    expect(
      JSON.parse(final.body!).obligations.map(
        (o: { obligationId: string; status: string }) => `${o.obligationId}:${o.status}`,
      ),
    ).toEqual(['written-report:late', 'follow-up-2:late']);
    expect(workflow.stops).toEqual([{ incidentId, cause: expect.stringContaining('Final report') }]);
    expect(after.statusCode).toBe(409);
    expect(JSON.parse(after.body!).title).toBe('Incident closed');
    const stored = await table.incidents.getIncidentRecord(incidentId);
    expect(stored?.incident).toMatchObject({ status: 'closed', closedAt: '2026-11-28T09:00:00.000Z' });
    expect(stored?.reports.map((report) => report.kind)).toEqual(['follow-up', 'final']);
    expect(await openFollowUp({ incidentId, followUpsOpened: 2 })).toMatchObject({
      incidentOpen: false,
      followUpsDue: false,
    });
  });

  it('the pending index lists open obligations by due time', async () => {
    const incidentId = await givenPhoneReportedIncident();
    const dueByThen = await table.obligations.openObligationsDueBy(dueAt);
    expect(dueByThen).toContainEqual(expect.objectContaining({ incidentId, status: 'pending' }));
    expect(await table.obligations.openObligationsDueBy(new Date(dueAt.getTime() - 1))).not.toContainEqual(
      expect.objectContaining({ incidentId }),
    );
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
    expect(JSON.parse(response.body!).errors[0].message).toBe('Must be "written", "follow-up" or "final"');
    expect(
      JSON.parse(response.body!)
        .errors.map((error: { field: string }) => error.field)
        .sort(),
    ).toEqual(['kind', 'summary']);
    expect((await table.allItems()).length).toBe(before);
  });
});
