import { InvalidRequestError } from '../domain/errors';
import { beijingMonthRange, isLocalDate } from '../domain/roster';
import type { HttpEvent } from '../shared/http';

/** The spreadsheet's content type (the roster as duty offices keep it in Excel). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The `{month}` of a roster file's path (`yyyy-MM`, a Beijing month) and its instants.
 * @throws {InvalidRequestError} naming `month`.
 */
export function rosterMonth(month: string): { month: string; from: string; to: string } {
  if (!/^\d{4}-\d{2}$/.test(month) || !isLocalDate(`${month}-01`))
    throw new InvalidRequestError([{ field: 'month', message: 'Must be a month, yyyy-MM' }]);
  return { month, ...beijingMonthRange(month) };
}

/** The uploaded file's bytes and kind: `.xlsx` (binary, base64 from API Gateway) or CSV text. */
export function uploadedRoster(event: HttpEvent): { kind: 'xlsx' | 'csv'; bytes: Uint8Array } {
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (type.startsWith(XLSX_CONTENT_TYPE)) return { kind: 'xlsx', bytes };
  if (type.startsWith('text/csv')) return { kind: 'csv', bytes };
  throw new InvalidRequestError([
    { field: 'content-type', message: `Send the month's roster as text/csv or ${XLSX_CONTENT_TYPE}` },
  ]);
}
