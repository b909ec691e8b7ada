import { ConfigurationError } from '../domain/errors';

/**
 * The value of a required environment variable. Fails loudly, naming the variable, so a
 * misdeployed function stops at its first invocation instead of writing to the wrong place.
 *
 * @example
 * ```ts
 * const tableName = requireEnvironment('TABLE_NAME');
 * ```
 */
export function requireEnvironment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`Environment variable ${name} is required but not set`);
  }
  return value;
}

/**
 * DRILL_SPEED (default 1): every deadline and escalation delay is divided by it.
 * Anything but a number ≥ 1 is a configuration error.
 */
export function drillSpeedFromEnvironment(): number {
  const raw = process.env.DRILL_SPEED;
  if (raw === undefined || raw.trim() === '') return 1;
  const drillSpeed = Number(raw);
  if (!Number.isFinite(drillSpeed) || drillSpeed < 1) {
    throw new ConfigurationError(`DRILL_SPEED must be a number ≥ 1, got "${raw}"`);
  }
  return drillSpeed;
}

/** How SMS leave: `sns` (SNS publishes them; global regions) or `gateway` (a domestic provider; China regions). */
export type SmsDelivery = 'sns' | 'gateway';

/** SMS_DELIVERY, `sns` when unset. @throws for any other value: a typo must not silently send no SMS. */
export function smsDeliveryFromEnvironment(): SmsDelivery {
  const value = process.env.SMS_DELIVERY ?? 'sns';
  if (value !== 'sns' && value !== 'gateway')
    throw new ConfigurationError(`SMS_DELIVERY must be "sns" or "gateway", got "${value}"`);
  return value;
}
