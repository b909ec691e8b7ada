import { makeHandler } from '../../functions/api/not-found';
import { httpEvent } from '../support/http-events';
import { context } from '../support/lambda-context';

describe('the API catch-all route', () => {
  it("answers what no route matches with the API's own 404: problem+json, nosniff, without a token", async () => {
    const response = await makeHandler()(
      httpEvent({ method: 'DELETE', path: '/incidents/INC-1', caller: null }),
      context,
    );
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(response.body!)).toMatchObject({
      status: 404,
      title: 'Not found',
      detail: 'No route for DELETE /incidents/INC-1',
    });
  });
});
