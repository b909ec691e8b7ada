import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type * as exceljsModule from 'exceljs';
import {
  beijingMonthRange,
  isLocalDate,
  isLocalTime,
  makeShift,
  MAX_SHIFTS_PER_ROSTER,
  rosterProblem,
  shiftInstants,
  shiftLocalTimes,
  validateShifts,
  type RosterProblem,
  type Shift,
} from '../domain/roster';
import { neutralizeFormula } from './csv';

/**
 * A month's duty roster (值班表) as duty offices keep it in Excel, in and out as CSV (UTF-8 with a BOM) or .xlsx
 * (R-LADDER). One row per shift, under a header row with these columns (any order, extra columns ignored; 电话 may
 * be left out):
 *
 * | column   | what it holds |
 * |----------|---------------|
 * | 日期     | the Beijing local date the shift starts, `yyyy-MM-dd` (an Excel date cell is taken as that date) |
 * | 班次     | an optional label, whitespace, then `HH:mm-HH:mm` (ASCII hyphen): `白班 08:00-20:00`, `夜班 20:00-08:00`,
 *              `08:00-08:00`. An end at or before the start is on the next day (so 08:00-08:00 is 24 hours) |
 * | 值班员   | the duty officer, by name exactly as the unit's directory holds it |
 * | 带班领导 | the shift leader, by name exactly as the unit's directory holds it |
 * | 电话     | the duty officer's phone, optional; when given it must be the directory's (`+8613800000001`, `13800000001`
 *              and `138 0000 0001` are the same number) |
 *
 * Parsing is all-or-nothing: any bad row gives back every problem, each with its line (the header is line 1) and
 * field, and no shift at all, so half a month is never stored by mistake.
 */
export const ROSTER_COLUMNS = ['日期', '班次', '值班员', '带班领导', '电话'] as const;
type RosterColumn = (typeof ROSTER_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly RosterColumn[] = ['日期', '班次', '值班员', '带班领导'];

/** A contact of the unit's directory, as the roster names it. */
export interface RosterContact {
  contactId: string;
  name: string;
  /** E.164. */
  phone: string;
}

export interface RosterParseOptions {
  unitId: string;
  /** The unit's directory contacts: names are resolved to contactIds through them. */
  contacts: readonly RosterContact[];
  /** When given (`yyyy-MM`), every shift must start in that Beijing month: the month being imported. */
  month?: string;
}

/** Either every shift of the file, or every problem of it and nothing to import. */
export type RosterParseResult = { ok: true; shifts: Shift[] } | { ok: false; problems: RosterProblem[] };

/** One row of a file, its cells by position, with the line it is on. */
interface FileRow {
  line: number;
  cells: string[];
}

const UTF8_BOM = '\uFEFF';
const SHIFT_TIME = /^(?:(.+?)\s+)?(\d{2}:\d{2})-(\d{2}:\d{2})$/u;

/**
 * A roster from a CSV file: UTF-8, with or without a BOM. A file Excel saved in the local code page (GBK) is
 * refused as unreadable rather than read as mojibake names.
 */
export function parseRosterCsv(file: string | Uint8Array, options: RosterParseOptions): RosterParseResult {
  let text: string;
  try {
    text = typeof file === 'string' ? file : new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return unreadable();
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // The typings do not follow `info: true`, which turns each record into { record, info }.
    const parsed: unknown = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
    records = parsed as typeof records;
  } catch {
    return unreadable();
  }
  // `info.lines` is the line a record ends on; a quoted cell with a line break makes a record span lines.
  return parseRosterRows(
    records.map(({ record, info }) => ({ line: info.lines, cells: record })),
    options,
  );
}

// exceljs is large (about 1 MB): loaded when a spreadsheet is read or written, not when a function starts. It is
// CommonJS: under a bundler its exports are the namespace, under Node's ESM loader they are `default`.
async function workbook(): Promise<exceljsModule.Workbook> {
  const loaded = (await import('exceljs')) as unknown as typeof exceljsModule & { default?: typeof exceljsModule };
  return new (loaded.default ?? loaded).Workbook();
}
type Worksheet = exceljsModule.Worksheet;
type CellValue = exceljsModule.CellValue;

/** A roster from the first worksheet of an .xlsx file. */
export async function parseRosterXlsx(file: Uint8Array, options: RosterParseOptions): Promise<RosterParseResult> {
  const book = await workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return unreadable();
  }
  const worksheet = book.worksheets[0];
  if (!worksheet) return unreadable();
  return parseRosterRows(worksheetRows(worksheet), options);
}

function worksheetRows(worksheet: Worksheet): FileRow[] {
  const rows: FileRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push({ line: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return rows;
}

/** A cell as text. Excel stores a date it recognised as a day with no zone: exceljs gives it as UTC midnight. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result);
    return '';
  }
  return String(value);
}

/** The rows of a file, the first one its header, as shifts or as problems. */
function parseRosterRows(allRows: FileRow[], options: RosterParseOptions): RosterParseResult {
  const rows = allRows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [rosterProblem('empty-roster', '(file)')] };
  const columnOf = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const name = cell.trim();
    if (!columnOf.has(name)) columnOf.set(name, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columnOf.has(column));
  if (missing.length > 0) {
    return {
      ok: false,
      problems: missing.map((column) => rosterProblem('missing-column', column, { column }, { line: header.line })),
    };
  }
  if (body.length === 0) return { ok: false, problems: [rosterProblem('empty-roster', '(file)')] };
  if (body.length > MAX_SHIFTS_PER_ROSTER) {
    const params = { max: MAX_SHIFTS_PER_ROSTER, count: body.length };
    return { ok: false, problems: [rosterProblem('too-many-shifts', '(file)', params)] };
  }

  const problems: RosterProblem[] = [];
  const shifts: { shift: Shift; line: number }[] = [];
  for (const row of body) {
    const cell = (column: RosterColumn) => {
      const index = columnOf.get(column);
      return unneutralize((index === undefined ? '' : (row.cells[index] ?? '')).trim());
    };
    const rowProblems: RosterProblem[] = [];
    const at = { line: row.line };
    const required = (column: RosterColumn): string | undefined => {
      const value = cell(column);
      if (value === '') rowProblems.push(rosterProblem('missing-value', column, { column }, at));
      return value === '' ? undefined : value;
    };
    const date = required('日期');
    if (date !== undefined && !isLocalDate(date)) {
      rowProblems.push(rosterProblem('invalid-date', '日期', { value: date }, at));
    }
    const shiftText = required('班次');
    const time = shiftText === undefined ? undefined : SHIFT_TIME.exec(shiftText);
    if (shiftText !== undefined && (!time || !isLocalTime(time[2]) || !isLocalTime(time[3]))) {
      rowProblems.push(rosterProblem('invalid-shift-time', '班次', { value: shiftText }, at));
    }
    const dutyOfficer = resolveName(required('值班员'), '值班员', options.contacts, at, rowProblems);
    const shiftLeader = resolveName(required('带班领导'), '带班领导', options.contacts, at, rowProblems);
    const phone = cell('电话');
    if (phone !== '' && dutyOfficer && normalizePhone(phone) !== normalizePhone(dutyOfficer.phone)) {
      rowProblems.push(rosterProblem('phone-mismatch', '电话', { value: phone, name: dutyOfficer.name }, at));
    }
    problems.push(...rowProblems);
    if (rowProblems.length > 0 || !date || !time || !dutyOfficer || !shiftLeader) continue;
    const label = time[1]?.trim();
    shifts.push({
      line: row.line,
      shift: makeShift({
        unitId: options.unitId,
        ...shiftInstants(date, time[2], time[3]),
        ...(label ? { label } : {}),
        dutyOfficerContactId: dutyOfficer.contactId,
        shiftLeaderContactId: shiftLeader.contactId,
      }),
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  // The rows are well formed one by one; what remains is the roster as a whole: overlaps, duplicates, the month.
  const lineOf = (index: number) => shifts[index].line;
  const rosterProblems = validateShifts(
    shifts.map(({ shift }) => shift),
    {
      unitId: options.unitId,
      knownContactIds: options.contacts.map((contact) => contact.contactId),
      ...(options.month ? { period: beijingMonthRange(options.month) } : {}),
    },
  ).map((problem) => {
    const line = problem.index === undefined ? undefined : lineOf(problem.index);
    const field = problem.field === 'startsAt' || problem.field === 'endsAt' ? '班次' : problem.field;
    const params =
      typeof problem.params.otherIndex === 'number'
        ? { ...problem.params, other: lineOf(problem.params.otherIndex) }
        : problem.code === 'outside-period' && options.month
          ? { period: options.month }
          : problem.params;
    return rosterProblem(problem.code, problem.code === 'outside-period' ? '日期' : field, params, { line });
  });
  if (rosterProblems.length > 0) return { ok: false, problems: rosterProblems };
  return { ok: true, shifts: shifts.map(({ shift }) => shift) };
}

function unreadable(): RosterParseResult {
  return { ok: false, problems: [rosterProblem('unreadable-file', '(file)')] };
}

/** The one contact with that name, or a problem: no such name, or a name two contacts share. */
function resolveName(
  name: string | undefined,
  column: RosterColumn,
  contacts: readonly RosterContact[],
  at: { line: number },
  problems: RosterProblem[],
): RosterContact | undefined {
  if (name === undefined) return undefined;
  const matches = contacts.filter((contact) => contact.name.trim() === name);
  if (matches.length === 1) return matches[0];
  problems.push(
    matches.length === 0
      ? rosterProblem('unknown-name', column, { name }, at)
      : rosterProblem('ambiguous-name', column, { name, count: matches.length }, at),
  );
  return undefined;
}

/** A Chinese phone in E.164: spaces, hyphens and brackets dropped, a bare 11-digit mobile number given +86. */
function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s\-()（）]/gu, '');
  if (/^1\d{10}$/u.test(digits)) return `+86${digits}`;
  if (/^86\d{11}$/u.test(digits)) return `+${digits}`;
  return digits;
}

/** The `'` an export put before text a spreadsheet would run as a formula comes off again. */
function unneutralize(cell: string): string {
  return /^'[=+\-@]/u.test(cell) ? cell.slice(1) : cell;
}

/**
 * The roster's rows, header first, by start: what both exports write. A contact no longer in the directory is
 * written by its contactId, so a re-import names it instead of silently dropping the shift.
 */
export function rosterRows(shifts: readonly Shift[], contacts: readonly RosterContact[]): string[][] {
  const byId = new Map(contacts.map((contact) => [contact.contactId, contact]));
  const rows = [...shifts]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((shift) => {
      const { date, startTime, endTime } = shiftLocalTimes(shift);
      const dutyOfficer = byId.get(shift.dutyOfficerContactId);
      return [
        date,
        `${shift.label ? `${shift.label} ` : ''}${startTime}-${endTime}`,
        dutyOfficer?.name ?? shift.dutyOfficerContactId,
        byId.get(shift.shiftLeaderContactId)?.name ?? shift.shiftLeaderContactId,
        dutyOfficer?.phone ?? '',
      ];
    });
  return [[...ROSTER_COLUMNS], ...rows];
}

/**
 * The roster as CSV: UTF-8 with a BOM (Excel reads Chinese right only then), CRLF, formulas neutralized — except
 * an E.164 phone, which Excel can only read as a number, never run, and which would not match with a `'` before it.
 */
export function exportRosterCsv(shifts: readonly Shift[], contacts: readonly RosterContact[]): string {
  const cell = (value: string) => (/^\+\d+$/u.test(value) ? value : neutralizeFormula(value));
  return (
    UTF8_BOM +
    stringify(
      rosterRows(shifts, contacts).map((row) => row.map(cell)),
      { record_delimiter: 'windows' },
    )
  );
}

/**
 * The roster as an .xlsx workbook of one sheet, 值班表, every cell a text cell (so Excel keeps 日期 as written; a text
 * cell is never run as a formula, so nothing needs neutralizing).
 */
export async function exportRosterXlsx(
  shifts: readonly Shift[],
  contacts: readonly RosterContact[],
): Promise<Uint8Array> {
  const book = await workbook();
  const worksheet = book.addWorksheet('值班表');
  worksheet.columns = ROSTER_COLUMNS.map((column) => ({ key: column, width: column === '电话' ? 18 : 16 }));
  for (const row of rosterRows(shifts, contacts)) {
    worksheet.addRow(row).eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
  worksheet.getRow(1).font = { bold: true };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
