import { stringify } from 'csv-stringify/sync';
import type { HttpEvent, HttpResult } from './http';
import { NO_SNIFF } from './http';

/** Excel opens a UTF-8 file as the local code page unless it starts with a byte-order mark. */
const UTF8_BOM = '\uFEFF';

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`:
 * titles and late reasons come from reporters, and an export must not execute them (CSV injection).
 */
export function neutralizeFormula(cell: unknown): unknown {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * An RFC 4180 CSV download, UTF-8 with BOM so Excel shows Chinese correctly (R-EVAL, R-AUDIT).
 *
 * @example
 * ```ts
 * return csv('evaluation-2026-11.csv', [['单位', '及时率'], ['高升经济区', 0.5]]);
 * ```
 */
export function csv(filename: string, rows: unknown[][]): HttpResult {
  const body =
    UTF8_BOM +
    stringify(
      rows.map((row) => row.map(neutralizeFormula)),
      { record_delimiter: 'windows' },
    );
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      ...NO_SNIFF,
    },
    body,
  };
}

/**
 * True when the caller asked for CSV: `?format=csv` (a plain link can't set headers), or, without
 * a `format`, `Accept: text/csv`. An explicit `?format=json` wins over the Accept header.
 */
export function wantsCsv(event: HttpEvent): boolean {
  const format = event.queryStringParameters?.format;
  if (format !== undefined) return format === 'csv';
  return (event.headers?.accept ?? '').toLowerCase().includes('text/csv');
}
