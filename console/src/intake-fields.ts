// R-INTAKE: what the duty officer types, as the API takes it.
// Pure: jest imports it in node (test/console/intake-fields.test.ts).

/**
 * A `datetime-local` value read as Beijing time (the duty office's clock, whatever the browser's zone), with its
 * offset as the API wants it; empty stays empty so the API names the field.
 */
export function beijingInputToIso(value: string): string {
  if (!value) return '';
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

/** Spaces and dashes dropped; a mainland mobile number typed as its 11 digits gets +86 (the API takes E.164). */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^86\d{11}$/.test(digits)) return `+${digits}`;
  return digits;
}

/**
 * R-WRITTEN-30: the call time a reporter gives as hh:mm (Beijing time), as the moment it names: today in Beijing, or
 * yesterday when that would be later than `now` (a call at 23:50 filed at 00:10). Empty stays undefined.
 */
export function beijingClockToIso(clock: string, now: Date): string | undefined {
  if (!/^\d{2}:\d{2}$/.test(clock)) return undefined;
  const beijingToday = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const today = new Date(`${beijingToday}T${clock}:00+08:00`);
  const at = today.getTime() > now.getTime() + 60_000 ? new Date(today.getTime() - 86_400_000) : today;
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
