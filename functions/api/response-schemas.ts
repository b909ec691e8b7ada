import * as z from 'zod/mini';
import { FIRST_REPORT_CHANNELS, INCIDENT_SOURCES, REPORT_KINDS, SEVERITIES } from '../domain/incident';
import { OBLIGATION_KINDS } from '../domain/obligations';

/**
 * The shapes of the API's success bodies, for its OpenAPI document (`functions/api/openapi.ts`)
 * and the end-to-end checks that every answer matches it. They name what a client may rely on;
 * each is a loose object: a field added later breaks no client and no check.
 */
const time = z.iso.datetime({ offset: true });
const obligation = z.looseObject({
  incidentId: z.string(),
  obligationId: z.string(),
  kind: z.enum(OBLIGATION_KINDS),
  unitId: z.string(),
  status: z.enum(['pending', 'overdue', 'met', 'late', 'closed']),
  openedAt: time,
  dueAt: time,
  remindAt: z.optional(time),
  metAt: z.optional(time),
  lateReason: z.optional(z.string()),
  policyVersion: z.string(),
});
const incident = z.looseObject({
  incidentId: z.string(),
  unitId: z.string(),
  title: z.string(),
  category: z.string(),
  severity: z.enum(SEVERITIES),
  occurredAt: time,
  location: z.string(),
  receivedAt: time,
  status: z.enum(['open', 'closed']),
  closedAt: z.optional(time),
  source: z.enum(INCIDENT_SOURCES),
  verified: z.boolean(),
  firstReportChannel: z.enum(FIRST_REPORT_CHANNELS),
  /** R-WRITTEN-30: when the call came, for a phone first report recorded after it. */
  phonedAt: z.optional(time),
  /** R-EVAL: who recorded that time (only the duty office's counts for 首报时效). */
  phonedAtLoggedBy: z.optional(z.enum(['duty-office', 'unit'])),
});
const spotCheck = z.looseObject({
  spotCheckId: z.string(),
  unitId: z.string(),
  startedAt: time,
  dueAt: time,
  acknowledgedAt: z.optional(time),
  result: z.string(),
});

/** R-LADDER: who acknowledged an escalation step, how and when. */
const acknowledgement = z.looseObject({
  incidentId: z.string(),
  obligationId: z.string(),
  escalationStep: z.int(),
  code: z.string(),
  contactId: z.string(),
  via: z.enum(['sms', 'link', 'console']),
  acknowledgedAt: time,
});

/** `GET /health`. */
export const healthResponse = z.strictObject({ status: z.literal('ok'), time });
/** `GET /units`: the directory. */
export const unitsResponse = z.looseObject({ units: z.array(z.looseObject({ unitId: z.string() })) });
const contactResponse = z.looseObject({ contactId: z.string(), name: z.string(), role: z.string(), phone: z.string() });
/** Issue 15: one unit of the directory, as it now is. */
export const unitResponse = z.looseObject({
  unitId: z.string(),
  kind: z.string(),
  name: z.looseObject({ 'zh-CN': z.string(), en: z.string() }),
  contacts: z.looseObject({ dutyContact: contactResponse, principalLeader: contactResponse }),
  staff: z.optional(z.array(contactResponse)),
  parentUnitId: z.optional(z.string()),
  deactivatedAt: z.optional(z.string()),
});
/** `GET /categories`: the classes and categories, and the severities. */
export const categoriesResponse = z.looseObject({
  classes: z.array(z.looseObject({})),
  severities: z.array(z.looseObject({ id: z.enum(SEVERITIES) })),
});
/** `GET /incidents`: open incidents, newest first. */
export const incidentListResponse = z.looseObject({ incidents: z.array(incident) });
/** `GET /obligations`: every deadline still waiting, with the server's time. */
export const obligationListResponse = z.looseObject({
  now: time,
  obligations: z.array(
    z.extend(obligation, {
      overdue: z.boolean(),
      /** Issue 14 (确认催报), for a reporter: the step that last reached its unit's contacts, and its acknowledgement. */
      escalation: z.optional(
        z.looseObject({
          escalationStep: z.int(),
          firstSentAt: time,
          acknowledgement: z.optional(acknowledgement),
        }),
      ),
    }),
  ),
});
/** `POST /incidents/{incidentId}/obligations/{obligationId}/acknowledgement` (issue 14, R-LADDER). */
export const escalationAcknowledgementResponse = acknowledgement;
/** `POST /incidents`: the incident with the obligations it opened (R-INTAKE, R-WRITTEN-30, R-MEDIA). */
export const createdIncidentResponse = z.extend(incident, { obligations: z.array(obligation) });
/** `GET /incidents/{incidentId}`: the incident, its obligations and its timeline (R-AUDIT). */
export const incidentResponse = z.extend(incident, {
  obligations: z.array(obligation),
  timeline: z.array(z.looseObject({ type: z.string(), at: time })),
});
/** `GET /incidents/{incidentId}/audit`: the hash chain and its verification (R-AUDIT). */
export const auditResponse = z.looseObject({
  incidentId: z.string(),
  verification: z.looseObject({ valid: z.boolean() }),
  events: z.array(z.looseObject({ type: z.string() })),
});
/** `POST /incidents/{incidentId}/reports` (R-LIFECYCLE, R-ELEMENTS). */
export const reportResponse = z.looseObject({
  report: z.looseObject({ reportId: z.string(), kind: z.enum(REPORT_KINDS) }),
  incidentStatus: z.enum(['open', 'closed']),
  obligations: z.array(obligation),
  missingElements: z.array(z.looseObject({})),
});
/** `POST /incidents/{incidentId}/verification-requests` (R-VERIFY-20-40). */
/** R-INTAKE: a declared attachment and where to PUT its bytes. */
const attachment = z.looseObject({
  attachmentId: z.string(),
  incidentId: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  status: z.enum(['pending', 'complete', 'rejected']),
});
export const attachmentUploadResponse = z.looseObject({
  attachment,
  uploadUrl: z.string(),
  uploadMethod: z.literal('PUT'),
  uploadHeaders: z.record(z.string(), z.string()),
  uploadExpiresAt: time,
});
export const attachmentResponse = z.looseObject({ attachment });
export const attachmentDownloadResponse = z.looseObject({ attachment, url: z.string(), expiresAt: time });

export const verificationRequestResponse = z.looseObject({ requestId: z.string(), obligations: z.array(obligation) });
/** `POST …/verification-requests/{requestId}/answers` (R-VERIFY-20-40). */
export const verificationAnswerResponse = z.looseObject({ answer: z.looseObject({}), obligation });
/** `POST /incidents/{incidentId}/instructions` (R-INSTRUCTION-12H). */
export const instructionResponse = z.looseObject({ instructionId: z.string(), obligation });
/** `POST …/instructions/{instructionId}/feedback` (R-INSTRUCTION-12H). */
export const instructionFeedbackResponse = z.looseObject({ feedback: z.looseObject({}), obligation });
/** A spot check with its result (R-SPOTCHECK). */
export const spotCheckResponse = spotCheck;
/** `GET /spot-checks`: the unanswered ones, with the server's time and the drill speed for countdowns (R-SPOTCHECK). */
export const spotCheckListResponse = z.looseObject({
  now: time,
  drillSpeed: z.number(),
  spotChecks: z.array(spotCheck),
});
/** `GET /evaluations` (R-EVAL). */
export const evaluationResponse = z.looseObject({
  from: time,
  to: time,
  units: z.array(z.looseObject({ unitId: z.string() })),
  months: z.array(z.looseObject({})),
});
/** `GET /openapi.json`: this document. */
export const openApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({}),
  paths: z.looseObject({}),
});

const shiftResponse = z.looseObject({
  shiftId: z.string(),
  unitId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  dutyOfficerContactId: z.string(),
  shiftLeaderContactId: z.string(),
});
/** Issue 15: a unit's roster for a period, with its gaps and overlapping shifts. */
export const rosterResponse = z.looseObject({
  unitId: z.string(),
  from: z.string(),
  to: z.string(),
  shifts: z.array(shiftResponse),
  overrides: z.optional(z.array(z.looseObject({ overrideId: z.string(), role: z.string(), contactId: z.string() }))),
  gaps: z.optional(z.array(z.looseObject({ startsAt: z.string(), endsAt: z.string() }))),
  overlaps: z.optional(z.array(z.array(z.string()))),
});
/** Issue 15: a swap or a stand-in, as recorded. */
export const rosterOverrideResponse = z.looseObject({
  overrideId: z.string(),
  unitId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  role: z.string(),
  contactId: z.string(),
  createdAt: z.string(),
});
/** Issue 15: who is on duty at a moment, and whom each role's message would reach then. */
export const onDutyResponse = z.looseObject({
  unitId: z.string(),
  at: z.string(),
  rostered: z.boolean(),
  reaches: z.looseObject({ dutyContact: z.array(z.looseObject({})), leader: z.array(z.looseObject({})) }),
});
