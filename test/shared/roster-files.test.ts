import { parse } from 'csv-parse/sync';
import * as exceljsModule from 'exceljs';
import { beijingToIso, makeShift, shiftInstants, type Shift } from '../../functions/domain/roster';
import {
  exportRosterCsv,
  exportRosterXlsx,
  parseRosterCsv,
  parseRosterXlsx,
  type RosterContact,
} from '../../functions/shared/roster-files';

const { Workbook } = (exceljsModule as unknown as { default?: typeof exceljsModule }).default ?? exceljsModule;

const unitId = 'example-town-a';
const contacts: RosterContact[] = [
  { contactId: 'c-zhang', name: '张伟', phone: '+8613800000011' },
  { contactId: 'c-li', name: '李娜', phone: '+8613800000012' },
  { contactId: 'c-wang', name: '王强', phone: '+8613800000013' },
  { contactId: 'c-zhao', name: '赵敏', phone: '+8613800000014' },
];
const options = { unitId, contacts, month: '2026-12' };

const HEADER = '日期,班次,值班员,带班领导,电话';

function shift(date: string, start: string, end: string, officer: string, leader: string, label?: string): Shift {
  return makeShift({
    unitId,
    ...shiftInstants(date, start, end),
    ...(label ? { label } : {}),
    dutyOfficerContactId: officer,
    shiftLeaderContactId: leader,
  });
}

/** The last two days of December 2026, day and night, the last night into 2027. */
const december = [
  shift('2026-12-30', '08:00', '20:00', 'c-zhang', 'c-wang', '白班'),
  shift('2026-12-30', '20:00', '08:00', 'c-li', 'c-zhao', '夜班'),
  shift('2026-12-31', '08:00', '20:00', 'c-zhang', 'c-wang', '白班'),
  shift('2026-12-31', '20:00', '08:00', 'c-li', 'c-zhao', '夜班'),
];

async function xlsxOf(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('值班表');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('R-LADDER: duty roster files (值班表 CSV and .xlsx)', () => {
  it('R-LADDER: a CSV with a BOM reads into shifts, names resolved to contactIds, the night shift into the next day', () => {
    // Prepare
    const file = Buffer.from(
      `\uFEFF${HEADER}\r\n2026-12-31,白班 08:00-20:00,张伟,王强,+8613800000011\r\n2026-12-31,夜班 20:00-08:00,李娜,赵敏,138 0000 0012\r\n`,
      'utf8',
    );
    // Act
    const result = parseRosterCsv(file, options);
    // Assess
    expect(result).toEqual({
      ok: true,
      shifts: [
        {
          shiftId: december[2].shiftId,
          unitId,
          startsAt: '2026-12-31T00:00:00.000Z',
          endsAt: '2026-12-31T12:00:00.000Z',
          label: '白班',
          dutyOfficerContactId: 'c-zhang',
          shiftLeaderContactId: 'c-wang',
        },
        {
          shiftId: december[3].shiftId,
          unitId,
          startsAt: beijingToIso('2026-12-31', '20:00'),
          endsAt: beijingToIso('2027-01-01', '08:00'),
          label: '夜班',
          dutyOfficerContactId: 'c-li',
          shiftLeaderContactId: 'c-zhao',
        },
      ],
    });
  });

  it('R-LADDER: the CSV export is UTF-8 with a BOM and CRLF in the layout duty offices keep, and reads back the same shifts', () => {
    // Act
    const file = exportRosterCsv([...december].reverse(), contacts);
    const result = parseRosterCsv(Buffer.from(file, 'utf8'), options);
    // Assess
    expect(file.startsWith('\uFEFF日期,班次,值班员,带班领导,电话\r\n')).toBe(true);
    expect(parse(file, { bom: true })).toEqual([
      ['日期', '班次', '值班员', '带班领导', '电话'],
      ['2026-12-30', '白班 08:00-20:00', '张伟', '王强', '+8613800000011'],
      ['2026-12-30', '夜班 20:00-08:00', '李娜', '赵敏', '+8613800000012'],
      ['2026-12-31', '白班 08:00-20:00', '张伟', '王强', '+8613800000011'],
      ['2026-12-31', '夜班 20:00-08:00', '李娜', '赵敏', '+8613800000012'],
    ]);
    expect(result).toEqual({ ok: true, shifts: december });
  });

  it('R-LADDER: the .xlsx export reads back the same shifts, and its first sheet has the same layout', async () => {
    // Act
    const file = await exportRosterXlsx(december, contacts);
    const result = await parseRosterXlsx(file, options);
    // Assess
    expect(result).toEqual({ ok: true, shifts: december });
    const workbook = new Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('值班表');
    expect(sheet.getRow(1).values).toEqual([undefined, '日期', '班次', '值班员', '带班领导', '电话']);
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      '2026-12-31',
      '夜班 20:00-08:00',
      '李娜',
      '赵敏',
      '+8613800000012',
    ]);
  });

  it('R-LADDER: an .xlsx written by hand — columns in another order, 日期 as an Excel date, no 电话 column — reads too', async () => {
    // Prepare
    const file = await xlsxOf([
      ['班次', '值班员', '带班领导', '日期', '备注'],
      ['白班 08:00-20:00', '张伟', '王强', new Date(Date.UTC(2026, 11, 31)), '元旦前'],
      ['夜班 20:00-08:00', '李娜', '赵敏', '2026-12-31', ''],
    ]);
    // Act
    const result = await parseRosterXlsx(file, options);
    // Assess
    expect(result).toEqual({ ok: true, shifts: december.slice(2) });
  });

  it('R-LADDER: a bad row is named by its line and reason in zh-CN and en, and nothing is imported', () => {
    // Prepare
    const file = [
      HEADER,
      '2026-12-30,白班 08:00-20:00,张伟,王强,',
      '2026-12-31,白班 8点-20点,张伟,王强,',
      '',
      '2026-12-32,夜班 20:00-08:00,李娜,赵敏,',
      '2026-12-31,夜班 20:00-08:00,李娜,,+8613800000099',
    ].join('\n');
    // Act
    const result = parseRosterCsv(file, options);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [3, '班次', 'invalid-shift-time'],
      [5, '日期', 'invalid-date'],
      [6, '带班领导', 'missing-value'],
      [6, '电话', 'phone-mismatch'],
    ]);
    expect(result.problems[0].reason).toEqual({
      'zh-CN': '“白班 8点-20点”不是“白班 08:00-20:00”格式的班次（班次名、空格、HH:mm-HH:mm）',
      en: '"白班 8点-20点" is not a shift like "白班 08:00-20:00" (label, a space, HH:mm-HH:mm)',
    });
    expect(result).not.toHaveProperty('shifts');
  });

  it('R-LADDER: a name the directory does not hold is refused, naming the name and its line', async () => {
    // Prepare
    const file = await xlsxOf([
      ['日期', '班次', '值班员', '带班领导', '电话'],
      ['2026-12-31', '白班 08:00-20:00', '张伟', '王强', ''],
      ['2026-12-31', '夜班 20:00-08:00', '刘洋', '赵敏', ''],
    ]);
    // Act
    const result = await parseRosterXlsx(file, options);
    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 3,
          field: '值班员',
          code: 'unknown-name',
          params: { name: '刘洋' },
          reason: {
            'zh-CN': '本单位通讯录中没有名为“刘洋”的联系人',
            en: `No contact named "刘洋" in this unit's directory`,
          },
        },
      ],
    });
  });

  it('R-LADDER: overlapping rows, a repeated row and a row outside the month are refused, naming the lines', () => {
    // Prepare
    const file = [
      HEADER,
      '2026-12-31,白班 08:00-20:00,张伟,王强,',
      '2026-12-31,夜班 19:00-08:00,李娜,赵敏,',
      '2026-12-31,白班 08:00-20:00,张伟,王强,',
      '2027-01-01,白班 08:00-20:00,张伟,王强,',
    ].join('\r\n');
    // Act
    const result = parseRosterCsv(file, options);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field, p.code, p.params.other])).toEqual([
      [3, '班次', 'overlap', 2],
      [4, '班次', 'duplicate-start', 2],
      [5, '日期', 'outside-period', undefined],
    ]);
    expect(result.problems[0].reason['zh-CN']).toBe('与第 2 行的班次时间重叠');
  });

  it('R-LADDER: a name two contacts share is ambiguous, a missing column or a GBK file is refused whole', () => {
    // Prepare
    const twins = [...contacts, { contactId: 'c-zhang-2', name: '张伟', phone: '+8613800000021' }];
    const gbk = Buffer.concat([Buffer.from('日期,班次\n', 'latin1'), Buffer.from([0xc8, 0xd5, 0xc6, 0xda])]);
    // Act
    const ambiguous = parseRosterCsv(`${HEADER}\n2026-12-31,白班 08:00-20:00,张伟,王强,\n`, {
      ...options,
      contacts: twins,
    });
    const noColumn = parseRosterCsv('日期,班次,值班员\n2026-12-31,白班 08:00-20:00,张伟\n', options);
    const notUtf8 = parseRosterCsv(gbk, options);
    const empty = parseRosterCsv(`\uFEFF${HEADER}\r\n`, options);
    // Assess
    expect(ambiguous).toMatchObject({ ok: false, problems: [{ line: 2, field: '值班员', code: 'ambiguous-name' }] });
    expect(noColumn).toMatchObject({ ok: false, problems: [{ line: 1, field: '带班领导', code: 'missing-column' }] });
    expect(notUtf8).toMatchObject({ ok: false, problems: [{ code: 'unreadable-file' }] });
    expect(empty).toMatchObject({ ok: false, problems: [{ code: 'empty-roster' }] });
  });

  it('R-LADDER: a file that is not an .xlsx is unreadable, not a crash', async () => {
    // Act
    const result = await parseRosterXlsx(Buffer.from('日期,班次\n'), options);
    // Assess
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'unreadable-file', field: '(file)' }] });
  });
});
