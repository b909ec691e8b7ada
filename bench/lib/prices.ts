/**
 * Public list prices, US East (N. Virginia), USD, as published on each service's pricing page
 * (checked 2026-11; the China regions price in CNY and differ — docs/cost.md). Only what the
 * service uses per incident.
 */
export const PRICES = {
  /** https://aws.amazon.com/step-functions/pricing/ — Standard workflows. */
  stateTransition: 0.025 / 1_000,
  /** https://aws.amazon.com/lambda/pricing/ — requests, and arm64 duration per GB-second. */
  lambdaRequest: 0.2 / 1_000_000,
  lambdaArmGbSecond: 0.0000133334,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — since the November 2024 price cut. */
  writeRequestUnit: 0.625 / 1_000_000,
  readRequestUnit: 0.125 / 1_000_000,
  /** https://aws.amazon.com/sns/pricing/ — e-mail notifications. */
  emailNotification: 2 / 100_000,
  /**
   * https://aws.amazon.com/sns/sms-pricing/ — an SMS to a mainland-China (+86) number sent from
   * the global regions. The rate changes with carriers; check the page before budgeting.
   */
  smsToChina: 0.0195,
  /** https://aws.amazon.com/api-gateway/pricing/ — HTTP APIs, first 300 million requests. */
  httpApiRequest: 1 / 1_000_000,
} as const;

/** The functions' memory (infra/constructs/lambda-function.ts) and an assumed mean duration per invocation. */
export const LAMBDA_MEMORY_GB = 0.5;
export const ASSUMED_LAMBDA_MS = 150;

export interface UsageCounts {
  stateTransitions: number;
  lambdaInvocations: number;
  apiRequests: number;
  writeUnits: number;
  readUnits: number;
  sms: number;
  emails: number;
}

/** The list price of some usage, in USD. */
export function costOf(usage: UsageCounts): number {
  return (
    usage.stateTransitions * PRICES.stateTransition +
    usage.lambdaInvocations *
      (PRICES.lambdaRequest + (LAMBDA_MEMORY_GB * ASSUMED_LAMBDA_MS * PRICES.lambdaArmGbSecond) / 1000) +
    usage.apiRequests * PRICES.httpApiRequest +
    usage.writeUnits * PRICES.writeRequestUnit +
    usage.readUnits * PRICES.readRequestUnit +
    usage.sms * PRICES.smsToChina +
    usage.emails * PRICES.emailNotification
  );
}
