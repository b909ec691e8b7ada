import * as errors from '../../functions/domain/errors';
import { publicHttpEndpoint } from '../../functions/api/endpoint';
import { httpEvent } from '../support/http-events';
import { context } from '../support/lambda-context';

type ErrorClass = new (...args: never[]) => Error;

/** One instance of each error class, whatever its constructor takes. */
function instanceOf(ErrorClass: ErrorClass): Error {
  for (const args of [['x', 'x', 'x'], [[{ field: 'f', message: 'm' }]], []]) {
    try {
      const error = new ErrorClass(...(args as never[]));
      if (!/undefined|\[object/.test(error.message)) return error;
    } catch {
      // another constructor shape
    }
  }
  throw new Error(`cannot construct ${ErrorClass.name}`);
}

/** What the API answers when an endpoint throws `error`. */
async function answerTo(
  error: Error,
): Promise<{ statusCode: number; body: { status: number; title: string; detail: string; errors?: unknown[] } }> {
  const handler = publicHttpEndpoint(
    async () => {
      throw error;
    },
    { jsonBody: false },
  );
  const response = await handler(httpEvent({ method: 'GET', path: '/x', caller: null }), context);
  return { statusCode: response.statusCode!, body: JSON.parse(response.body!) };
}

describe('shared/http: the HTTP answer of each domain error is decided in one place', () => {
  // The domain says what went wrong; the API maps it. A fault (store, SDK, configuration) is a 500 that leaks nothing.
  const expected: Record<string, number> = {
    ReportingError: 500,
    InvalidRequestError: 400,
    RequestTooLargeError: 413,
    UnknownReferenceError: 422,
    UnknownUnitError: 422,
    IncidentNotFoundError: 404,
    ObligationTransitionError: 409,
    ConfigurationError: 500,
    StoreError: 500,
    WorkflowError: 500,
    MessageNotPublishedError: 500,
    EscalationDeliveryError: 500,
    UnpublishableMessageError: 500,
    RouteNotFoundError: 404,
    ObligationNotFoundError: 404,
    EscalationStepNotReceivedError: 409,
    DirectoryConflictError: 409,
    DirectoryChangeRefusedError: 422,
    IncidentClosedError: 409,
    IncidentBusyError: 409,
    DocumentNotFoundError: 404,
    AlreadyAnsweredError: 409,
    MissingElementsError: 422,
    AttachmentRefusedError: 422,
    AttachmentContentMismatchError: 422,
    InvalidSignatureError: 403,
    UnauthenticatedError: 401,
    ForbiddenError: 403,
  };

  it('every error class of functions/domain/errors.ts has its status here: a new one cannot be added without deciding it', () => {
    // Prepare
    const classes = Object.entries(errors)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    // Assess
    expect(classes.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))(
    '%s answers %i (problem+json; a 500 says nothing of the fault)',
    async (name, status) => {
      // Prepare
      const error = instanceOf((errors as unknown as Record<string, ErrorClass>)[name]);
      // Act
      const { statusCode, body } = await answerTo(error);
      // Assess
      expect([statusCode, body.status]).toEqual([status, status]);
      if (status === 500)
        expect(body).toMatchObject({ title: 'Internal error', detail: expect.not.stringContaining(error.message) });
      else expect(body.detail).toBe(error.message);
    },
  );

  it('the domain errors carry no HTTP status: nothing but shared/http.ts decides one', () => {
    // Act
    const withStatus = (Object.values(errors) as unknown[])
      .filter((value): value is ErrorClass => typeof value === 'function')
      .map((ErrorClass) => instanceOf(ErrorClass))
      .filter((error) => 'status' in error || 'statusCode' in error);
    // Assess
    expect(withStatus).toEqual([]);
  });

  it('R-LIFECYCLE: a document not found names what was looked for in its title', async () => {
    // Act
    const { body } = await answerTo(new errors.DocumentNotFoundError('Verification request', 'VR-1'));
    // Assess
    expect(body).toMatchObject({
      status: 404,
      title: 'Verification request not found',
      detail: 'No verification request "VR-1"',
    });
  });
});
