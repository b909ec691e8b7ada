import {
  AlreadyAnsweredError, ConfigurationError, DocumentNotFoundError, EscalationDeliveryError, ForbiddenError, IncidentClosedError, IncidentNotFoundError, InvalidRequestError,
  InvalidSignatureError, MissingElementsError, ObligationNotFoundError, ObligationTransitionError, ReportingError, RouteNotFoundError, UnauthenticatedError, UnknownReferenceError,
  UnknownUnitError, UnpublishableMessageError,
} from '../../functions/domain/errors';

const cause = new Error('throttled');
// Each error, the status and problem title the API answers with (README "Security model", R-LIFECYCLE, R-ELEMENTS), and its message.
const cases: [ReportingError, string, number, string, string][] = [
  [new ReportingError(418, 'Teapot', 'short and stout'), 'ReportingError', 418, 'Teapot', 'short and stout'],
  [new InvalidRequestError([{ field: 'severity', message: 'x' }, { field: 'casualties.injured', message: 'y' }]), 'InvalidRequestError', 400, 'Invalid request', 'Invalid fields: severity, casualties.injured'],
  [new UnknownReferenceError([{ field: 'category', message: 'No category "x"' }, { field: 'unitId', message: 'No unit "y"' }]), 'UnknownReferenceError', 422, 'Unknown reference', 'No category "x"; No unit "y"'],
  [new UnknownUnitError('gaosheng-zon'), 'UnknownUnitError', 422, 'Unknown reference', 'No unit "gaosheng-zon" in the directory (see GET /units)'],
  [new IncidentNotFoundError('INC-1'), 'IncidentNotFoundError', 404, 'Incident not found', 'No incident "INC-1"'],
  [new ObligationTransitionError('already met'), 'ObligationTransitionError', 409, 'Obligation already settled', 'already met'],
  [new ConfigurationError('no TABLE_NAME', { cause }), 'ConfigurationError', 500, 'Configuration error', 'no TABLE_NAME'],
  [new EscalationDeliveryError('2 of 4 not sent', { cause }), 'EscalationDeliveryError', 502, 'Escalation not delivered', '2 of 4 not sent'],
  [new UnpublishableMessageError('opted out', { cause }), 'UnpublishableMessageError', 502, 'Message cannot be sent', 'opted out'],
  [new RouteNotFoundError('GET', `/${'x'.repeat(300)}`), 'RouteNotFoundError', 404, 'Not found', `No route for GET /${'x'.repeat(199)}`],
  [new ObligationNotFoundError('INC-1', 'written-report'), 'ObligationNotFoundError', 404, 'Obligation not found', 'No obligation "written-report" on incident "INC-1"'],
  [new IncidentClosedError('INC-1', '2026-11-28T01:00:00.000Z'), 'IncidentClosedError', 409, 'Incident closed', 'Incident "INC-1" was closed by its final report at 2026-11-28T01:00:00.000Z; nothing more can be filed on it'],
  [new IncidentClosedError('INC-1'), 'IncidentClosedError', 409, 'Incident closed', 'Incident "INC-1" was closed by its final report; nothing more can be filed on it'],
  [new IncidentClosedError('INC-1', undefined, 'a follow-up is being filed'), 'IncidentClosedError', 409, 'Incident busy', 'Incident "INC-1" cannot be closed yet: a follow-up is being filed'],
  [new DocumentNotFoundError('Verification request', 'VRQ-1'), 'DocumentNotFoundError', 404, 'Verification request not found', 'No verification request "VRQ-1"'],
  [new AlreadyAnsweredError('answered at 00:10'), 'AlreadyAnsweredError', 409, 'Already answered', 'answered at 00:10'],
  [new MissingElementsError([{ field: 'cause', message: 'x' }, { field: 'trend', message: 'y' }]), 'MissingElementsError', 422, 'Report elements missing', 'A final report must have every element; missing: cause, trend'],
  [new InvalidSignatureError(), 'InvalidSignatureError', 403, 'Invalid signature', 'This acknowledgement link is not valid for that contact'],
  [new UnauthenticatedError(), 'UnauthenticatedError', 401, 'Unauthenticated', 'Send Authorization: Bearer <token>'],
  [new UnauthenticatedError('expired'), 'UnauthenticatedError', 401, 'Unauthenticated', 'expired'],
  [new ForbiddenError('not yours'), 'ForbiddenError', 403, 'Forbidden', 'not yours'],
];

describe('errors of the reporting domain', () => {
  it.each(cases.map((entry) => [entry[1], entry[2], ...entry] as const))('%s answers %i with its title and message, and names itself with a literal (the state machines match error.name)', (_name, _status, error, name, status, title, message) => {
    // Assess
    expect(error).toBeInstanceOf(ReportingError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.name).toBe(error.constructor.name);
    expect(error.status).toBe(status);
    expect(error.title).toBe(title);
    expect(error.message).toBe(message);
  });

  it('R-ELEMENTS: the errors that name fields keep every field problem, and a cause is kept', () => {
    // Prepare
    const problems = [{ field: 'cause', message: '缺少事件性质和原因' }];
    // Act, Assess
    expect(new MissingElementsError(problems).fieldProblems).toEqual(problems);
    expect(new InvalidRequestError(problems).fieldProblems).toEqual(problems);
    expect(new UnknownUnitError('x').fieldProblems).toEqual([{ field: 'unitId', message: 'No unit "x" in the directory (see GET /units)' }]);
    expect(new EscalationDeliveryError('x', { cause }).cause).toBe(cause);
    expect(new InvalidRequestError(problems, { cause }).cause).toBe(cause);
  });
});
