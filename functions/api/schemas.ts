import { z } from 'zod';
import { FIRST_REPORT_CHANNELS, SEVERITIES } from '../domain/incident';

/** E.164: a plus, a country code, up to 15 digits in all. */
const e164Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Must be an E.164 phone number, e.g. +8613800000000');

// Printable text: no control characters except line breaks and tabs.
const printable = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(maxLength, `At most ${maxLength} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text), 'Must not contain control characters');

const casualties = z.object({
  deaths: z.number().int().min(0),
  injured: z.number().int().min(0),
  missing: z.number().int().min(0),
});

const reporter = z.object({ name: printable(50), phone: e164Phone });

/**
 * R-INTAKE: a first report. A phone report needs only what is known — what (title, category,
 * severity), where, when and who reports; summary and casualties may follow in the written report.
 */
export const firstReportSchema = z.object({
  unitId: z.string().min(1).max(100),
  title: printable(200),
  category: z.string().min(1).max(100),
  severity: z.enum(SEVERITIES),
  occurredAt: z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 time with offset, e.g. 2026-11-28T08:05:00+08:00' }),
  location: printable(200),
  channel: z.enum(FIRST_REPORT_CHANNELS),
  summary: printable(4000).optional(),
  casualties: casualties.optional(),
  reporter,
});
export type FirstReportRequest = z.infer<typeof firstReportSchema>;

/** R-WRITTEN-30: the written report that follows a phone first report. */
export const writtenReportSchema = z.object({
  kind: z.literal('written', { message: 'Only "written" reports are accepted so far' }),
  summary: printable(8000),
  location: printable(200).optional(),
  casualties: casualties.optional(),
  measuresTaken: printable(4000).optional(),
  reporter: reporter.optional(),
});
export type WrittenReportRequest = z.infer<typeof writtenReportSchema>;
