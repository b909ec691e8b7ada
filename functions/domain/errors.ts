/**
 * Errors of the reporting domain. One base class, one subclass per kind of failure, each
 * carrying the HTTP status the API answers with and, where there is one, the `cause`. Every class
 * names itself with a literal: the Lambda bundles are minified, which renames classes, and Lambda
 * reports `errorType` from `error.name` — the name the state machines' `Retry` and `Catch` match.
 *
 * @example
 * ```ts
 * throw new UnknownUnitError('gaosheng-zon');
 * // → 422 application/problem+json naming the field `unitId`
 * ```
 */
export class ReportingError extends Error {
  public override name = 'ReportingError';

  /** HTTP status the API answers with. */
  public readonly status: number;
  /** Short, stable problem title (RFC 9457 `title`). */
  public readonly title: string;

  public constructor(status: number, title: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.title = title;
  }
}

/** One bad field of a request, named by its JSON path (`casualties.injured`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A request whose fields are missing or malformed: 400, each bad field named. */
export class InvalidRequestError extends ReportingError {
  public override readonly name: string = 'InvalidRequestError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(400, 'Invalid request', `Invalid fields: ${fieldProblems.map((p) => p.field).join(', ')}`, options);
    this.fieldProblems = fieldProblems;
  }
}

/** A well-formed request that names things the directory does not know: 422. */
export class UnknownReferenceError extends ReportingError {
  public override readonly name: string = 'UnknownReferenceError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[]) {
    super(422, 'Unknown reference', fieldProblems.map((p) => p.message).join('; '));
    this.fieldProblems = fieldProblems;
  }
}

/** The `unitId` of a report is not in the directory of units. */
export class UnknownUnitError extends UnknownReferenceError {
  public override readonly name: string = 'UnknownUnitError';

  public constructor(unitId: string) {
    super([{ field: 'unitId', message: `No unit "${unitId}" in the directory (see GET /units)` }]);
  }
}

/** No incident with that ID. */
export class IncidentNotFoundError extends ReportingError {
  public override readonly name: string = 'IncidentNotFoundError';

  public constructor(incidentId: string) {
    super(404, 'Incident not found', `No incident "${incidentId}"`);
  }
}

/** An obligation moved in a way its lifecycle forbids (e.g. settling a settled one). */
export class ObligationTransitionError extends ReportingError {
  public override readonly name: string = 'ObligationTransitionError';

  public constructor(message: string) {
    super(409, 'Obligation already settled', message);
  }
}

/** A required setting (environment variable or configuration entry) is missing or malformed. */
export class ConfigurationError extends ReportingError {
  public override readonly name: string = 'ConfigurationError';

  public constructor(message: string, options?: ErrorOptions) {
    super(500, 'Configuration error', message, options);
  }
}

/** Some messages of an escalation step could not be handed to SNS; the step is retried. */
export class EscalationDeliveryError extends ReportingError {
  public override readonly name: string = 'EscalationDeliveryError';

  public constructor(message: string, options?: ErrorOptions) {
    super(502, 'Escalation not delivered', message, options);
  }
}

/**
 * R-LADDER: the provider refused one message for good — the message itself (a number it will not
 * send to, text it cannot carry), not the provider's state. Retrying cannot help: it is recorded
 * as failed, the operators are told, and the other recipients and channels still get theirs.
 */
export class UnpublishableMessageError extends ReportingError {
  public override readonly name: string = 'UnpublishableMessageError';

  public constructor(message: string, options?: ErrorOptions) {
    super(502, 'Message cannot be sent', message, options);
  }
}

/** No route of the API matches the request. */
export class RouteNotFoundError extends ReportingError {
  public override readonly name: string = 'RouteNotFoundError';

  public constructor(method: string, path: string) {
    super(404, 'Not found', `No route for ${method} ${path.slice(0, 200)}`);
  }
}

/** The workflow asked about an obligation the table does not have. */
export class ObligationNotFoundError extends ReportingError {
  public override readonly name: string = 'ObligationNotFoundError';

  public constructor(incidentId: string, obligationId: string) {
    super(404, 'Obligation not found', `No obligation "${obligationId}" on incident "${incidentId}"`);
  }
}

/** R-LIFECYCLE: the incident was closed by its final report; nothing more is filed on it. */
export class IncidentClosedError extends ReportingError {
  public override readonly name: string = 'IncidentClosedError';

  public constructor(incidentId: string, closedAt?: string, busy?: string) {
    super(
      409,
      busy ? 'Incident busy' : 'Incident closed',
      busy ? `Incident "${incidentId}" cannot be closed yet: ${busy}` : `Incident "${incidentId}" was closed by its final report${closedAt ? ` at ${closedAt}` : ''}; nothing more can be filed on it`,
    );
  }
}

/** The verification request, instruction, spot check or acknowledgement code named in the path does not exist. */
export class DocumentNotFoundError extends ReportingError {
  public override readonly name: string = 'DocumentNotFoundError';

  public constructor(what: string, id: string) {
    super(404, `${what} not found`, `No ${what.toLowerCase()} "${id}"`);
  }
}

/** The obligation this document answers was already met or filed late: 409, nothing written. */
export class AlreadyAnsweredError extends ReportingError {
  public override readonly name: string = 'AlreadyAnsweredError';

  public constructor(message: string) {
    super(409, 'Already answered', message);
  }
}

/**
 * R-ELEMENTS: a final report that lacks required elements is rejected (422), naming each one.
 */
export class MissingElementsError extends ReportingError {
  public override readonly name: string = 'MissingElementsError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[]) {
    super(422, 'Report elements missing', `A final report must have every element; missing: ${fieldProblems.map((p) => p.field).join(', ')}`);
    this.fieldProblems = fieldProblems;
  }
}

/** An acknowledgement link whose signature does not match: 403, nothing recorded. */
export class InvalidSignatureError extends ReportingError {
  public override readonly name: string = 'InvalidSignatureError';

  public constructor() {
    super(403, 'Invalid signature', 'This acknowledgement link is not valid for that contact');
  }
}

/** No valid bearer token: 401. In AWS the JWT authorizer answers first; this is the handler's own check. */
export class UnauthenticatedError extends ReportingError {
  public override readonly name: string = 'UnauthenticatedError';

  public constructor(message = 'Send Authorization: Bearer <token>') {
    super(401, 'Unauthenticated', message);
  }
}

/** A valid token whose role or unit may not do this: 403, nothing written. */
export class ForbiddenError extends ReportingError {
  public override readonly name: string = 'ForbiddenError';

  public constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}
