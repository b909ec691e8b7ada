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
