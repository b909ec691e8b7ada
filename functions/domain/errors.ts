/**
 * Errors of the reporting domain. One base class, one subclass per kind of failure; each takes
 * `ErrorOptions`, so a wrapped SDK or store failure keeps its `cause`. They say what went wrong in
 * the domain's words and nothing about HTTP: `functions/shared/http.ts` maps each kind onto its
 * status and problem title. Every class names itself with a literal: the Lambda bundles are
 * minified, which renames classes, and Lambda reports `errorType` from `error.name` — the name the
 * state machines' `Retry` and `Catch` match.
 *
 * @example
 * ```ts
 * throw new UnknownUnitError('gaosheng-zon');
 * // → 422 application/problem+json naming the field `unitId` (shared/http.ts)
 * ```
 */
export class ReportingError extends Error {
  public override name = 'ReportingError';
}

/** One bad field of a request, named by its JSON path (`casualties.injured`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A request whose fields are missing or malformed, each bad field named. */
export class InvalidRequestError extends ReportingError {
  public override readonly name: string = 'InvalidRequestError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(`Invalid fields: ${fieldProblems.map((p) => p.field).join(', ')}`, options);
    this.fieldProblems = fieldProblems;
  }
}

/** A request body larger than the API takes, refused before anything parses it. */
export class RequestTooLargeError extends ReportingError {
  public override readonly name: string = 'RequestTooLargeError';

  public constructor(sizeBytes: number, maxBytes: number, options?: ErrorOptions) {
    super(`The body is ${sizeBytes} bytes; the limit is ${maxBytes} bytes`, options);
  }
}

/** A well-formed request that names things the directory does not know. */
export class UnknownReferenceError extends ReportingError {
  public override readonly name: string = 'UnknownReferenceError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(fieldProblems.map((p) => p.message).join('; '), options);
    this.fieldProblems = fieldProblems;
  }
}

/** The `unitId` of a report is not in the directory of units. */
export class UnknownUnitError extends UnknownReferenceError {
  public override readonly name: string = 'UnknownUnitError';

  public constructor(unitId: string, options?: ErrorOptions) {
    super([{ field: 'unitId', message: `No unit "${unitId}" in the directory (see GET /units)` }], options);
  }
}

/** No incident with that ID (or none the caller may see: the two are not told apart). */
export class IncidentNotFoundError extends ReportingError {
  public override readonly name: string = 'IncidentNotFoundError';

  public constructor(incidentId: string, options?: ErrorOptions) {
    super(`No incident "${incidentId}"`, options);
  }
}

/** An obligation moved in a way its lifecycle forbids (e.g. settling a settled one). */
export class ObligationTransitionError extends ReportingError {
  public override readonly name: string = 'ObligationTransitionError';
}

/** A required setting (environment variable, `policy.json`, the directory) is missing or malformed. */
export class ConfigurationError extends ReportingError {
  public override readonly name: string = 'ConfigurationError';
}

/** The table refused or lost a write the service could not complete after its retries; `cause` says why. */
export class StoreError extends ReportingError {
  public override readonly name: string = 'StoreError';
}

/** Step Functions did not start or stop a watch (throttled, unavailable); `cause` is the SDK's error. */
export class WorkflowError extends ReportingError {
  public override readonly name: string = 'WorkflowError';
}

/**
 * The provider did not take one message now (throttled, unavailable) — worth retrying, unlike
 * `UnpublishableMessageError`.
 */
export class MessageNotPublishedError extends ReportingError {
  public override readonly name: string = 'MessageNotPublishedError';
}

/** Some messages of an escalation step could not be handed to SNS; the step is retried. */
export class EscalationDeliveryError extends ReportingError {
  public override readonly name: string = 'EscalationDeliveryError';
}

/**
 * R-LADDER: the provider refused one message for good — the message itself (a number it will not
 * send to, text it cannot carry), not the provider's state. Retrying cannot help: it is recorded
 * as failed, the operators are told, and the other recipients and channels still get theirs.
 */
export class UnpublishableMessageError extends ReportingError {
  public override readonly name: string = 'UnpublishableMessageError';
}

/** No route of the API matches the request. */
export class RouteNotFoundError extends ReportingError {
  public override readonly name: string = 'RouteNotFoundError';

  public constructor(method: string, path: string, options?: ErrorOptions) {
    super(`No route for ${method} ${path.slice(0, 200)}`, options);
  }
}

/** The workflow asked about an obligation the table does not have. */
export class ObligationNotFoundError extends ReportingError {
  public override readonly name: string = 'ObligationNotFoundError';

  public constructor(incidentId: string, obligationId: string, options?: ErrorOptions) {
    super(`No obligation "${obligationId}" on incident "${incidentId}"`, options);
  }
}

/** R-LIFECYCLE: the incident was closed by its final report; nothing more is filed on it. */
export class IncidentClosedError extends ReportingError {
  public override readonly name: string = 'IncidentClosedError';

  public constructor(incidentId: string, closedAt?: string, options?: ErrorOptions) {
    super(
      `Incident "${incidentId}" was closed by its final report${closedAt ? ` at ${closedAt}` : ''}; nothing more can be filed on it`,
      options,
    );
  }
}

/** R-LIFECYCLE: the incident cannot be closed yet (another document is being filed on it); retrying soon will do. */
export class IncidentBusyError extends ReportingError {
  public override readonly name: string = 'IncidentBusyError';

  public constructor(incidentId: string, reason: string, options?: ErrorOptions) {
    super(`Incident "${incidentId}" cannot be closed yet: ${reason}`, options);
  }
}

/** The verification request, instruction, spot check or acknowledgement code named in the path does not exist. */
export class DocumentNotFoundError extends ReportingError {
  public override readonly name: string = 'DocumentNotFoundError';

  /** What was looked for, as a label (`Verification request`). */
  public readonly what: string;

  public constructor(what: string, id: string, options?: ErrorOptions) {
    super(`No ${what.toLowerCase()} "${id}"`, options);
    this.what = what;
  }
}

/** The obligation this document answers was already met or filed late: nothing written. */
export class AlreadyAnsweredError extends ReportingError {
  public override readonly name: string = 'AlreadyAnsweredError';
}

/** R-ELEMENTS: a final report that lacks required elements is rejected, naming each one. */
export class MissingElementsError extends ReportingError {
  public override readonly name: string = 'MissingElementsError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(`A final report must have every element; missing: ${fieldProblems.map((p) => p.field).join(', ')}`, options);
    this.fieldProblems = fieldProblems;
  }
}

/** R-LADDER, issue 14: the unit acknowledges an escalation step that was never sent to any of its contacts. */
export class EscalationStepNotReceivedError extends ReportingError {
  public override readonly name: string = 'EscalationStepNotReceivedError';

  public constructor(obligationId: string, escalationStep: number, unitId: string, options?: ErrorOptions) {
    super(
      `Escalation step ${escalationStep} of obligation "${obligationId}" was not sent to any contact of unit "${unitId}"`,
      options,
    );
  }
}

/** Issue 15: a directory change that would break the directory (a cycle in the unit tree, a contact ID taken, an
 * unknown or deactivated parent), naming each field; nothing written. */
export class DirectoryChangeRefusedError extends ReportingError {
  public override readonly name: string = 'DirectoryChangeRefusedError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(fieldProblems.map((p) => p.message).join('; '), options);
    this.fieldProblems = fieldProblems;
  }
}

/** Issue 15: the change conflicts with what the directory holds (a unit that exists, one with open incidents, a
 * standing contact removed); nothing written. */
export class DirectoryConflictError extends ReportingError {
  public override readonly name: string = 'DirectoryConflictError';
}

/** An acknowledgement link whose signature does not match: nothing recorded. */
export class InvalidSignatureError extends ReportingError {
  public override readonly name: string = 'InvalidSignatureError';

  public constructor(options?: ErrorOptions) {
    super('This acknowledgement link is not valid for that contact', options);
  }
}

/** No valid bearer token. In AWS the JWT authorizer answers first; this is the handler's own check. */
export class UnauthenticatedError extends ReportingError {
  public override readonly name: string = 'UnauthenticatedError';

  public constructor(message = 'Send Authorization: Bearer <token>', options?: ErrorOptions) {
    super(message, options);
  }
}

/** A valid token whose role or unit may not do this: nothing written. */
export class ForbiddenError extends ReportingError {
  public override readonly name: string = 'ForbiddenError';
}

/**
 * R-INTAKE: an attachment the policy's limits refuse — a type not accepted, a size over the limit, more than a document
 * may carry, or one a report names that is not a completed attachment of its incident and unit. Each field named.
 */
export class AttachmentRefusedError extends ReportingError {
  public override readonly name: string = 'AttachmentRefusedError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(`Attachment refused: ${fieldProblems.map((p) => p.field).join(', ')}`, options);
    this.fieldProblems = fieldProblems;
  }
}

/**
 * R-INTAKE, R-AUDIT: the uploaded file is not what was declared — its first bytes are not of its type (a renamed
 * file), or its size or SHA-256 differ. The object is deleted; nothing is recorded but the refusal.
 */
export class AttachmentContentMismatchError extends ReportingError {
  public override readonly name: string = 'AttachmentContentMismatchError';

  public readonly fieldProblems: FieldProblem[];

  public constructor(fieldProblems: FieldProblem[], options?: ErrorOptions) {
    super(
      `The uploaded file does not match what was declared: ${fieldProblems.map((p) => p.field).join(', ')}`,
      options,
    );
    this.fieldProblems = fieldProblems;
  }
}
