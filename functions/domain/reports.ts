import { missingElements, REPORT_ELEMENT_FIELDS, REPORT_ELEMENT_NAMES, type ReportElement } from './elements';
import { MissingElementsError } from './errors';
import { newReportId, type Incident, type Report } from './incident';

/** A written, follow-up or final report as the API received it (R-LIFECYCLE). */
export type WrittenReportRequest = Omit<
  Report,
  'incidentId' | 'reportId' | 'kind' | 'channel' | 'unitId' | 'receivedAt' | 'missingElements'
> & { kind: 'written' | 'follow-up' | 'final' };

/**
 * R-ELEMENTS: the elements a report lacks. A written or follow-up report is accepted without them
 * (the response names them); a final report must have every one, so one lacking any is refused
 * (`MissingElementsError`, 422) before anything is written.
 */
export function requireReportElements(
  request: WrittenReportRequest,
  incident: Pick<Incident, 'occurredAt' | 'location' | 'unitId'>,
): ReportElement[] {
  const missing = missingElements(request, incident);
  if (request.kind === 'final' && missing.length > 0) {
    throw new MissingElementsError(
      missing.map((element) => ({
        field: REPORT_ELEMENT_FIELDS[element],
        message: `Missing element: ${REPORT_ELEMENT_NAMES[element]['zh-CN']} (${REPORT_ELEMENT_NAMES[element].en})`,
      })),
    );
  }
  return missing;
}

/**
 * The report filed: received now (the request's pinned clock), its ID from the request's seed, with what it lacks
 * (R-ELEMENTS).
 */
export function writtenReport(input: {
  request: WrittenReportRequest;
  incident: Pick<Incident, 'incidentId' | 'unitId'>;
  missing: ReportElement[];
  receivedAt: Date;
  seed: string;
}): Report {
  const { kind, occurredAt, lateReason, ...elements } = input.request;
  return {
    incidentId: input.incident.incidentId,
    reportId: newReportId(input.seed),
    kind,
    channel: 'written',
    unitId: input.incident.unitId,
    receivedAt: input.receivedAt.toISOString(),
    ...elements,
    ...(occurredAt ? { occurredAt: new Date(occurredAt).toISOString() } : {}),
    lateReason,
    ...(input.missing.length > 0 ? { missingElements: input.missing } : {}),
  };
}

/** The missing elements as the response names them: the element, its field and its name in both languages. */
export function describeElements(elements: ReportElement[]) {
  return elements.map((element) => ({
    element,
    field: REPORT_ELEMENT_FIELDS[element],
    name: REPORT_ELEMENT_NAMES[element],
  }));
}
