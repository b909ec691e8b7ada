import { beijingClockToIso, beijingInputToIso, e164 } from '../../console/src/intake-fields';

// R-INTAKE: the phone-report form sends what the officer typed as the API takes it (console/src/intake-fields.ts).
describe('intake fields (R-INTAKE)', () => {
  it('reads a datetime-local value as Beijing time, whatever the browser zone', () => {
    expect(beijingInputToIso('2026-12-02T02:05')).toBe('2026-12-02T02:05:00+08:00');
    expect(Date.parse(beijingInputToIso('2026-12-02T02:05'))).toBe(Date.parse('2026-12-01T18:05:00Z'));
    expect(beijingInputToIso('2026-12-02T02:05:30')).toBe('2026-12-02T02:05:30+08:00');
    // Empty stays empty, so the API names occurredAt instead of accepting a made-up time.
    expect(beijingInputToIso('')).toBe('');
  });

  it('gives an 11-digit mainland mobile number its +86, and leaves any other number as typed', () => {
    expect(e164('13800000001')).toBe('+8613800000001');
    expect(e164('138 0000 0001')).toBe('+8613800000001');
    expect(e164('8613800000001')).toBe('+8613800000001');
    expect(e164('+8613800000001')).toBe('+8613800000001');
    // A landline is not guessed at (only its spaces and dashes go): the API refuses it naming reporter.phone.
    expect(e164('0427-1234567')).toBe('04271234567');
  });

  it('R-WRITTEN-30: reads a call time hh:mm as today in Beijing, or yesterday when today would be in the future', () => {
    // 10:30 Beijing time on 2 December
    const now = new Date('2026-12-02T02:30:00Z');
    expect(beijingClockToIso('10:05', now)).toBe('2026-12-02T10:05:00+08:00');
    // A call at 23:50 filed at 00:10 came the day before.
    expect(beijingClockToIso('23:50', new Date('2026-12-01T16:10:00Z'))).toBe('2026-12-01T23:50:00+08:00');
    expect(beijingClockToIso('', now)).toBeUndefined();
    expect(beijingClockToIso('9:5', now)).toBeUndefined();
  });
});
