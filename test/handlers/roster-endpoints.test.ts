import { makeHandler as makeAddOverride } from '../../functions/api/add-roster-override';
import { makeHandler as makeExportRoster } from '../../functions/api/export-roster';
import { makeHandler as makeGetOnDuty } from '../../functions/api/get-on-duty';
import { makeHandler as makeGetRoster } from '../../functions/api/get-roster';
import { makeHandler as makeImportRoster } from '../../functions/api/import-roster';
import { makeHandler as makePutRoster } from '../../functions/api/put-roster';
import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Directory, Unit } from '../../functions/domain/directory';
import { beijingToIso, makeShift, shiftInstants } from '../../functions/domain/roster';
import { fixedDirectory } from '../../functions/shared/directory-source';
import { exportRosterXlsx } from '../../functions/shared/roster-files';
import { httpEvent, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { startTestTable, type TestTable } from '../support/table';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const unitId = 'example-town-a';
const people = [
  ['night', '张伟', '+8613900000611'],
  ['deputy', '李娜', '+8613900000612'],
  ['day', '王强', '+8613900000613'],
  ['standin', '赵敏', '+8613900000614'],
] as const;
const withStaff = (unit: Unit): Unit => ({
  ...unit,
  staff: people.map(([id, name, phone]) => ({
    contactId: `${unit.unitId}.${id}`,
    name,
    role: 'staff' as const,
    phone,
    locale: 'zh-CN' as const,
  })),
});
const directory: Directory = {
  units: defaultDirectory.units.map((unit) => (unit.unitId === unitId ? withStaff(unit) : unit)),
};
const contacts = withStaff(defaultDirectory.units.find((unit) => unit.unitId === unitId)!).staff!.map(
  ({ contactId, name, phone }) => ({ contactId, name, phone }),
);
/** December 2026, every day a day shift and a night shift into the next day. */
const december = Array.from({ length: 31 }, (_, day) => {
  const date = `2026-12-${String(day + 1).padStart(2, '0')}`;
  return [
    makeShift({
      unitId,
      ...shiftInstants(date, '08:00', '20:00'),
      label: '白班',
      dutyOfficerContactId: `${unitId}.day`,
      shiftLeaderContactId: `${unitId}.deputy`,
    }),
    makeShift({
      unitId,
      ...shiftInstants(date, '20:00', '08:00'),
      label: '夜班',
      dutyOfficerContactId: `${unitId}.night`,
      shiftLeaderContactId: `${unitId}.deputy`,
    }),
  ];
}).flat();

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

describe('issue 15 item 3: duty rosters over the API — import a month from .xlsx, read who is on duty, swap, export', () => {
  let table: TestTable;
  const deps = () => ({
    ...table.repositories,
    directory: fixedDirectory(directory),
    now: () => new Date(beijingToIso('2026-12-02', '02:00')),
  });
  const call = async (handler: (event: never, ctx: never) => Promise<unknown>, event: unknown): Promise<Answer> =>
    (await handler(event as never, context as never)) as Answer;
  const importMonth = (body: string, type: string, isBase64Encoded: boolean, caller: TestCaller = reporterOf(unitId)) =>
    call(makeImportRoster(deps()), {
      ...httpEvent({
        method: 'PUT',
        path: `/units/${unitId}/roster/months/2026-12`,
        body,
        headers: { 'content-type': type },
        pathParameters: { unitId, month: '2026-12' },
        caller,
      }),
      isBase64Encoded,
    });
  const onDuty = async (at: string) =>
    JSON.parse(
      (
        await call(
          makeGetOnDuty(deps()),
          httpEvent({ method: 'GET', path: `/units/${unitId}/on-duty`, pathParameters: { unitId }, query: { at } }),
        )
      ).body,
    ) as { dutyOfficer?: { contact: { contactId: string } }; reaches: { leader: { contactId: string }[] } };

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  it('R-LADDER: a bad row of the file is named with its line and reason (zh-CN when asked), and nothing is imported', async () => {
    // Prepare
    const csv =
      '\uFEFF日期,班次,值班员,带班领导,电话\r\n2026-12-01,白班 08:00-20:00,王强,李娜,\r\n2026-12-01,夜班 20:00-08:00,无此人,李娜,\r\n';
    // Act
    const answer = await call(makeImportRoster(deps()), {
      ...httpEvent({
        method: 'PUT',
        path: `/units/${unitId}/roster/months/2026-12`,
        body: csv,
        headers: { 'content-type': 'text/csv', 'accept-language': 'zh-CN' },
        pathParameters: { unitId, month: '2026-12' },
        caller: reporterOf(unitId),
      }),
      isBase64Encoded: false,
    });
    // Assess
    expect(answer.statusCode).toBe(400);
    const problem = JSON.parse(answer.body) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((error) => error.field)).toEqual(['line 3: 值班员']);
    expect(problem.errors[0].message).toContain('无此人');
    expect(
      await table.rosters.shiftsBetween(
        unitId,
        beijingToIso('2026-12-01', '00:00'),
        beijingToIso('2027-01-01', '00:00'),
      ),
    ).toEqual([]);
  });

  it('R-LADDER: the month imported from an .xlsx file answers who is on duty at 02:00 — the night officer, from the shift', async () => {
    // Prepare
    const file = Buffer.from(await exportRosterXlsx(december, contacts)).toString('base64');
    // Act
    const imported = await importMonth(file, XLSX, true);
    const night = await onDuty(beijingToIso('2026-12-02', '02:00'));
    // Assess
    expect(imported.statusCode).toBe(200);
    expect((JSON.parse(imported.body) as { shifts: unknown[] }).shifts).toHaveLength(62);
    expect(night.dutyOfficer!.contact.contactId).toBe(`${unitId}.night`);
    expect(night.reaches.leader.map((entry) => entry.contactId)).toEqual([`${unitId}.deputy`, `${unitId}.leader`]);
  });

  it('R-LADDER: a swap for part of a shift moves the duty to the stand-in, then back; another unit’s reporter gets 404', async () => {
    // Act
    const added = await call(
      makeAddOverride({ ...deps(), now: () => new Date(beijingToIso('2026-12-02', '02:00')) }),
      httpEvent({
        method: 'POST',
        path: `/units/${unitId}/roster/overrides`,
        body: {
          startsAt: beijingToIso('2026-12-02', '02:30'),
          endsAt: beijingToIso('2026-12-02', '04:00'),
          role: 'duty-officer',
          contactId: `${unitId}.standin`,
          reason: '换班',
        },
        pathParameters: { unitId },
        caller: reporterOf(unitId),
      }),
    );
    const stranger = await call(
      makeGetRoster(deps()),
      httpEvent({
        method: 'GET',
        path: `/units/${unitId}/roster`,
        pathParameters: { unitId },
        caller: reporterOf('gaosheng-zone'),
      }),
    );
    // Assess
    expect(added.statusCode).toBe(201);
    expect((await onDuty(beijingToIso('2026-12-02', '03:00'))).dutyOfficer!.contact.contactId).toBe(
      `${unitId}.standin`,
    );
    expect((await onDuty(beijingToIso('2026-12-02', '04:00'))).dutyOfficer!.contact.contactId).toBe(`${unitId}.night`);
    expect(stranger.statusCode).toBe(404);
  });

  it('R-LADDER: the roster page’s period shows its gaps; a shift naming someone not of the unit is refused by row and field', async () => {
    // Act
    const roster = await call(
      makeGetRoster(deps()),
      httpEvent({
        method: 'GET',
        path: `/units/${unitId}/roster`,
        pathParameters: { unitId },
        query: { from: beijingToIso('2026-11-30', '20:00'), to: beijingToIso('2026-12-02', '08:00') },
      }),
    );
    const refused = await call(
      makePutRoster(deps()),
      httpEvent({
        method: 'PUT',
        path: `/units/${unitId}/roster`,
        pathParameters: { unitId },
        body: {
          from: beijingToIso('2027-01-01', '00:00'),
          to: beijingToIso('2027-01-02', '00:00'),
          shifts: [
            {
              ...shiftInstants('2027-01-01', '08:00', '20:00'),
              dutyOfficerContactId: 'gaosheng-zone.duty',
              shiftLeaderContactId: `${unitId}.deputy`,
            },
          ],
        },
      }),
    );
    // Assess
    const body = JSON.parse(roster.body) as { shifts: unknown[]; gaps: { startsAt: string; endsAt: string }[] };
    expect(body.gaps).toEqual([
      { startsAt: beijingToIso('2026-11-30', '20:00'), endsAt: beijingToIso('2026-12-01', '08:00') },
    ]);
    expect(refused.statusCode).toBe(400);
    expect((JSON.parse(refused.body) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
      'shifts.0.dutyOfficerContactId',
    ]);
  });

  it('the month exports as CSV with a BOM in the layout it is imported in', async () => {
    // Act
    const exported = await call(
      makeExportRoster(deps()),
      httpEvent({
        method: 'GET',
        path: `/units/${unitId}/roster/months/2026-12`,
        pathParameters: { unitId, month: '2026-12' },
        query: { format: 'csv' },
      }),
    );
    // Assess
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.body.startsWith('\uFEFF日期,班次,值班员,带班领导,电话')).toBe(true);
    expect(exported.body).toContain('2026-12-02,夜班 20:00-08:00,张伟,李娜,+8613900000611');
  });
});
