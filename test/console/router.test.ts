// The routes as the console declares them (console/src/router.ts `Route`), written out here: importing even its type
// would type-check router.ts under the root tsconfig, which has no DOM (its `window` and `location`).
type Route =
  | { name: 'board' }
  | { name: 'evaluation' }
  | { name: 'incident'; incidentId: string; obligationId?: string }
  | { name: 'intake-phone' }
  | { name: 'intake-media' }
  | { name: 'report-print'; incidentId: string; reportId: string }
  | { name: 'directory' }
  | { name: 'directory-unit'; unitId: string };

// console/src/router.ts reads the browser's location at load, and keeps the page in a signal: the little of both the
// router touches, stood in for (preact ships ESM only, which jest's CommonJS cannot load here).
jest.mock('@preact/signals', () => ({ signal: <T>(value: T) => ({ value }) }));
Object.assign(globalThis, { location: { hash: '' }, window: { addEventListener: () => undefined } });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stand-ins above exist
const { hrefOf, parseRoute } = require('../../console/src/router') as {
  hrefOf: (route: Route) => string;
  parseRoute: (hash: string) => Route;
};

// Issue 14 — duty office: every page has its own address, and reading an address gives back the page it came from.
describe('console routes (R-INTAKE, R-MEDIA, R-ELEMENTS pages)', () => {
  const routes: Route[] = [
    { name: 'board' },
    { name: 'evaluation' },
    { name: 'incident', incidentId: 'INC-20261202-X33P5H' },
    { name: 'incident', incidentId: 'INC-20261202-X33P5H', obligationId: 'written-report' },
    { name: 'intake-phone' },
    { name: 'intake-media' },
    { name: 'report-print', incidentId: 'INC-20261202-X33P5H', reportId: 'RPT-RP9QBKTP07' },
    // Issue 15: the directory and one unit's page.
    { name: 'directory' },
    { name: 'directory-unit', unitId: 'gaosheng-zone' },
  ];

  it.each(routes.map((route) => [hrefOf(route), route] as const))('%s reads back as its route', (href, route) => {
    expect(parseRoute(href)).toEqual(route);
  });

  it('names the new pages as the README does', () => {
    expect(hrefOf({ name: 'intake-phone' })).toBe('#/intake/phone');
    expect(hrefOf({ name: 'intake-media' })).toBe('#/intake/media');
    expect(hrefOf({ name: 'report-print', incidentId: 'INC-1', reportId: 'RPT-1' })).toBe(
      '#/incidents/INC-1/reports/RPT-1/print',
    );
  });

  it('an address that is almost one of the new pages is the board, not a guess', () => {
    for (const href of [
      '#/intake',
      '#/intake/sms',
      '#/incidents/INC-1/reports',
      '#/incidents/INC-1/reports/RPT-1/print/x',
      '#/directory/gaosheng-zone/contacts',
    ])
      expect(parseRoute(href)).toEqual({ name: 'board' });
  });
});
