import {
  AlreadyAnsweredError,
  ConfigurationError,
  DirectoryChangeRefusedError,
  DirectoryConflictError,
  DocumentNotFoundError,
  EscalationDeliveryError,
  EscalationStepNotReceivedError,
  ForbiddenError,
  IncidentBusyError,
  IncidentClosedError,
  IncidentNotFoundError,
  InvalidRequestError,
  InvalidSignatureError,
  MissingElementsError,
  ObligationNotFoundError,
  ObligationTransitionError,
  ReportingError,
  RouteNotFoundError,
  UnauthenticatedError,
  UnknownReferenceError,
  UnknownUnitError,
  UnpublishableMessageError,
} from '../../functions/domain/errors';

const cause = new Error('throttled');
// Each error, its name and its message (the HTTP status and title are shared/http.ts's:
// test/handlers/http-problems.test.ts).
const cases: [ReportingError, string, string][] = [
  [new ReportingError('short and stout'), 'ReportingError', 'short and stout'],
  [
    new InvalidRequestError([
      { field: 'severity', message: 'x' },
      { field: 'casualties.injured', message: 'y' },
    ]),
    'InvalidRequestError',
    'Invalid fields: severity, casualties.injured',
  ],
  [
    new UnknownReferenceError([
      { field: 'category', message: 'No category "x"' },
      { field: 'unitId', message: 'No unit "y"' },
    ]),
    'UnknownReferenceError',
    'No category "x"; No unit "y"',
  ],
  [
    new UnknownUnitError('gaosheng-zon'),
    'UnknownUnitError',
    'No unit "gaosheng-zon" in the directory (see GET /units)',
  ],
  [new IncidentNotFoundError('INC-1'), 'IncidentNotFoundError', 'No incident "INC-1"'],
  [new ObligationTransitionError('already met'), 'ObligationTransitionError', 'already met'],
  [new ConfigurationError('no TABLE_NAME', { cause }), 'ConfigurationError', 'no TABLE_NAME'],
  [new EscalationDeliveryError('2 of 4 not sent', { cause }), 'EscalationDeliveryError', '2 of 4 not sent'],
  [new UnpublishableMessageError('opted out', { cause }), 'UnpublishableMessageError', 'opted out'],
  [new RouteNotFoundError('GET', `/${'x'.repeat(300)}`), 'RouteNotFoundError', `No route for GET /${'x'.repeat(199)}`],
  [
    new ObligationNotFoundError('INC-1', 'written-report'),
    'ObligationNotFoundError',
    'No obligation "written-report" on incident "INC-1"',
  ],
  [
    new IncidentClosedError('INC-1', '2026-11-28T01:00:00.000Z'),
    'IncidentClosedError',
    'Incident "INC-1" was closed by its final report at 2026-11-28T01:00:00.000Z; nothing more can be filed on it',
  ],
  [
    new IncidentClosedError('INC-1'),
    'IncidentClosedError',
    'Incident "INC-1" was closed by its final report; nothing more can be filed on it',
  ],
  [
    new IncidentBusyError('INC-1', 'a follow-up is being filed'),
    'IncidentBusyError',
    'Incident "INC-1" cannot be closed yet: a follow-up is being filed',
  ],
  [
    new DocumentNotFoundError('Verification request', 'VRQ-1'),
    'DocumentNotFoundError',
    'No verification request "VRQ-1"',
  ],
  [new AlreadyAnsweredError('answered at 00:10'), 'AlreadyAnsweredError', 'answered at 00:10'],
  [
    new MissingElementsError([
      { field: 'cause', message: 'x' },
      { field: 'trend', message: 'y' },
    ]),
    'MissingElementsError',
    'A final report must have every element; missing: cause, trend',
  ],
  [new InvalidSignatureError(), 'InvalidSignatureError', 'This acknowledgement link is not valid for that contact'],
  [new UnauthenticatedError(), 'UnauthenticatedError', 'Send Authorization: Bearer <token>'],
  [new UnauthenticatedError('expired'), 'UnauthenticatedError', 'expired'],
  [new ForbiddenError('not yours'), 'ForbiddenError', 'not yours'],
  [
    new EscalationStepNotReceivedError('written-report', 1, 'gaosheng-zone'),
    'EscalationStepNotReceivedError',
    'Escalation step 1 of obligation "written-report" was not sent to any contact of unit "gaosheng-zone"',
  ],
  [
    new DirectoryChangeRefusedError([{ field: 'parentUnitId', message: 'A unit cannot be its own parent' }]),
    'DirectoryChangeRefusedError',
    'A unit cannot be its own parent',
  ],
  [new DirectoryConflictError('Unit "x" already exists'), 'DirectoryConflictError', 'Unit "x" already exists'],
];

describe('errors of the reporting domain', () => {
  it.each(cases.map((entry) => [entry[1], ...entry] as const))(
    '%s says what went wrong, and names itself with a literal (the state machines match error.name)',
    (_name, error, name, message) => {
      // Assess
      expect(error).toBeInstanceOf(ReportingError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.name).toBe(error.constructor.name);
      expect('status' in error || 'title' in error).toBe(false);
      expect(error.message).toBe(message);
    },
  );

  it('R-ELEMENTS: the errors that name fields keep every field problem, and a cause is kept', () => {
    // Prepare
    const problems = [{ field: 'cause', message: '缺少事件性质和原因' }];
    // Act, Assess
    expect(new MissingElementsError(problems).fieldProblems).toEqual(problems);
    expect(new InvalidRequestError(problems).fieldProblems).toEqual(problems);
    expect(new UnknownUnitError('x').fieldProblems).toEqual([
      { field: 'unitId', message: 'No unit "x" in the directory (see GET /units)' },
    ]);
    expect(new EscalationDeliveryError('x', { cause }).cause).toBe(cause);
    expect(new InvalidRequestError(problems, { cause }).cause).toBe(cause);
  });
});
