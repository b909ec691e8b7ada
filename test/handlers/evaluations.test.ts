import { fixedDirectory } from '../../functions/shared/directory-source';
import { parse } from 'csv-parse/sync';
import { makeHandler as makeGetIncidentAudit } from '../../functions/api/get-incident-audit';
import { makeHandler as makeGetEvaluationNotice } from '../../functions/api/get-evaluation-notice';
import { makeHandler as makeGetEvaluations } from '../../functions/api/get-evaluations';
import { makeHandler as makeListIncidents } from '../../functions/api/list-incidents';
import { makeHandler as makeListObligations } from '../../functions/api/list-obligations';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { EVALUATED_ITEM_KINDS } from '../../functions/domain/evaluation';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeShift } from '../../functions/domain/roster';
import {
  SCENARIO_AS_OF,
  SCENARIO_INCIDENTS,
  SCENARIO_SPOT_CHECKS,
  SCENARIO_UNITS,
} from '../support/evaluation-scenario';
import { httpEvent, reporterOf } from '../support/http-events';
import { context } from '../support/lambda-context';
import { startTestTable, type TestTable } from '../support/table';
import { startTestAnchors } from '../support/anchors';

let table: TestTable;
const directory = { units: defaultDirectory.units.filter((unit) => SCENARIO_UNITS.includes(unit.unitId)) };
const deps = () => ({
  ...table.repositories,
  directory: fixedDirectory(directory),
  policy: defaultPolicy,
  now: () => SCENARIO_AS_OF,
});
const evaluationsEvent = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  httpEvent({ method: 'GET', path: '/evaluations', query, headers });

beforeAll(async () => {
  // Prepare: the hand-computed month, plus one incident just before it and one just after (Beijing time).
  table = await startTestTable();
  for (const { incident, obligations } of SCENARIO_INCIDENTS) {
    await table.incidents.putIncident(incident);
    for (const obligation of obligations) await table.obligations.putObligation(obligation);
  }
  for (const spotCheck of SCENARIO_SPOT_CHECKS) await table.spotChecks.putSpotCheck(spotCheck);
  const outside = SCENARIO_INCIDENTS[0].incident;
  await table.incidents.putIncident({
    ...outside,
    incidentId: 'INC-OCT',
    occurredAt: '2026-10-31T15:00:00.000Z',
    receivedAt: '2026-10-31T15:59:59.000Z',
  });
  await table.incidents.putIncident({
    ...outside,
    incidentId: 'INC-DEC',
    occurredAt: '2026-11-30T15:59:00.000Z',
    receivedAt: '2026-11-30T16:00:00.000Z',
  });
  await table.incidents.closeIncident(
    'INC-Z1',
    '2026-11-10T02:00:00.000Z',
    'RPT-Z1',
    new Date('2026-11-10T02:00:00.000Z'),
  );
});

afterAll(async () => table.stop());

describe('GET /evaluations (R-EVAL)', () => {
  it('R-EVAL: counts the Beijing month only, with the hand-computed figures', async () => {
    // Act
    const response = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: '2026-11-01', to: '2026-12-01' }),
      context,
    );
    // Assess
    expect(response.statusCode).toBe(200);
    const evaluation = JSON.parse(response.body!);
    const zone = evaluation.units.find((unit: { unitId: string }) => unit.unitId === 'gaosheng-zone');
    expect(zone.tallies['first-report']).toEqual({ onTime: 2, late: 1, missed: 1, pending: 0 });
    expect(zone).toMatchObject({ onTimeRate: 0.444, medianDelayMinutes: 20, worstDelayMinutes: 60 });
    expect(evaluation.lapses).toHaveLength(9);
    expect(evaluation.months).toEqual([
      { month: '2026-11', units: expect.arrayContaining([{ unitId: 'county-work-safety', onTimeRate: 1 }]) },
    ]);
  });

  it('R-EVAL: Accept: text/csv gives the same figures as CSV, UTF-8 with BOM, parsed back', async () => {
    const response = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: '2026-11-01', to: '2026-12-01' }, { accept: 'text/csv' }),
      context,
    );
    expect(response.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers?.['content-disposition']).toContain('attachment');
    expect(response.body!.startsWith('\uFEFF')).toBe(true);
    const parsed: string[][] = parse(response.body!, { bom: true });
    const [header, ...rows] = parsed;
    expect(header.slice(0, 5)).toEqual(['单位编号', '单位', '首报及时', '首报迟报', '首报漏报']);
    expect(header).toHaveLength(2 + EVALUATED_ITEM_KINDS.length * 3 + 3);
    const byUnit = Object.fromEntries(
      rows.map((row) => [row[0], Object.fromEntries(header.map((name, index) => [name, row[index]]))]),
    );
    expect(byUnit['gaosheng-zone']).toMatchObject({
      单位: '盘锦高升经济区管委会',
      首报及时: '2',
      首报迟报: '1',
      首报漏报: '1',
      书面报告迟报: '1',
      值班抽查漏报: '1',
      及时率: '0.444',
      '延误中位数（分钟）': '20',
      '最长延误（分钟）': '60',
    });
    expect(byUnit['north-new-materials-park']).toMatchObject({
      书面报告漏报: '1',
      书面核报迟报: '1',
      及时率: '0.5',
      '延误中位数（分钟）': '17.5',
    });
    expect(byUnit['county-work-safety']).toMatchObject({ 首报及时: '3', 及时率: '1', '最长延误（分钟）': '' });
  });

  it('R-EVAL: an explicit ?format=json wins over Accept: text/csv', async () => {
    const response = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: '2026-11-01', to: '2026-12-01', format: 'json' }, { accept: 'text/csv' }),
      context,
    );
    expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body!).units).toHaveLength(3);
  });

  it('R-EVAL: ?format=csv&lang=en gives English headings', async () => {
    const response = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: '2026-11-01', to: '2026-12-01', format: 'csv', lang: 'en' }),
      context,
    );
    const parsed: string[][] = parse(response.body!, { bom: true });
    const [header] = parsed;
    expect(header.slice(0, 3)).toEqual(['Unit ID', 'Unit', 'First report on time']);
  });

  it('R-EVAL: a bad period is a 400 problem naming each field', async () => {
    const response = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: 'last month', to: '2026-11-01', extra: '1' }),
      context,
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    const fields = JSON.parse(response.body!).errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['from', 'extra']));
    const backwards = await makeGetEvaluations(deps())(
      evaluationsEvent({ from: '2026-12-01', to: '2026-11-01' }),
      context,
    );
    expect(JSON.parse(backwards.body!).errors).toEqual([{ field: 'to', message: 'Must be after from' }]);
  });

  it('R-EVAL: reporters may not read the evaluation', async () => {
    const response = await makeGetEvaluations(deps())(
      httpEvent({
        method: 'GET',
        path: '/evaluations',
        query: { from: '2026-11-01', to: '2026-12-01' },
        caller: reporterOf('gaosheng-zone'),
      }),
      context,
    );
    expect(response.statusCode).toBe(403);
  });
});

describe('GET /evaluations/notice (R-EVAL 通报)', () => {
  it('R-EVAL: a printable page listing the late and missed items by unit, in Beijing time, scripts escaped and forbidden', async () => {
    // Prepare: a title with markup in it must come out as text.
    await table.incidents.putIncident({
      ...SCENARIO_INCIDENTS[4].incident,
      incidentId: 'INC-XSS',
      title: '<script>alert(1)</script>',
      source: 'media',
    });
    // Act
    const response = await makeGetEvaluationNotice(deps())(
      httpEvent({ method: 'GET', path: '/evaluations/notice', query: { period: '2026-11' } }),
      context,
    );
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers?.['content-security-policy']).toContain("default-src 'none'");
    const page = response.body!;
    expect(page).toContain('关于2026年11月突发事件信息报送情况的通报');
    // Issue 14 item 5: laid out for the phone it is read on, not shrunk from 980 px.
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('2026-11-01至2026-11-30');
    // INC-Z2's written report: due 03:20Z = 11:20 Beijing, filed 11:35, 15 minutes, reason given.
    expect(page).toMatch(
      /书面报告（迟报）<\/td><td>演练事件 INC-Z2 INC-Z2<\/td><td>2026-11-10 11:20<\/td><td>2026-11-10 11:35<\/td><td>15分钟<\/td><td>通讯中断/,
    );
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });

  it('R-EVAL: in English with lang=en; a bad period is a 400 naming it', async () => {
    const english = await makeGetEvaluationNotice(deps())(
      httpEvent({ method: 'GET', path: '/evaluations/notice', query: { period: '2026-11', lang: 'en' } }),
      context,
    );
    expect(english.body).toContain('Notice on emergency-incident information reporting, 2026-11');
    const bad = await makeGetEvaluationNotice(deps())(
      httpEvent({ method: 'GET', path: '/evaluations/notice', query: { period: '2026-13' } }),
      context,
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!).errors[0].field).toBe('period');
  });
});

describe("the console's lists", () => {
  it("R-LIFECYCLE: GET /incidents lists open incidents only, newest first; a reporter sees its own unit's", async () => {
    const all = JSON.parse(
      (await makeListIncidents({ ...table.repositories })(httpEvent({ method: 'GET', path: '/incidents' }), context))
        .body!,
    );
    const ids = all.incidents.map((incident: { incidentId: string }) => incident.incidentId);
    expect(ids).not.toContain('INC-Z1');
    expect(ids.indexOf('INC-DEC')).toBeLessThan(ids.indexOf('INC-W3'));
    const own = JSON.parse(
      (
        await makeListIncidents({ ...table.repositories })(
          httpEvent({ method: 'GET', path: '/incidents', caller: reporterOf('county-work-safety') }),
          context,
        )
      ).body!,
    );
    expect(own.incidents.map((incident: { incidentId: string }) => incident.incidentId).sort()).toEqual([
      'INC-W1',
      'INC-W2',
      'INC-W3',
    ]);
  });

  it("R-LIFECYCLE: GET /obligations lists open deadlines, overdue first, with the server's time", async () => {
    const response = JSON.parse(
      (
        await makeListObligations({ ...table.repositories, now: () => SCENARIO_AS_OF })(
          httpEvent({ method: 'GET', path: '/obligations' }),
          context,
        )
      ).body!,
    );
    expect(response.now).toBe(SCENARIO_AS_OF.toISOString());
    // Of the scenario, INC-P1's written report is overdue and the two follow-ups are pending (met/late ones are
    // settled… but the fixture stored them as given).
    const open = response.obligations.filter(
      (obligation: { status: string }) => obligation.status === 'pending' || obligation.status === 'overdue',
    );
    expect(open[0]).toMatchObject({ incidentId: 'INC-P1', overdue: true });
    expect(open.at(-1)).toMatchObject({ kind: 'follow-up', overdue: false });
    expect(response.obligations[0].escalationSchedule).toBeUndefined();
  });
});

describe('GET /incidents/{incidentId}/audit export (R-AUDIT)', () => {
  it('R-AUDIT: the timeline downloads as CSV with Beijing times, and as a JSON file', async () => {
    // Prepare
    await table.audit.appendEvent({
      incidentId: 'INC-Z1',
      at: '2026-11-10T01:10:00.000Z',
      type: 'incident-reported',
      actor: 'reporter:gaosheng-zone:u1',
      unitId: 'gaosheng-zone',
      detail: { title: '=HYPERLINK("x")' },
    });
    await table.audit.appendEvent({
      incidentId: 'INC-Z1',
      at: '2026-11-10T01:30:00.000Z',
      type: 'report-filed',
      actor: 'reporter:gaosheng-zone:u1',
      unitId: 'gaosheng-zone',
      detail: { kind: 'written' },
    });
    const anchors = await startTestAnchors();
    const audit = makeGetIncidentAudit({ ...table.repositories, anchors: anchors.anchors });
    // Act
    const csvResponse = await audit(
      httpEvent({
        method: 'GET',
        path: '/incidents/INC-Z1/audit',
        pathParameters: { incidentId: 'INC-Z1' },
        query: { format: 'csv' },
      }),
      context,
    );
    const jsonResponse = await audit(
      httpEvent({
        method: 'GET',
        path: '/incidents/INC-Z1/audit',
        pathParameters: { incidentId: 'INC-Z1' },
        query: { download: '1' },
      }),
      context,
    );
    // Assess
    const parsed: string[][] = parse(csvResponse.body!, { bom: true });
    const [header, ...rows] = parsed;
    expect(header[0]).toBe('seq');
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['1', '2026-11-10 09:10', 'incident-reported'],
      ['2', '2026-11-10 09:30', 'report-filed'],
    ]);
    expect(JSON.parse(rows[0][6])).toEqual({ title: '=HYPERLINK("x")' });
    expect(jsonResponse.headers?.['content-disposition']).toBe('attachment; filename="INC-Z1-audit.json"');
    const badFormat = await audit(
      httpEvent({
        method: 'GET',
        path: '/incidents/INC-Z1/audit',
        pathParameters: { incidentId: 'INC-Z1' },
        query: { format: 'xml' },
      }),
      context,
    );
    expect(badFormat.statusCode).toBe(400);
    expect(JSON.parse(badFormat.body!).errors[0].field).toBe('format');
    expect(JSON.parse(jsonResponse.body!).verification.valid).toBe(true);
    await anchors.stop();
  });
});

describe('issue 15 item 7 (责任溯查, R-EVAL, R-AUDIT): the evaluation names who was on duty when each item fell due', () => {
  it('R-EVAL: a late or missed item of a unit with a roster names its duty officer and shift leader, in the JSON and the notice', async () => {
    // Prepare: the zone's first lapse of the month, and a shift of the zone's two standing contacts around its due time
    const before = JSON.parse(
      (await makeGetEvaluations(deps())(evaluationsEvent({ from: '2026-11-01', to: '2026-12-01' }), context)).body!,
    ) as { lapses: { unitId: string; dueAt: string; onDutyAtDue?: unknown }[] };
    const lapse = before.lapses.find((item) => item.unitId === 'gaosheng-zone')!;
    expect(lapse.onDutyAtDue).toBeUndefined();
    const startsAt = new Date(Date.parse(lapse.dueAt) - 3_600_000).toISOString();
    await table.rosters.replacePeriod('gaosheng-zone', startsAt, lapse.dueAt, [
      makeShift({
        unitId: 'gaosheng-zone',
        startsAt,
        endsAt: new Date(Date.parse(lapse.dueAt) + 3_600_000).toISOString(),
        dutyOfficerContactId: 'gaosheng-zone.duty',
        shiftLeaderContactId: 'gaosheng-zone.leader',
      }),
    ]);
    const zone = directory.units.find((unit) => unit.unitId === 'gaosheng-zone')!;
    // Act
    const after = JSON.parse(
      (await makeGetEvaluations(deps())(evaluationsEvent({ from: '2026-11-01', to: '2026-12-01' }), context)).body!,
    ) as { lapses: { unitId: string; dueAt: string; onDutyAtDue?: unknown }[] };
    const notice = await makeGetEvaluationNotice(deps())(
      httpEvent({ method: 'GET', path: '/evaluations/notice', query: { period: '2026-11' } }),
      context,
    );
    // Assess
    expect(
      after.lapses.find((item) => item.unitId === lapse.unitId && item.dueAt === lapse.dueAt)!.onDutyAtDue,
    ).toEqual({
      dutyOfficer: { contactId: 'gaosheng-zone.duty', name: zone.contacts.dutyContact.name },
      shiftLeader: { contactId: 'gaosheng-zone.leader', name: zone.contacts.principalLeader.name },
    });
    expect(notice.body).toContain('当班值班员 / 带班领导');
    expect(notice.body).toContain(`${zone.contacts.dutyContact.name} / ${zone.contacts.principalLeader.name}`);
  });
});
