import * as z from 'zod/mini';
import './zod-messages';
import { FIRST_REPORT_CHANNELS, INCIDENT_SOURCES, SEVERITIES } from '../domain/incident';
import { ATTACHMENT_CONTENT_TYPES } from '../domain/policy';

/** E.164: a plus, a country code, up to 15 digits in all. */
const e164Phone = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'Must be an E.164 phone number, e.g. +8613800000000'));

// Text a person reads: lone UTF-16 surrogates (ill-formed Unicode: no SNS publish, e-mail or SMS can
// carry it), C0/C1 control characters except line breaks and tabs, line/paragraph separators and
// bidirectional overrides (which make a text read differently than it is stored) are refused.
const UNREADABLE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** R-LADDER: true for text every message channel can carry and every reader sees as it is stored. */
export function isReadableText(text: string): boolean {
  return text.isWellFormed() && !UNREADABLE_CHARACTERS.test(text);
}

const readable = z.refine<string>((text) => text.isWellFormed(), 'Must be well-formed Unicode (no lone surrogate)');
const noControls = z.refine<string>(
  (text) => !UNREADABLE_CHARACTERS.test(text),
  'Must not contain control characters, line separators or bidirectional overrides',
);

// Checked before trimming: trim() would quietly drop a line separator at either end instead of refusing it.
const printable = (maxLength: number) =>
  z
    .string()
    .check(
      readable,
      noControls,
      z.trim(),
      z.minLength(1, 'Must not be empty'),
      z.maxLength(maxLength, `At most ${maxLength} characters`),
    );

// An identifier the client names (a unit, a category): short, and only the characters IDs have.
const identifier = z
  .string()
  .check(
    z.minLength(1, 'Must not be empty'),
    z.maxLength(100, 'At most 100 characters'),
    z.regex(/^[A-Za-z0-9._-]+$/, 'Must be an ID: letters, digits, ".", "_" or "-"'),
  );

// Counts of people: whole, not negative, and not absurd.
const headcount = z.int().check(z.minimum(0), z.maximum(1_000_000));
const casualties = z.strictObject({ deaths: headcount, injured: headcount, missing: headcount });

const reporter = z.strictObject({ name: printable(50), phone: e164Phone });

/** The earliest time the API accepts: nothing reported here happened before 2000. */
export const EARLIEST_ACCEPTED_TIME = Date.parse('2000-01-01T00:00:00Z');

// A time with its offset, not before 2000; "not in the future" needs the clock, so the handlers check it.
const isoTime = z.iso
  .datetime({ offset: true, message: 'Must be an ISO 8601 time with offset, e.g. 2026-11-28T08:05:00+08:00' })
  .check(
    z.refine(
      (time) => Number.isNaN(Date.parse(time)) || Date.parse(time) >= EARLIEST_ACCEPTED_TIME,
      'Must not be before 2000-01-01',
    ),
  );

/** 迟报原因: why a document is late (R-EVAL shows it). */
const lateReason = z.optional(printable(1000));

/**
 * R-INTAKE: a first report. A phone report needs only what is known — what (title, category,
 * severity), where, when and who reports; summary and casualties may follow in the written report.
 * R-MEDIA: `source: "media"` with `mediaSource` logs an item found in the media or online on
 * the responsible unit, and opens a verification obligation on it at once.
 */
export const firstReportSchema = z
  .strictObject({
    unitId: identifier,
    title: printable(200),
    category: identifier,
    severity: z.enum(SEVERITIES),
    occurredAt: isoTime,
    location: printable(200),
    channel: z.enum(FIRST_REPORT_CHANNELS),
    summary: z.optional(printable(4000)),
    casualties: z.optional(casualties),
    reporter,
    source: z._default(z.enum(INCIDENT_SOURCES), 'unit'),
    mediaSource: z.optional(printable(500)),
    /** R-WRITTEN-30: when the call came, for a phone first report recorded after it (the deadline runs from it). */
    phonedAt: z.optional(isoTime),
  })
  .check(
    z.superRefine((request, context) => {
      if (request.phonedAt !== undefined && request.channel !== 'phone') {
        context.addIssue({
          code: 'custom',
          path: ['phonedAt'],
          message: 'Only for a phone first report (channel "phone")',
          input: request.phonedAt,
        });
      }
      if (request.phonedAt !== undefined && Date.parse(request.phonedAt) < Date.parse(request.occurredAt)) {
        context.addIssue({
          code: 'custom',
          path: ['phonedAt'],
          message: 'Must not be before occurredAt: the call reported the incident',
          input: request.phonedAt,
        });
      }
      if (request.source === 'media' && !request.mediaSource) {
        context.addIssue({
          code: 'custom',
          path: ['mediaSource'],
          message: 'Required when source is "media": the outlet, post or link the item came from',
          input: request.mediaSource,
        });
      }
    }),
  );
export type FirstReportRequest = z.infer<typeof firstReportSchema>;

/** R-ELEMENTS (place): the phone's position (navigator.geolocation), beside the typed place. */
const coordinates = z.strictObject({
  latitude: z.number().check(z.gte(-90), z.lte(90)),
  longitude: z.number().check(z.gte(-180), z.lte(180)),
  accuracyMeters: z.optional(z.number().check(z.nonnegative(), z.lte(1_000_000))),
});

/**
 * R-INTAKE: the photos and videos a report carries, each staged first (`POST …/attachments`) and completed. The
 * per-document limits are the policy's (functions/domain/attachments.ts); this only bounds the list.
 */
const attachmentIds = z.optional(z.array(identifier).check(z.maxLength(100, 'At most 100 attachments')));

/**
 * R-LIFECYCLE: a written, follow-up or final report, with the elements R-ELEMENTS checks
 * (time, place, nature and cause, casualties and losses, measures, trend, reporter).
 */
export const reportSchema = z.strictObject({
  kind: z.enum(['written', 'follow-up', 'final'], { message: 'Must be "written", "follow-up" or "final"' }),
  summary: printable(8000),
  occurredAt: z.optional(isoTime),
  location: z.optional(printable(200)),
  cause: z.optional(printable(4000)),
  casualties: z.optional(casualties),
  losses: z.optional(printable(4000)),
  measuresTaken: z.optional(printable(4000)),
  trend: z.optional(printable(4000)),
  reporter: z.optional(reporter),
  lateReason,
  attachmentIds,
  coordinates: z.optional(coordinates),
});
export type ReportRequest = z.infer<typeof reportSchema>;

/** R-VERIFY-20-40: a verification request from the duty office. */
export const verificationRequestSchema = z.strictObject({
  question: printable(2000),
  writtenAnswerRequired: z._default(z.boolean(), false),
  requestedBy: z.optional(printable(50)),
});

/** R-VERIFY-20-40: a unit's answer, by phone (logged by the duty office) or in writing. */
export const verificationAnswerSchema = z.strictObject({
  channel: z.enum(FIRST_REPORT_CHANNELS),
  answer: printable(8000),
  answeredBy: z.optional(reporter),
  lateReason,
});

/** R-INSTRUCTION-12H: a leader's instruction as the duty office records it. */
export const instructionSchema = z.strictObject({
  leader: printable(100),
  leaderLevel: z.optional(z.enum(['province', 'city', 'county'])),
  text: printable(4000),
  receivedAt: isoTime,
});

/** R-INSTRUCTION-12H: the unit's feedback on an instruction. */
export const instructionFeedbackSchema = z.strictObject({
  text: printable(8000),
  measuresTaken: z.optional(printable(4000)),
  reporter: z.optional(reporter),
  lateReason,
});

/** R-SPOTCHECK: a duty spot check on a unit. */
export const spotCheckSchema = z.strictObject({
  unitId: identifier,
  note: z.optional(printable(500)),
  startedBy: z.optional(printable(50)),
});

/** R-SPOTCHECK: the unit's duty post answers. */
export const spotCheckAcknowledgementSchema = z.strictObject({
  acknowledgedBy: printable(50),
});

/** Issue 14 (确认催报, R-LADDER): the step the unit saw, so a step sent meanwhile is not acknowledged unseen. */
export const escalationAcknowledgementSchema = z.strictObject({
  escalationStep: z.int().check(z.minimum(1), z.maximum(20)),
});

const BEIJING_OFFSET = '+08:00';
// A day is a Beijing calendar day; a time keeps its own offset.
const periodBound = z.pipe(
  z.pipe(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}-\d{2}-\d{2}(T.+)?$/,
          'Must be a date (2026-11-01, Beijing time) or an ISO 8601 time with offset',
        ),
      ),
    z.transform((value: string) => (value.length === 10 ? `${value}T00:00:00${BEIJING_OFFSET}` : value)),
  ),
  z.pipe(
    isoTime,
    z.transform((value: string) => new Date(value)),
  ),
);

const bothDates = (query: { from: unknown; to: unknown }): boolean =>
  query.from instanceof Date && query.to instanceof Date;

/** The longest period one evaluation covers: a year (the year-end assessment), plus a leap day. */
export const MAX_EVALUATION_DAYS = 366;

/**
 * R-EVAL: `GET /evaluations?from=2026-11-01&to=2026-12-01` — incidents received and spot checks
 * started in [from, to); days are Beijing days. `lang` picks the CSV headings' language.
 */
export const evaluationQuerySchema = z
  .strictObject({
    from: periodBound,
    to: periodBound,
    lang: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
    format: z.optional(z.enum(['json', 'csv'])),
  })
  .check(
    // zod runs these even when a bound failed to parse: judge only two real dates.
    z.refine((query) => !bothDates(query) || query.to.getTime() > query.from.getTime(), {
      path: ['to'],
      message: 'Must be after from',
    }),
    z.refine(
      (query) => !bothDates(query) || query.to.getTime() - query.from.getTime() <= MAX_EVALUATION_DAYS * 86_400_000,
      {
        path: ['to'],
        message: `At most ${MAX_EVALUATION_DAYS} days after from`,
      },
    ),
  );

/** R-EVAL: `GET /evaluations/notice?period=2026-11` — the monthly notice (通报). */
export const noticeQuerySchema = z.strictObject({
  period: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be a month, e.g. 2026-11')),
  lang: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
});

/** R-AUDIT: `GET /incidents/{incidentId}/audit?format=csv` downloads the timeline as CSV. */
export const auditQuerySchema = z.strictObject({
  format: z.optional(z.enum(['json', 'csv'])),
  download: z.optional(z.enum(['1'])),
});

/**
 * R-INTAKE: a photo or video about to be uploaded from the scene. The type is checked again against the file's first
 * bytes once it is uploaded, never taken from its name; the size and SHA-256 are bound into the presigned PUT.
 */
export const attachmentDeclarationSchema = z.strictObject({
  /** Display only: never part of the object key. */
  fileName: printable(255),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES, { message: `Must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}` }),
  size: z.int().check(z.minimum(1, 'Must be at least 1 byte'), z.maximum(5 * 1024 ** 3, 'At most 5 GB')),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Must be the SHA-256 of the file: 64 lowercase hex digits')),
  location: z.optional(coordinates),
});
export type AttachmentDeclarationRequest = z.infer<typeof attachmentDeclarationSchema>;

// Issue 15: the directory, as admins and the duty office edit it. Stricter than `units.json`'s own schema
// (functions/domain/directory.ts, which every unit stored must also pass): printable text, no unknown fields.
const unitId = z
  .string()
  .check(
    z.minLength(1, 'Must not be empty'),
    z.maxLength(64, 'At most 64 characters'),
    z.regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and hyphens'),
  );
const contactId = identifier;
const locale = z.enum(['zh-CN', 'en']);
const email = z.email('Must be an e-mail address').check(z.maxLength(254, 'At most 254 characters'));
const names = (maxLength: number) => z.strictObject({ 'zh-CN': printable(maxLength), en: printable(maxLength) });

/** `PUT /units/{unitId}/contacts/{contactId}`: the contact's fields (its ID is the path's). */
export const contactBodySchema = z.strictObject({
  name: printable(100),
  role: z.optional(z.enum(['duty-contact', 'principal-leader', 'staff'])),
  phone: e164Phone,
  email: z.optional(email),
  locale,
});

const storedContact = (role: 'duty-contact' | 'principal-leader' | 'staff') =>
  z.strictObject({
    contactId,
    name: printable(100),
    role: z.literal(role),
    phone: e164Phone,
    email: z.optional(email),
    locale,
  });

/** `POST /units`, `PUT /units/{unitId}`: a unit with its two standing contacts (and its staff, when given). */
export const unitBodySchema = z.strictObject({
  unitId,
  kind: z.enum(['town', 'department', 'park', 'zone', 'duty-office', 'enterprise']),
  name: names(100),
  shortName: z.strictObject({
    'zh-CN': printable(8),
    en: printable(40),
  }),
  example: z._default(z.boolean(), false),
  enterprise: z.optional(
    z.strictObject({
      hazardFlags: z.array(printable(50)).check(z.maxLength(20)),
      localGovernmentUnitId: unitId,
      industryAuthorityUnitIds: z.array(unitId).check(z.maxLength(20)),
    }),
  ),
  contacts: z.strictObject({
    dutyContact: storedContact('duty-contact'),
    principalLeader: storedContact('principal-leader'),
  }),
  staff: z.optional(z.array(storedContact('staff')).check(z.maxLength(200))),
  parentUnitId: z.optional(unitId),
});

// Issue 15 item 3: duty rosters (值班表). Instants with their offset; the domain checks lengths, overlaps, contacts.
const instant = z.iso.datetime({ offset: true });
const rosterShift = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  label: z.optional(printable(20)),
  dutyOfficerContactId: contactId,
  shiftLeaderContactId: contactId,
});

/** `PUT /units/{unitId}/roster`: the shifts of a period, replacing whatever started in it. */
export const rosterPeriodSchema = z.strictObject({
  from: instant,
  to: instant,
  shifts: z.array(rosterShift).check(z.maxLength(124, 'At most 124 shifts (a month of 4 a day)')),
});

/** `POST /units/{unitId}/roster/overrides`: a swap or a stand-in for part of a shift (替班、换班). */
export const rosterOverrideSchema = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  role: z.enum(['duty-officer', 'shift-leader']),
  contactId,
  reason: z.optional(printable(200)),
});

/** `GET /units/{unitId}/roster`: a period (default: this Beijing month). */
export const rosterQuerySchema = z.strictObject({ from: z.optional(instant), to: z.optional(instant) });

/** `GET /units/{unitId}/on-duty`: the moment (default: now). */
export const onDutyQuerySchema = z.strictObject({ at: z.optional(instant) });

/** `GET /units/{unitId}/roster/months/{month}`: the month's roster as a file. */
export const rosterExportQuerySchema = z.strictObject({ format: z._default(z.enum(['csv', 'xlsx']), 'csv') });
