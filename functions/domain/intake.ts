import type { NewAuditEvent } from './audit-chain';
import type { Unit } from './directory';
import {
  newDocumentId,
  newIncidentId,
  newReportId,
  type Casualties,
  type FirstReportChannel,
  type Incident,
  type IncidentSource,
  type Report,
  type Reporter,
  type Severity,
  type VerificationRequest,
} from './incident';
import {
  deadlineFor,
  obligationOpenedEvent,
  openObligation,
  verificationObligations,
  type Obligation,
} from './obligations';
import type { ReportingPolicy } from './policy';

/** A first report as the API received it (R-INTAKE), its unit and category already checked. */
export interface FirstReport {
  title: string;
  severity: Severity;
  occurredAt: string;
  location: string;
  channel: FirstReportChannel;
  summary?: string;
  casualties?: Casualties;
  reporter: Reporter;
  source: IncidentSource;
  mediaSource?: string;
  /**
   * R-WRITTEN-30: when the phone call that made this first report came, if it came before this record of it (a call
   * logged afterwards, or a unit filing what it already phoned in).
   */
  phonedAt?: string;
}

export interface IntakeInput {
  report: FirstReport;
  unit: Unit;
  category: { categoryId: string; incidentClassId: string };
  actor: string;
  /** When the first report was received: the request's pinned clock. */
  receivedAt: Date;
  /** R-EVAL: the county duty office logs this report (its record of a call's time is the office's own). */
  loggedByDutyOffice?: boolean;
  /** Every ID derives from it, so a request run again after a crash names the same incident. */
  seed: string;
  policy: ReportingPolicy;
  drillSpeed: number;
}

/** Everything a first report creates, and the events that record it, in chain order. */
export interface Intake {
  incident: Incident;
  report: Report;
  obligations: Obligation[];
  verificationRequests: VerificationRequest[];
  events: NewAuditEvent[];
}

/**
 * R-WRITTEN-30: the moment the phone call came, when the report says one came before it was recorded; never later
 * than the record (a call time cannot buy a unit more time).
 */
export function phoneCallTime(report: Pick<FirstReport, 'channel' | 'phonedAt'>, receivedAt: Date): Date | undefined {
  if (report.channel !== 'phone' || report.phonedAt === undefined) return undefined;
  const calledAt = new Date(report.phonedAt);
  return calledAt.getTime() < receivedAt.getTime() ? calledAt : undefined;
}

/**
 * R-INTAKE: what a first report creates. The incident (a phone report stays unverified until
 * the written one), the first report, and the obligations it opens: a phone report from the
 * unit owes the written report in 30 minutes (R-WRITTEN-30); an item the duty office found in
 * the media opens a verification request and its phone answer on the unit at once (R-MEDIA).
 * Pure and deterministic in its input: the same input gives the same IDs, items and events.
 */
export function firstReportIntake(input: IntakeInput): Intake {
  const { report: request, unit, category, actor, receivedAt, seed, policy, drillSpeed } = input;
  const incidentId = newIncidentId(receivedAt, seed);
  const phonedAt = phoneCallTime(request, receivedAt);
  const fromMedia = request.source === 'media';
  const at = receivedAt.toISOString();
  const incident: Incident = {
    incidentId,
    unitId: unit.unitId,
    title: request.title,
    category: category.categoryId,
    incidentClass: category.incidentClassId,
    severity: request.severity,
    occurredAt: new Date(request.occurredAt).toISOString(),
    location: request.location,
    receivedAt: at,
    status: 'open',
    source: request.source,
    ...(request.mediaSource ? { mediaSource: request.mediaSource } : {}),
    ...(phonedAt
      ? { phonedAt: phonedAt.toISOString(), phonedAtLoggedBy: input.loggedByDutyOffice ? 'duty-office' : 'unit' }
      : {}),
    verified: request.channel !== 'phone' && !fromMedia,
    firstReportChannel: request.channel,
    summary: request.summary,
    casualties: request.casualties,
    reporter: request.reporter,
  };
  const firstReport: Report = {
    incidentId,
    reportId: newReportId(seed),
    kind: 'first',
    channel: request.channel,
    unitId: unit.unitId,
    receivedAt: at,
    summary: request.summary ?? request.title,
    location: request.location,
    casualties: request.casualties,
    reporter: request.reporter,
  };
  const obligations: Obligation[] = [];
  // R-WRITTEN-30: only a phone first report from the unit owes a written one, due 30 minutes after the call (which may
  // have come before this record of it).
  if (request.channel === 'phone' && !fromMedia) {
    const calledAt = phonedAt ?? receivedAt;
    obligations.push(
      openObligation({
        incidentId,
        obligationId: 'written-report',
        kind: 'written-report',
        unit,
        openedAt: calledAt,
        now: receivedAt,
        dueAt: deadlineFor('written-report', calledAt, policy, drillSpeed),
        policy,
        drillSpeed,
      }),
    );
  }
  const verificationRequests: VerificationRequest[] = fromMedia
    ? [
        {
          incidentId,
          requestId: newDocumentId('VRQ', seed),
          question: `核实媒体/网络信息：${request.mediaSource}`,
          writtenAnswerRequired: false,
          requestedAt: at,
          requestedBy: actor,
          origin: 'media',
        },
      ]
    : [];
  for (const mediaRequest of verificationRequests)
    obligations.push(...verificationObligations(mediaRequest, unit, policy, drillSpeed, receivedAt));
  const events: NewAuditEvent[] = [
    {
      incidentId,
      at,
      type: 'incident-reported',
      actor,
      unitId: unit.unitId,
      detail: {
        reportId: firstReport.reportId,
        channel: request.channel,
        severity: request.severity,
        category: incident.category,
        source: request.source,
      },
    },
    ...verificationRequests.map((mediaRequest): NewAuditEvent => ({
      incidentId,
      at,
      type: 'verification-requested',
      actor,
      unitId: unit.unitId,
      detail: { requestId: mediaRequest.requestId, origin: 'media', mediaSource: request.mediaSource },
    })),
    ...obligations.map((obligation) => obligationOpenedEvent(obligation, 'system:deadline-watch', receivedAt)),
  ];
  return { incident, report: firstReport, obligations, verificationRequests, events };
}
