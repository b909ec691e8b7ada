import {
  beijingMonthRange,
  beijingToIso,
  isLocalDate,
  isoToBeijing,
  makeOverride,
  makeShift,
  MAX_SHIFTS_PER_ROSTER,
  onDutyAt,
  rosterGaps,
  rosterOverlaps,
  shiftIdFor,
  shiftInstants,
  shiftLocalTimes,
  validateOverride,
  validateShifts,
  type Shift,
} from '../../functions/domain/roster';

const unitId = 'example-town-a';

/** A shift written as a duty office writes it: local date, HH:mm start and end. */
function shift(date: string, start: string, end: string, dutyOfficer: string, leader: string, label?: string): Shift {
  return makeShift({
    unitId,
    ...shiftInstants(date, start, end),
    ...(label ? { label } : {}),
    dutyOfficerContactId: dutyOfficer,
    shiftLeaderContactId: leader,
  });
}

describe('R-LADDER: duty rosters (值班表)', () => {
  describe('Beijing local time', () => {
    it('R-LADDER: a Beijing date and time is UTC+8 and reads back the same', () => {
      // Act
      const iso = beijingToIso('2026-11-28', '08:00');
      // Assess
      expect(iso).toBe('2026-11-28T00:00:00.000Z');
      expect(isoToBeijing(iso)).toEqual({ date: '2026-11-28', time: '08:00' });
      expect(isoToBeijing('2026-11-27T16:30:00.000Z')).toEqual({ date: '2026-11-28', time: '00:30' });
    });

    it('R-LADDER: a night shift ends on the next day, across a month end and a year end (2026-12-31 20:00 → 2027-01-01 08:00)', () => {
      // Act
      const night = shiftInstants('2026-12-31', '20:00', '08:00');
      const monthEnd = shiftInstants('2026-11-30', '20:00', '08:00');
      // Assess
      expect(night).toEqual({ startsAt: '2026-12-31T12:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' });
      expect(isoToBeijing(night.endsAt)).toEqual({ date: '2027-01-01', time: '08:00' });
      expect(isoToBeijing(monthEnd.endsAt)).toEqual({ date: '2026-12-01', time: '08:00' });
      expect(shiftLocalTimes(night)).toEqual({ date: '2026-12-31', startTime: '20:00', endTime: '08:00' });
    });

    it('R-LADDER: an end equal to the start is a 24-hour shift; a day shift stays on its day', () => {
      // Act
      const wholeDay = shiftInstants('2026-11-28', '08:00', '08:00');
      const day = shiftInstants('2026-11-28', '08:00', '20:00');
      // Assess
      expect(Date.parse(wholeDay.endsAt) - Date.parse(wholeDay.startsAt)).toBe(24 * 3_600_000);
      expect(day).toEqual({ startsAt: '2026-11-28T00:00:00.000Z', endsAt: '2026-11-28T12:00:00.000Z' });
    });

    it('R-LADDER: February 28 rolls into March 1 in 2027 and into February 29 in 2028; 2027-02-29 is no date', () => {
      // Act
      const plain = shiftInstants('2027-02-28', '20:00', '08:00');
      const leap = shiftInstants('2028-02-28', '20:00', '08:00');
      // Assess
      expect(isoToBeijing(plain.endsAt).date).toBe('2027-03-01');
      expect(isoToBeijing(leap.endsAt).date).toBe('2028-02-29');
      expect(isLocalDate('2028-02-29')).toBe(true);
      expect(isLocalDate('2027-02-29')).toBe(false);
      expect(() => beijingToIso('2027-02-29', '08:00')).toThrow(RangeError);
      expect(() => beijingToIso('2027-02-28', '24:00')).toThrow(RangeError);
    });

    it('R-LADDER: a Beijing month is [the 1st 00:00, the next 1st 00:00) in UTC+8', () => {
      // Act, Assess
      expect(beijingMonthRange('2026-12')).toEqual({
        from: '2026-11-30T16:00:00.000Z',
        to: '2026-12-31T16:00:00.000Z',
      });
      expect(beijingMonthRange('2028-02').to).toBe('2028-02-29T16:00:00.000Z');
    });
  });

  describe('shift IDs', () => {
    it('R-LADDER: the shift ID comes from the unit and the start only, so re-importing a month is idempotent', () => {
      // Prepare
      const first = shift('2026-11-28', '08:00', '20:00', 'c-1', 'c-2', '白班');
      // Act
      const again = shift('2026-11-28', '08:00', '20:00', 'c-3', 'c-2', '白班');
      // Assess
      expect(again.shiftId).toBe(first.shiftId);
      expect(first.shiftId).toMatch(/^SHF-[0-9a-f]{20}$/);
      expect(shiftIdFor(unitId, '2026-11-28T08:00:00+08:00')).toBe(first.shiftId);
      expect(shiftIdFor('example-town-b', first.startsAt)).not.toBe(first.shiftId);
      expect(shiftIdFor(unitId, '2026-11-28T00:00:00.001Z')).not.toBe(first.shiftId);
    });
  });

  describe('who is on duty', () => {
    const day = shift('2026-11-28', '08:00', '20:00', 'officer-day', 'leader-day', '白班');
    const night = shift('2026-11-28', '20:00', '08:00', 'officer-night', 'leader-night', '夜班');

    it('R-LADDER: the shift covering the instant names its duty officer and shift leader; intervals are half-open', () => {
      // Act
      const atStart = onDutyAt([day, night], [], beijingToIso('2026-11-28', '08:00'));
      const atHandover = onDutyAt([day, night], [], beijingToIso('2026-11-28', '20:00'));
      const beforeEnd = onDutyAt([day, night], [], new Date(Date.parse(night.endsAt) - 1));
      const afterAll = onDutyAt([day, night], [], night.endsAt);
      // Assess
      expect(atStart).toEqual({
        dutyOfficer: { contactId: 'officer-day', source: { kind: 'shift', shiftId: day.shiftId } },
        shiftLeader: { contactId: 'leader-day', source: { kind: 'shift', shiftId: day.shiftId } },
      });
      expect(atHandover.dutyOfficer?.contactId).toBe('officer-night');
      expect(beforeEnd.shiftLeader?.contactId).toBe('leader-night');
      expect(afterAll).toEqual({ dutyOfficer: undefined, shiftLeader: undefined });
    });

    it('R-LADDER: a shift across midnight covers the small hours of the next day', () => {
      // Act
      const answer = onDutyAt([day, night], [], beijingToIso('2026-11-29', '03:00'));
      // Assess
      expect(answer.dutyOfficer).toEqual({
        contactId: 'officer-night',
        source: { kind: 'shift', shiftId: night.shiftId },
      });
    });

    it('R-LADDER: a night shift across the year end covers 2027-01-01 07:59 Beijing and not 08:00', () => {
      // Prepare
      const newYearsEve = shift('2026-12-31', '20:00', '08:00', 'officer-nye', 'leader-nye', '夜班');
      // Act
      const inside = onDutyAt([newYearsEve], [], beijingToIso('2027-01-01', '07:59'));
      const after = onDutyAt([newYearsEve], [], beijingToIso('2027-01-01', '08:00'));
      // Assess
      expect(inside.dutyOfficer?.contactId).toBe('officer-nye');
      expect(after.dutyOfficer).toBeUndefined();
    });

    it('R-LADDER: an override replaces only its role, for its range only, even where no shift covers', () => {
      // Prepare
      const standIn = makeOverride(
        {
          unitId,
          role: 'duty-officer',
          contactId: 'stand-in',
          startsAt: beijingToIso('2026-11-28', '12:00'),
          endsAt: beijingToIso('2026-11-28', '14:00'),
          reason: '临时替班',
        },
        new Date('2026-11-27T00:00:00Z'),
      );
      const lateLeader = makeOverride(
        {
          unitId,
          role: 'shift-leader',
          contactId: 'leader-extra',
          startsAt: beijingToIso('2026-11-29', '08:00'),
          endsAt: beijingToIso('2026-11-29', '09:00'),
        },
        new Date('2026-11-27T00:00:00Z'),
      );
      // Act
      const during = onDutyAt([day, night], [standIn, lateLeader], beijingToIso('2026-11-28', '13:00'));
      const atEnd = onDutyAt([day, night], [standIn, lateLeader], standIn.endsAt);
      const uncovered = onDutyAt([day, night], [standIn, lateLeader], beijingToIso('2026-11-29', '08:30'));
      // Assess
      expect(during).toEqual({
        dutyOfficer: { contactId: 'stand-in', source: { kind: 'override', overrideId: standIn.overrideId } },
        shiftLeader: { contactId: 'leader-day', source: { kind: 'shift', shiftId: day.shiftId } },
      });
      expect(atEnd.dutyOfficer?.contactId).toBe('officer-day');
      expect(uncovered).toEqual({
        dutyOfficer: undefined,
        shiftLeader: { contactId: 'leader-extra', source: { kind: 'override', overrideId: lateLeader.overrideId } },
      });
    });

    it('R-LADDER: among overlapping overrides the last recorded wins, whatever the order they are given in', () => {
      // Prepare
      const range = { startsAt: day.startsAt, endsAt: day.endsAt };
      const earlier = makeOverride(
        { unitId, role: 'duty-officer', contactId: 'first', ...range },
        new Date('2026-11-27T01:00:00Z'),
      );
      const later = makeOverride(
        { unitId, role: 'duty-officer', contactId: 'second', ...range },
        new Date('2026-11-27T02:00:00Z'),
      );
      // Act
      const answers = [
        onDutyAt([day], [earlier, later], beijingToIso('2026-11-28', '10:00')),
        onDutyAt([day], [later, earlier], beijingToIso('2026-11-28', '10:00')),
      ];
      // Assess
      expect(answers.map((answer) => answer.dutyOfficer?.contactId)).toEqual(['second', 'second']);
    });

    it('R-LADDER: between overlapping shifts the one that started later wins', () => {
      // Prepare
      const long = shift('2026-11-28', '08:00', '08:00', 'officer-long', 'leader-long');
      const inner = shift('2026-11-28', '12:00', '16:00', 'officer-inner', 'leader-inner');
      // Act
      const inside = onDutyAt([inner, long], [], beijingToIso('2026-11-28', '13:00'));
      const before = onDutyAt([inner, long], [], beijingToIso('2026-11-28', '09:00'));
      const after = onDutyAt([inner, long], [], beijingToIso('2026-11-28', '17:00'));
      // Assess
      expect(inside.dutyOfficer?.contactId).toBe('officer-inner');
      expect(before.dutyOfficer?.contactId).toBe('officer-long');
      expect(after.shiftLeader?.contactId).toBe('leader-long');
    });
  });

  describe('gaps and overlaps', () => {
    it('R-LADDER: the gaps are the uncovered parts of [from, to), clipped to it', () => {
      // Prepare
      const shifts = [
        shift('2026-11-28', '08:00', '20:00', 'a', 'b'),
        shift('2026-11-29', '08:00', '20:00', 'a', 'b'),
        shift('2026-11-29', '12:00', '22:00', 'a', 'b'),
      ];
      // Act
      const gaps = rosterGaps(shifts, beijingToIso('2026-11-28', '00:00'), beijingToIso('2026-11-30', '00:00'));
      // Assess
      expect(gaps).toEqual([
        { startsAt: beijingToIso('2026-11-28', '00:00'), endsAt: beijingToIso('2026-11-28', '08:00') },
        { startsAt: beijingToIso('2026-11-28', '20:00'), endsAt: beijingToIso('2026-11-29', '08:00') },
        { startsAt: beijingToIso('2026-11-29', '22:00'), endsAt: beijingToIso('2026-11-30', '00:00') },
      ]);
      expect(rosterGaps(shifts, shifts[0].startsAt, shifts[0].endsAt)).toEqual([]);
      expect(rosterGaps([], shifts[0].startsAt, shifts[0].endsAt)).toEqual([
        { startsAt: shifts[0].startsAt, endsAt: shifts[0].endsAt },
      ]);
    });

    it('R-LADDER: a day and night roster has no gap across a month end; a handover is not an overlap', () => {
      // Prepare
      const shifts = [
        shift('2026-12-31', '08:00', '20:00', 'a', 'b'),
        shift('2026-12-31', '20:00', '08:00', 'a', 'b'),
        shift('2027-01-01', '08:00', '20:00', 'a', 'b'),
      ];
      // Act, Assess
      expect(rosterGaps(shifts, shifts[0].startsAt, shifts[2].endsAt)).toEqual([]);
      expect(rosterOverlaps(shifts)).toEqual([]);
    });

    it('R-LADDER: every overlapping pair is named, earlier start first', () => {
      // Prepare
      const a = shift('2026-11-28', '08:00', '20:00', 'a', 'b');
      const b = shift('2026-11-28', '19:00', '07:00', 'a', 'b');
      const c = shift('2026-11-29', '06:00', '08:00', 'a', 'b');
      // Act
      const pairs = rosterOverlaps([c, b, a]);
      // Assess
      expect(pairs.map(([first, second]) => [first.shiftId, second.shiftId])).toEqual([
        [a.shiftId, b.shiftId],
        [b.shiftId, c.shiftId],
      ]);
    });
  });

  describe('validation', () => {
    const known = ['c-1', 'c-2'];

    it('R-LADDER: a good month roster has no problems', () => {
      // Prepare
      const shifts = [
        shift('2026-11-28', '08:00', '20:00', 'c-1', 'c-2'),
        shift('2026-11-28', '20:00', '08:00', 'c-2', 'c-1'),
      ];
      // Act, Assess
      expect(validateShifts(shifts, { unitId, knownContactIds: known, period: beijingMonthRange('2026-11') })).toEqual(
        [],
      );
    });

    it('R-LADDER: each bad row and field is named: end before start, too long, unknown contact, wrong unit, outside the period', () => {
      // Prepare
      const good = shift('2026-11-28', '08:00', '20:00', 'c-1', 'c-2');
      const shifts: Shift[] = [
        good,
        { ...good, shiftId: 'x', startsAt: '2026-11-29T00:00:00.000Z', endsAt: '2026-11-28T23:00:00.000Z' },
        { ...good, shiftId: 'y', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-11-21T01:00:00.000Z' },
        {
          ...good,
          shiftId: 'z',
          startsAt: '2026-11-22T00:00:00.000Z',
          endsAt: '2026-11-22T01:00:00.000Z',
          dutyOfficerContactId: 'nobody',
        },
        {
          ...good,
          shiftId: 'w',
          unitId: 'example-town-b',
          startsAt: '2026-12-05T00:00:00.000Z',
          endsAt: '2026-12-05T01:00:00.000Z',
        },
        { ...good, shiftId: 'v', startsAt: 'yesterday', endsAt: '2026-11-22T01:00:00.000Z' },
      ];
      // Act
      const problems = validateShifts(shifts, {
        unitId,
        knownContactIds: new Set(known),
        period: beijingMonthRange('2026-11'),
      });
      // Assess
      expect(problems.map((p) => [p.index, p.field, p.code])).toEqual([
        [1, 'endsAt', 'end-not-after-start'],
        [2, 'endsAt', 'shift-too-long'],
        [3, 'dutyOfficerContactId', 'unknown-contact'],
        [4, 'unitId', 'wrong-unit'],
        [4, 'startsAt', 'outside-period'],
        [5, 'startsAt', 'invalid-instant'],
      ]);
      expect(problems[2].reason).toEqual({
        'zh-CN': '本单位通讯录中没有联系人“nobody”',
        en: `No contact "nobody" in this unit's directory`,
      });
    });

    it('R-LADDER: two shifts with one start, and overlapping shifts, are refused naming the other row', () => {
      // Prepare
      const a = shift('2026-11-28', '08:00', '20:00', 'c-1', 'c-2');
      const b = shift('2026-11-28', '19:00', '07:00', 'c-1', 'c-2');
      // Act
      const problems = validateShifts([a, b, { ...a }], { unitId, knownContactIds: known });
      // Assess
      expect(problems.map((p) => [p.index, p.code, p.params.other])).toEqual([
        [1, 'overlap', 1],
        [2, 'duplicate-start', 1],
      ]);
    });

    it(`R-LADDER: a roster of more than ${MAX_SHIFTS_PER_ROSTER} shifts (31 days × 4) is refused whole`, () => {
      // Prepare
      const shifts = Array.from({ length: MAX_SHIFTS_PER_ROSTER + 1 }, (_, i) =>
        makeShift({
          unitId,
          startsAt: new Date(Date.UTC(2026, 10, 1) + i * 6 * 3_600_000).toISOString(),
          endsAt: new Date(Date.UTC(2026, 10, 1) + (i + 1) * 6 * 3_600_000).toISOString(),
          dutyOfficerContactId: 'c-1',
          shiftLeaderContactId: 'c-2',
        }),
      );
      // Act
      const problems = validateShifts(shifts, { unitId, knownContactIds: known });
      // Assess
      expect(problems).toEqual([expect.objectContaining({ code: 'too-many-shifts', field: '(roster)' })]);
      expect(validateShifts(shifts.slice(1), { unitId, knownContactIds: known })).toEqual([]);
    });

    it('R-LADDER: an override longer than a shift, of an unknown contact, or ending before it starts is refused', () => {
      // Prepare
      const base = makeOverride(
        {
          unitId,
          role: 'shift-leader',
          contactId: 'c-1',
          startsAt: '2026-11-28T00:00:00Z',
          endsAt: '2026-11-28T02:00:00Z',
        },
        new Date('2026-11-27T00:00:00Z'),
      );
      // Act, Assess
      expect(validateOverride(base, { unitId, knownContactIds: known })).toEqual([]);
      expect(
        validateOverride(
          { ...base, endsAt: '2026-11-29T00:00:01.000Z', contactId: 'ghost' },
          { unitId, knownContactIds: known },
        ).map((p) => p.code),
      ).toEqual(['shift-too-long', 'unknown-contact']);
      expect(
        validateOverride({ ...base, endsAt: base.startsAt }, { unitId, knownContactIds: known }).map((p) => p.code),
      ).toEqual(['end-not-after-start']);
    });
  });
});
