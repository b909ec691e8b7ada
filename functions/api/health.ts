import { json } from '../shared/http';
import { publicHttpEndpoint } from './endpoint';

/** `GET /health` — answers 200 while the function can run. */
export function makeHandler(deps: { now: () => Date }) {
  return publicHttpEndpoint(async () => json(200, { status: 'ok', time: deps.now().toISOString() }), {
    jsonBody: false,
  });
}

export const handler = makeHandler({ now: () => new Date() });
