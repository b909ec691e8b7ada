import { createHash, randomBytes } from 'node:crypto';

/**
 * Duty rosters (值班表) of a unit, for R-LADDER: the escalation's first step reaches "the responsible unit's duty
 * contact" — with a roster, whoever is on duty at that moment (值班员), and the shift leader (带班领导) above them.
 *
 * Pure: no store, no clock. Times are instants (ISO 8601, UTC); people enter and read them in Beijing time
 * (Asia/Shanghai, UTC+8 all year: China has no daylight saving time, so a fixed offset is exact).
 */

/** Asia/Shanghai is UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The longest shift (and override) the roster takes. Bounded so that "who is on duty at T" reads only the items
 * that started in [T − 24 h, T] (one bounded query, see `RosterRepository.coveringAt`); a 24-hour shift (一班到底)
 * is the longest duty offices keep.
 */
export const MAX_SHIFT_HOURS = 24;
export const MAX_SHIFT_MS = MAX_SHIFT_HOURS * 3_600_000;

/** The most shifts one roster (a month: 31 days × 4 shifts) may hold: a bigger file is a mistake, not a roster. */
export const MAX_SHIFTS_PER_ROSTER = 31 * 4;

/** One shift (班次) of a unit's roster: half-open [startsAt, endsAt). */
export interface Shift {
  /** Derived from unitId and startsAt (`shiftIdFor`), so re-importing the same month rewrites, never duplicates. */
  shiftId: string;
  unitId: string;
  startsAt: string;
  endsAt: string;
  /** 班次, e.g. 白班 / 夜班. */
  label?: string;
  /** 值班员: a contactId of the unit's directory contacts. */
  dutyOfficerContactId: string;
  /** 带班领导: a contactId of the unit's directory contacts. */
  shiftLeaderContactId: string;
}

export type RosterRole = 'duty-officer' | 'shift-leader';
export const ROSTER_ROLES: readonly RosterRole[] = ['duty-officer', 'shift-leader'];

/** A swap or a stand-in (替班、换班): one role taken by another contact for [startsAt, endsAt). */
export interface RosterOverride {
  overrideId: string;
  unitId: string;
  startsAt: string;
  endsAt: string;
  role: RosterRole;
  contactId: string;
  reason?: string;
  /** When it was recorded: among overlapping overrides of a role the last recorded wins. */
  createdAt: string;
}

export type DutySource = { kind: 'shift'; shiftId: string } | { kind: 'override'; overrideId: string };

export interface OnDuty {
  contactId: string;
  source: DutySource;
}

/** Who holds each role at one instant; undefined when no shift or override covers it (a gap in the roster). */
export interface OnDutyAnswer {
  dutyOfficer: OnDuty | undefined;
  shiftLeader: OnDuty | undefined;
}

/** An interval of time, half-open [startsAt, endsAt). */
export interface TimeRange {
  startsAt: string;
  endsAt: string;
}

function ms(instant: string | Date): number {
  return typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}

function covers(range: TimeRange, at: number): boolean {
  return ms(range.startsAt) <= at && at < ms(range.endsAt);
}

/**
 * Who is on duty at `at` (R-LADDER).
 *
 * The rules, in order:
 * - intervals are half-open: a shift 08:00–20:00 covers 08:00 and not 20:00, so at a handover the incoming shift
 *   holds the duty;
 * - overlapping shifts (a roster mistake, see `rosterOverlaps`): the one that started later wins — it is the newer
 *   arrangement and its people are the ones who just came on; equal starts: the later in the list;
 * - an override beats the shift for its role only (a stand-in for the duty officer leaves the shift leader as
 *   rostered), also where no shift covers `at`;
 * - overlapping overrides of a role: the last recorded (`createdAt`) wins; equal times: the later in the list.
 */
export function onDutyAt(
  shifts: readonly Shift[],
  overrides: readonly RosterOverride[],
  at: Date | string,
): OnDutyAnswer {
  const when = ms(at);
  const shift = lastBy(
    shifts.filter((candidate) => covers(candidate, when)),
    (candidate) => ms(candidate.startsAt),
  );
  const override = (role: RosterRole) =>
    lastBy(
      overrides.filter((candidate) => candidate.role === role && covers(candidate, when)),
      (candidate) => ms(candidate.createdAt),
    );
  const fromShift = (contactId: string | undefined): OnDuty | undefined =>
    shift && contactId ? { contactId, source: { kind: 'shift', shiftId: shift.shiftId } } : undefined;
  const fromOverride = (chosen: RosterOverride | undefined): OnDuty | undefined =>
    chosen ? { contactId: chosen.contactId, source: { kind: 'override', overrideId: chosen.overrideId } } : undefined;
  return {
    dutyOfficer: fromOverride(override('duty-officer')) ?? fromShift(shift?.dutyOfficerContactId),
    shiftLeader: fromOverride(override('shift-leader')) ?? fromShift(shift?.shiftLeaderContactId),
  };
}

/** The item with the greatest key; among equal keys the last one. */
function lastBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || key(item) >= key(best)) best = item;
  return best;
}

/** The parts of [from, to) that no shift covers, in order: what the duty office must still fill. */
export function rosterGaps(shifts: readonly TimeRange[], from: Date | string, to: Date | string): TimeRange[] {
  const start = ms(from);
  const end = ms(to);
  const covered = shifts
    .map((shift) => [Math.max(ms(shift.startsAt), start), Math.min(ms(shift.endsAt), end)] as const)
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const gaps: TimeRange[] = [];
  let cursor = start;
  for (const [a, b] of covered) {
    if (a > cursor) gaps.push({ startsAt: new Date(cursor).toISOString(), endsAt: new Date(a).toISOString() });
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) gaps.push({ startsAt: new Date(cursor).toISOString(), endsAt: new Date(end).toISOString() });
  return gaps;
}

/** Every pair of shifts that overlap (sharing only an end and a start is a handover, not an overlap), by start. */
export function rosterOverlaps<T extends TimeRange>(shifts: readonly T[]): [T, T][] {
  const sorted = [...shifts].sort((a, b) => ms(a.startsAt) - ms(b.startsAt));
  const pairs: [T, T][] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i + 1; j < sorted.length && ms(sorted[j].startsAt) < ms(sorted[i].endsAt); j += 1) {
      if (ms(sorted[j].endsAt) > ms(sorted[j].startsAt)) pairs.push([sorted[i], sorted[j]]);
    }
  }
  return pairs;
}

/**
 * The shift ID of a unit's shift starting at `startsAt`: the same unit and start always give the same ID, so
 * importing a month twice rewrites the same items instead of adding copies.
 */
export function shiftIdFor(unitId: string, startsAt: string): string {
  const digest = createHash('sha256')
    .update(`${unitId}\n${new Date(startsAt).toISOString()}`)
    .digest('hex');
  return `SHF-${digest.slice(0, 20)}`;
}

/** A shift with its derived ID and its instants in the canonical ISO form (the table's sort keys compare them). */
export function makeShift(fields: Omit<Shift, 'shiftId'>): Shift {
  const startsAt = new Date(fields.startsAt).toISOString();
  return {
    shiftId: shiftIdFor(fields.unitId, startsAt),
    unitId: fields.unitId,
    startsAt,
    endsAt: new Date(fields.endsAt).toISOString(),
    ...(fields.label ? { label: fields.label } : {}),
    dutyOfficerContactId: fields.dutyOfficerContactId,
    shiftLeaderContactId: fields.shiftLeaderContactId,
  };
}

/** An override recorded now, with a new ID unless one is given (a client's retry passes its own). */
export function makeOverride(
  fields: Omit<RosterOverride, 'overrideId' | 'createdAt'> & { overrideId?: string },
  now: Date,
): RosterOverride {
  return {
    overrideId: fields.overrideId ?? `OVR-${randomBytes(10).toString('hex')}`,
    unitId: fields.unitId,
    startsAt: new Date(fields.startsAt).toISOString(),
    endsAt: new Date(fields.endsAt).toISOString(),
    role: fields.role,
    contactId: fields.contactId,
    ...(fields.reason ? { reason: fields.reason } : {}),
    createdAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Beijing local time ⇄ instants

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar date `yyyy-MM-dd` (2027-02-29 is not one). */
export function isLocalDate(date: string): boolean {
  const match = LOCAL_DATE.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** True for `HH:mm`, 00:00 to 23:59. */
export function isLocalTime(time: string): boolean {
  return LOCAL_TIME.test(time);
}

/**
 * The instant of a Beijing local date and time.
 * @throws {RangeError} when the date or time is not a real one (callers validate first; see `isLocalDate`).
 *
 * @example beijingToIso('2026-12-31', '20:00') // '2026-12-31T12:00:00.000Z'
 */
export function beijingToIso(date: string, time: string): string {
  if (!isLocalDate(date) || !isLocalTime(time)) throw new RangeError(`Not a Beijing date and time: ${date} ${time}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1, day, hours, minutes) - BEIJING_OFFSET_MS).toISOString();
}

/** The Beijing local date (`yyyy-MM-dd`) and time (`HH:mm`) of an instant. */
export function isoToBeijing(instant: string | Date): { date: string; time: string } {
  const local = new Date(ms(instant) + BEIJING_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * The instants of a shift written as its local start date and `HH:mm` start and end: an end at or before the start
 * is on the next day (夜班 20:00–08:00; 08:00–08:00 is 24 hours), across a month or year end as the calendar goes.
 *
 * @example
 * ```ts
 * shiftInstants('2026-12-31', '20:00', '08:00');
 * // { startsAt: '2026-12-31T12:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' }
 * ```
 */
export function shiftInstants(date: string, startTime: string, endTime: string): TimeRange {
  const startsAt = beijingToIso(date, startTime);
  const sameDayEnd = ms(beijingToIso(date, endTime));
  const endsAt = sameDayEnd <= ms(startsAt) ? sameDayEnd + DAY_MS : sameDayEnd;
  return { startsAt, endsAt: new Date(endsAt).toISOString() };
}

/** How a shift is written by hand: its local start date, start and end times (the end may be on the next day). */
export function shiftLocalTimes(range: TimeRange): { date: string; startTime: string; endTime: string } {
  const start = isoToBeijing(range.startsAt);
  return { date: start.date, startTime: start.time, endTime: isoToBeijing(range.endsAt).time };
}

/** The [from, to) of a Beijing local month `yyyy-MM` (a roster is imported and exported by month). */
export function beijingMonthRange(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`Not a month yyyy-MM: ${month}`);
  const [year, monthNumber] = [Number(match[1]), Number(match[2])];
  return {
    from: new Date(Date.UTC(year, monthNumber - 1, 1) - BEIJING_OFFSET_MS).toISOString(),
    to: new Date(Date.UTC(year, monthNumber, 1) - BEIJING_OFFSET_MS).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Problems: one code each, with its message in both languages, so the HTTP layer can answer in the caller's.

export type RosterProblemCode =
  | 'too-many-shifts'
  | 'invalid-instant'
  | 'end-not-after-start'
  | 'shift-too-long'
  | 'unknown-contact'
  | 'wrong-unit'
  | 'duplicate-start'
  | 'overlap'
  | 'outside-period'
  | 'missing-column'
  | 'missing-value'
  | 'invalid-date'
  | 'invalid-shift-time'
  | 'unknown-name'
  | 'ambiguous-name'
  | 'phone-mismatch'
  | 'unreadable-file'
  | 'empty-roster';

export type RosterProblemParams = Record<string, string | number>;

const PROBLEM_MESSAGES: Record<
  RosterProblemCode,
  { en: (p: RosterProblemParams) => string; 'zh-CN': (p: RosterProblemParams) => string }
> = {
  'too-many-shifts': {
    en: (p) => `A roster holds at most ${p.max} shifts; this one has ${p.count}`,
    'zh-CN': (p) => `一份值班表最多 ${p.max} 个班次，此表有 ${p.count} 个`,
  },
  'invalid-instant': {
    en: () => 'Must be an ISO 8601 instant',
    'zh-CN': () => '须为 ISO 8601 时间',
  },
  'end-not-after-start': {
    en: () => 'The shift must end after it starts',
    'zh-CN': () => '班次结束时间须晚于开始时间',
  },
  'shift-too-long': {
    en: (p) => `A shift lasts at most ${p.maxHours} hours`,
    'zh-CN': (p) => `一个班次最长 ${p.maxHours} 小时`,
  },
  'unknown-contact': {
    en: (p) => `No contact "${p.contactId}" in this unit's directory`,
    'zh-CN': (p) => `本单位通讯录中没有联系人“${p.contactId}”`,
  },
  'wrong-unit': {
    en: (p) => `The shift belongs to unit "${p.unitId}", not to "${p.expected}"`,
    'zh-CN': (p) => `该班次属于单位“${p.unitId}”，而不是“${p.expected}”`,
  },
  'duplicate-start': {
    en: (p) => `Another shift starts at the same time (row ${p.other})`,
    'zh-CN': (p) => `与第 ${p.other} 行的班次开始时间相同`,
  },
  overlap: {
    en: (p) => `Overlaps the shift of row ${p.other}`,
    'zh-CN': (p) => `与第 ${p.other} 行的班次时间重叠`,
  },
  'outside-period': {
    en: (p) => `The shift must start within ${p.period}`,
    'zh-CN': (p) => `班次须在 ${p.period} 内开始`,
  },
  'missing-column': {
    en: (p) => `The header row lacks the column ${p.column}`,
    'zh-CN': (p) => `表头缺少“${p.column}”列`,
  },
  'missing-value': {
    en: (p) => `${p.column} is required`,
    'zh-CN': (p) => `“${p.column}”不能为空`,
  },
  'invalid-date': {
    en: (p) => `"${p.value}" is not a date yyyy-MM-dd`,
    'zh-CN': (p) => `“${p.value}”不是 yyyy-MM-dd 格式的日期`,
  },
  'invalid-shift-time': {
    en: (p) => `"${p.value}" is not a shift like "白班 08:00-20:00" (label, a space, HH:mm-HH:mm)`,
    'zh-CN': (p) => `“${p.value}”不是“白班 08:00-20:00”格式的班次（班次名、空格、HH:mm-HH:mm）`,
  },
  'unknown-name': {
    en: (p) => `No contact named "${p.name}" in this unit's directory`,
    'zh-CN': (p) => `本单位通讯录中没有名为“${p.name}”的联系人`,
  },
  'ambiguous-name': {
    en: (p) => `${p.count} contacts in this unit's directory are named "${p.name}"`,
    'zh-CN': (p) => `本单位通讯录中有 ${p.count} 位联系人名为“${p.name}”`,
  },
  'phone-mismatch': {
    en: (p) => `"${p.value}" is not the phone the directory holds for ${p.name}`,
    'zh-CN': (p) => `“${p.value}”与通讯录中${p.name}的电话不符`,
  },
  'unreadable-file': {
    en: () => 'The file cannot be read as a roster (CSV, UTF-8, or .xlsx)',
    'zh-CN': () => '无法读取该文件（须为 UTF-8 CSV 或 .xlsx）',
  },
  'empty-roster': {
    en: () => 'The roster has no shifts',
    'zh-CN': () => '值班表中没有班次',
  },
};

/** One thing wrong with a roster: which row (and, for a file, which line), which field, why. */
export interface RosterProblem {
  /** 0-based position in the list of shifts; absent for a problem of the whole roster. */
  index?: number;
  /** 1-based line of the file (the header is line 1), for an imported roster. */
  line?: number;
  field: string;
  code: RosterProblemCode;
  params: RosterProblemParams;
  /** The reason in both languages. */
  reason: { 'zh-CN': string; en: string };
}

export function rosterProblem(
  code: RosterProblemCode,
  field: string,
  params: RosterProblemParams = {},
  where: { index?: number; line?: number } = {},
): RosterProblem {
  const messages = PROBLEM_MESSAGES[code];
  return { ...where, field, code, params, reason: { 'zh-CN': messages['zh-CN'](params), en: messages.en(params) } };
}

export interface ShiftValidationOptions {
  /** The unit the roster is for; every shift must be of it. */
  unitId: string;
  /** The contactIds of the unit's directory contacts. */
  knownContactIds: Iterable<string>;
  /** When given, every shift must start in [from, to) (the period being replaced). */
  period?: { from: string; to: string };
  maxShifts?: number;
  maxShiftMs?: number;
}

/**
 * Everything wrong with a roster, each problem naming its row and field (empty: the roster can be stored). Checks:
 * instants, end after start, at most 24 h, the unit, contacts known to the unit's directory, the period, no two
 * shifts with one start (they would share an ID), no overlaps, and at most 31 × 4 shifts.
 */
export function validateShifts(shifts: readonly Shift[], options: ShiftValidationOptions): RosterProblem[] {
  const maxShifts = options.maxShifts ?? MAX_SHIFTS_PER_ROSTER;
  const maxShiftMs = options.maxShiftMs ?? MAX_SHIFT_MS;
  if (shifts.length > maxShifts) {
    return [rosterProblem('too-many-shifts', '(roster)', { max: maxShifts, count: shifts.length })];
  }
  const known = new Set(options.knownContactIds);
  const problems: RosterProblem[] = [];
  const wellFormed: (Shift & { index: number })[] = [];
  shifts.forEach((shift, index) => {
    const at = { index };
    if (shift.unitId !== options.unitId) {
      problems.push(rosterProblem('wrong-unit', 'unitId', { unitId: shift.unitId, expected: options.unitId }, at));
    }
    const start = Date.parse(shift.startsAt);
    const end = Date.parse(shift.endsAt);
    if (Number.isNaN(start)) problems.push(rosterProblem('invalid-instant', 'startsAt', {}, at));
    if (Number.isNaN(end)) problems.push(rosterProblem('invalid-instant', 'endsAt', {}, at));
    if (!Number.isNaN(start) && !Number.isNaN(end)) {
      if (end <= start) problems.push(rosterProblem('end-not-after-start', 'endsAt', {}, at));
      else if (end - start > maxShiftMs) {
        problems.push(rosterProblem('shift-too-long', 'endsAt', { maxHours: maxShiftMs / 3_600_000 }, at));
      } else wellFormed.push({ ...shift, index });
      if (options.period && !(ms(options.period.from) <= start && start < ms(options.period.to))) {
        const period = `[${options.period.from}, ${options.period.to})`;
        problems.push(rosterProblem('outside-period', 'startsAt', { period }, at));
      }
    }
    for (const field of ['dutyOfficerContactId', 'shiftLeaderContactId'] as const) {
      if (!known.has(shift[field]))
        problems.push(rosterProblem('unknown-contact', field, { contactId: shift[field] }, at));
    }
  });
  // A second shift with the same start is named once, as a duplicate, and left out of the overlap check.
  const byStart = new Map<number, number>();
  const distinct: (Shift & { index: number })[] = [];
  for (const shift of wellFormed) {
    const other = byStart.get(ms(shift.startsAt));
    if (other === undefined) {
      byStart.set(ms(shift.startsAt), shift.index);
      distinct.push(shift);
    } else {
      const params = { other: other + 1, otherIndex: other };
      problems.push(rosterProblem('duplicate-start', 'startsAt', params, { index: shift.index }));
    }
  }
  for (const [first, second] of rosterOverlaps(distinct)) {
    const params = { other: first.index + 1, otherIndex: first.index };
    problems.push(rosterProblem('overlap', 'startsAt', params, { index: second.index }));
  }
  return problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}

export interface OverrideValidationOptions {
  unitId: string;
  knownContactIds: Iterable<string>;
  maxShiftMs?: number;
}

/** Everything wrong with an override: its instants, at most a shift's length, the unit, a known contact. */
export function validateOverride(override: RosterOverride, options: OverrideValidationOptions): RosterProblem[] {
  const maxShiftMs = options.maxShiftMs ?? MAX_SHIFT_MS;
  const problems: RosterProblem[] = [];
  if (override.unitId !== options.unitId) {
    problems.push(rosterProblem('wrong-unit', 'unitId', { unitId: override.unitId, expected: options.unitId }));
  }
  const start = Date.parse(override.startsAt);
  const end = Date.parse(override.endsAt);
  if (Number.isNaN(start)) problems.push(rosterProblem('invalid-instant', 'startsAt'));
  if (Number.isNaN(end)) problems.push(rosterProblem('invalid-instant', 'endsAt'));
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    if (end <= start) problems.push(rosterProblem('end-not-after-start', 'endsAt'));
    else if (end - start > maxShiftMs) {
      problems.push(rosterProblem('shift-too-long', 'endsAt', { maxHours: maxShiftMs / 3_600_000 }));
    }
  }
  if (!new Set(options.knownContactIds).has(override.contactId)) {
    problems.push(rosterProblem('unknown-contact', 'contactId', { contactId: override.contactId }));
  }
  return problems;
}
