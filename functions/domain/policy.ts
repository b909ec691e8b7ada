import * as z from 'zod/mini';
import policyConfiguration from '../config/policy.json' with { type: 'json' };
import type { UnitKind } from './directory';
import { ConfigurationError } from './errors';
import type { Severity } from './incident';

/**
 * Who a ladder step notifies (R-LADDER):
 * - `unit-duty-contact`, `unit-principal-leader`: the responsible unit's own people;
 * - `local-government`: for an enterprise, the town, park or zone it reports to (R-ENTERPRISE);
 * - `county-duty-offices-and-leadership`: the county government duty office and its leader,
 *   always together with the county party committee duty office (R-DUAL).
 */
export const LADDER_AUDIENCES = [
  'unit-duty-contact',
  'unit-principal-leader',
  'local-government',
  'county-duty-offices-and-leadership',
] as const;
export type LadderAudience = (typeof LADDER_AUDIENCES)[number];

export interface LadderStep {
  /** 1-based position on the ladder. */
  step: number;
  audience: LadderAudience;
  /** Minutes after the obligation's due time at which this step fires. */
  delayMinutesAfterDue: number;
  /** Send the step again this often until someone acknowledges it or the next step fires. */
  repeatEveryMinutes?: number;
}

/** The media types an attachment may have: checked against its first bytes, never its file name. */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'image/webp', 'video/mp4'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** Limits on the photos and videos of one document (R-INTAKE), all configuration. */
export interface AttachmentPolicy {
  /** At most this many images per document, each at most `maxImageBytes`. */
  maxImagesPerDocument: number;
  maxImageBytes: number;
  /** At most this many videos per document, each at most `maxVideoBytes`. */
  maxVideosPerDocument: number;
  maxVideoBytes: number;
  /** The content types accepted (a subset of ATTACHMENT_CONTENT_TYPES). */
  contentTypes: AttachmentContentType[];
  /** How long a presigned upload or download URL stays valid, in minutes (real time, not drill time). */
  urlExpiresMinutes: number;
  /** How long the bucket keeps an attachment, in days (the bucket's lifecycle rule). */
  retentionDays: number;
}

/** The kinds of deadline a unit can owe, each set by one clause of the notice. */
export type DeadlineKind = 'written-report' | 'verification-phone' | 'verification-written' | 'instruction-feedback';

interface ClauseCitation {
  requirement: string;
  clause: string;
}

/**
 * The reporting rules in force: deadlines, ladders, reminders and routing. Configuration,
 * never constants in code (REQUIREMENTS.md: "Numbers are the notice's defaults"); each number
 * sits beside the clause of the notice it comes from, in `functions/config/policy.json`.
 */
export interface ReportingPolicy {
  /** Recorded on every obligation, so a later policy change never moves an open deadline. */
  version: string;
  timeZone: string;
  obligations: Record<DeadlineKind, { dueMinutes: number; sameDayReminderLocalTime?: string } & ClauseCitation> & {
    'follow-up': { dueMinutesBySeverity: Record<Severity, number | null> } & ClauseCitation;
  };
  media: { verificationObligation: 'verification-phone' } & ClauseCitation;
  spotCheck: { acknowledgeWithinMinutes: number } & ClauseCitation;
  /** R-EVAL: a unit's first report is on time within this many minutes of the incident occurring (首报时效). */
  evaluation: { firstReportOnTimeMinutes: number } & ClauseCitation;
  reminder: { atFractionOfWindow: number; disabledForUnits: string[] };
  /** At most one SMS per recipient in this many seconds; the rest are merged into one. */
  smsRateLimit: { minSecondsBetweenPerRecipient: number };
  /** R-LADDER: an obligation still pending this long after its deadline has lost its watch; the sweep starts one. */
  sweep: { graceSecondsAfterDue: number; lookBackMinutes: number };
  /** R-LADDER: a number replying this many unknown codes within the window is ignored for a while. */
  acknowledgement: { maxUnknownCodesPerWindow: number; windowMinutes: number; blockMinutes: number };
  /**
   * R-INTAKE (四(二): first-hand information from the scene): photos and videos attached to a document, with the limits
   * the server enforces per document (functions/domain/attachments.ts) and how long the bucket keeps them (R-AUDIT).
   */
  attachments: AttachmentPolicy;
  ladders: {
    default: LadderStep[];
    byUnitKind: Partial<Record<UnitKind, LadderStep[]>>;
    byUnit: Record<string, LadderStep[]>;
  };
  routing: {
    directCity: {
      severities: Severity[];
      deathsAtLeast: number;
      injuredAtLeast: number;
      missingAtLeast: number;
      notifyUnits: string[];
    } & ClauseCitation;
    dual: { countyGovernmentDutyOffice: string; countyPartyDutyOffice: string } & ClauseCitation;
    enterprise: { hazardFlags: string[]; notifyUnits: string[] } & ClauseCitation;
    horizontal: { departmentsByCategory: Record<string, string[]> } & ClauseCitation;
  };
}

const minutes = () => z.number().check(z.nonnegative());
const positiveMinutes = () => z.number().check(z.positive());
const citation = { requirement: z.string().check(z.minLength(1)), clause: z.string().check(z.minLength(1)) };
const localTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A local time hh:mm'));
const severities = z.enum(['especially-major', 'major', 'relatively-major', 'general']);
const unitKinds = z.enum(['town', 'department', 'park', 'zone', 'duty-office', 'enterprise']);
const ladderSchema = z
  .array(
    z.object({
      step: z.number().check(z.int(), z.positive()),
      audience: z.enum(LADDER_AUDIENCES),
      delayMinutesAfterDue: minutes(),
      repeatEveryMinutes: z.optional(positiveMinutes()),
    }),
  )
  .check(
    z.minLength(1),
    z.refine((steps) => steps.every((step, index) => step.step === index + 1), 'Steps are numbered 1, 2, 3… in order'),
    z.refine(
      (steps) =>
        steps.every((step, index) => index === 0 || step.delayMinutesAfterDue > steps[index - 1].delayMinutesAfterDue),
      'Each step fires after the one before',
    ),
  );
const deadline = z.object({
  dueMinutes: positiveMinutes(),
  sameDayReminderLocalTime: z.optional(localTime),
  ...citation,
});

/**
 * What `policy.json` must hold: checked when it is loaded, so a typo in a deadline or a ladder
 * fails the deployment's first call, not an escalation at 3 a.m. Typed against `ReportingPolicy`,
 * so the schema and the interface cannot drift apart.
 */
export const reportingPolicySchema: z.ZodMiniType<ReportingPolicy> = z.object({
  version: z.string().check(z.minLength(1)),
  timeZone: z.string().check(z.minLength(1)),
  obligations: z.object({
    'written-report': deadline,
    'verification-phone': deadline,
    'verification-written': deadline,
    'instruction-feedback': deadline,
    'follow-up': z.object({ dueMinutesBySeverity: z.record(severities, z.nullable(positiveMinutes())), ...citation }),
  }),
  media: z.object({ verificationObligation: z.literal('verification-phone'), ...citation }),
  spotCheck: z.object({ acknowledgeWithinMinutes: positiveMinutes(), ...citation }),
  evaluation: z.object({ firstReportOnTimeMinutes: positiveMinutes(), ...citation }),
  reminder: z.object({
    atFractionOfWindow: z.number().check(z.gte(0), z.lte(1)),
    disabledForUnits: z.array(z.string()),
  }),
  smsRateLimit: z.object({ minSecondsBetweenPerRecipient: minutes() }),
  sweep: z.object({ graceSecondsAfterDue: minutes(), lookBackMinutes: positiveMinutes() }),
  acknowledgement: z.object({
    maxUnknownCodesPerWindow: z.number().check(z.int(), z.positive()),
    windowMinutes: positiveMinutes(),
    blockMinutes: positiveMinutes(),
  }),
  attachments: z.object({
    maxImagesPerDocument: z.number().check(z.int(), z.nonnegative()),
    maxImageBytes: z.number().check(z.int(), z.positive()),
    maxVideosPerDocument: z.number().check(z.int(), z.nonnegative()),
    maxVideoBytes: z.number().check(z.int(), z.positive()),
    contentTypes: z.array(z.enum(ATTACHMENT_CONTENT_TYPES)).check(z.minLength(1)),
    // SigV4 presigned URLs live at most 7 days; minutes are what a phone upload needs.
    urlExpiresMinutes: z.number().check(z.int(), z.positive(), z.lte(7 * 24 * 60)),
    retentionDays: z.number().check(z.int(), z.positive()),
  }),
  ladders: z.object({
    default: ladderSchema,
    byUnitKind: z.partialRecord(unitKinds, ladderSchema),
    byUnit: z.record(z.string(), ladderSchema),
  }),
  routing: z.object({
    directCity: z.object({
      severities: z.array(severities),
      deathsAtLeast: positiveMinutes(),
      injuredAtLeast: positiveMinutes(),
      missingAtLeast: positiveMinutes(),
      notifyUnits: z.array(z.string()),
      ...citation,
    }),
    dual: z.object({ countyGovernmentDutyOffice: z.string(), countyPartyDutyOffice: z.string(), ...citation }),
    enterprise: z.object({ hazardFlags: z.array(z.string()), notifyUnits: z.array(z.string()), ...citation }),
    horizontal: z.object({ departmentsByCategory: z.record(z.string(), z.array(z.string())), ...citation }),
  }),
});

/**
 * A policy checked against `reportingPolicySchema`.
 * @throws {ConfigurationError} naming every bad entry by its path (`ladders.default.1.delayMinutesAfterDue`).
 */
export function parsePolicy(configuration: unknown): ReportingPolicy {
  const result = reportingPolicySchema.safeParse(configuration);
  if (!result.success) {
    throw new ConfigurationError(
      `The reporting policy is invalid: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return result.data;
}

/** The policy shipped in `functions/config/policy.json`. */
export const defaultPolicy: ReportingPolicy = parsePolicy(policyConfiguration);

/**
 * R-LADDER: the ladder for a unit — its own override, else its kind's, else the default.
 *
 * @example
 * ```ts
 * ladderFor(defaultPolicy, { unitId: 'gaosheng-zone', kind: 'zone' }).map((step) => step.audience);
 * // ['unit-duty-contact', 'unit-principal-leader', 'county-duty-offices-and-leadership']
 * ```
 */
export function ladderFor(policy: ReportingPolicy, unit: { unitId: string; kind: UnitKind }): LadderStep[] {
  return policy.ladders.byUnit[unit.unitId] ?? policy.ladders.byUnitKind[unit.kind] ?? policy.ladders.default;
}

/** R-FOLLOWUP: minutes between follow-up reports at this severity, or null when none are due. */
export function followUpCadenceMinutes(policy: ReportingPolicy, severity: Severity): number | null {
  return policy.obligations['follow-up'].dueMinutesBySeverity[severity] ?? null;
}

/** Whether the unit gets a reminder before its deadlines (R-LADDER; off per unit). */
export function remindersEnabledFor(policy: ReportingPolicy, unitId: string): boolean {
  return (
    !policy.reminder.disabledForUnits.includes(unitId) &&
    policy.reminder.atFractionOfWindow > 0 &&
    policy.reminder.atFractionOfWindow < 1
  );
}
