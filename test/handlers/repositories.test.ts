import { givenPhoneReportedIncident } from '../support/fixtures';
import { startTestTable, type TestTable } from '../support/table';

describe('repositories over the incident table', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  it('R-AUDIT: events are appended, never overwritten, and come back in the order they were appended with time, actor and unit', async () => {
    // Prepare
    const at = '2026-11-28T00:05:00.000Z';
    const base = { incidentId: 'INC-20261128-AUDIT1', at, actor: 'unit:gaosheng-zone', unitId: 'gaosheng-zone' };
    // Act: three events of the same instant
    await table.audit.appendEvent({ ...base, type: 'incident-reported', detail: { n: 1 } });
    await table.audit.appendEvent({ ...base, type: 'obligation-opened', detail: { n: 2 } });
    await table.audit.appendEvent({ ...base, type: 'execution-started', detail: { n: 3 } });
    await givenPhoneReportedIncident(table, { incidentId: 'INC-20261128-AUDIT1', phoneReportAt: new Date(at) });
    // Assess
    const record = await table.incidents.getIncidentRecord('INC-20261128-AUDIT1');
    expect(record?.timeline.map((event) => [event.type, event.detail.n, event.actor, event.unitId, event.at])).toEqual([
      ['incident-reported', 1, 'unit:gaosheng-zone', 'gaosheng-zone', at],
      ['obligation-opened', 2, 'unit:gaosheng-zone', 'gaosheng-zone', at],
      ['execution-started', 3, 'unit:gaosheng-zone', 'gaosheng-zone', at],
    ]);
  });

  it('R-AUDIT: a record is never overwritten by a second write with the same key', async () => {
    // Prepare
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261128-AUDIT2',
      phoneReportAt: new Date('2026-11-28T00:05:00Z'),
    });
    // Act
    const overwritten = await table.obligations.putObligation({ ...obligation, dueAt: '2026-11-28T09:00:00.000Z' });
    // Assess
    expect(overwritten).toBe(false);
    expect((await table.obligations.getObligation('INC-20261128-AUDIT2', 'written-report'))?.dueAt).toBe(
      obligation.dueAt,
    );
  });

  it('R-LIFECYCLE: settling is conditional on the status the caller saw', async () => {
    await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261128-AUDIT3',
      phoneReportAt: new Date('2026-11-28T00:05:00Z'),
    });
    expect(await table.obligations.markObligationOverdue('INC-20261128-AUDIT3', 'written-report')).toBe(true);
    expect(await table.obligations.markObligationOverdue('INC-20261128-AUDIT3', 'written-report')).toBe(false);
    const settlement = { status: 'late' as const, metAt: '2026-11-28T00:50:00.000Z', metByDocumentId: 'RPT-1' };
    expect(
      await table.obligations.settleObligation('INC-20261128-AUDIT3', 'written-report', 'pending', settlement),
    ).toBe(false);
    expect(
      await table.obligations.settleObligation('INC-20261128-AUDIT3', 'written-report', 'overdue', settlement),
    ).toBe(true);
    expect(await table.obligations.getObligation('INC-20261128-AUDIT3', 'written-report')).toMatchObject(settlement);
  });
});
