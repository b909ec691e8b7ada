import { signal } from '@preact/signals';

/**
 * Where the console is, kept in the URL after `#`: a reload, a link in an e-mail or an SMS, or signing in again after
 * the session expired lands on the same page. Each page of the console is one `Route`.
 */
export type Route =
  | { name: 'board' }
  | { name: 'incident'; incidentId: string; obligationId?: string }
  | { name: 'evaluation' }
  // Issue 14 — duty office: R-INTAKE (a phone first report logged for a unit), R-MEDIA (a media item), and the
  // printable 书面报告 of one report (R-ELEMENTS).
  | { name: 'intake-phone' }
  | { name: 'intake-media' }
  | { name: 'report-print'; incidentId: string; reportId: string }
  // Issue 14 — a reporter's forms without an obligation of their own: a first report (R-INTAKE), a final report
  // (R-LIFECYCLE), a spot check's acknowledgement (R-SPOTCHECK).
  | { name: 'new-report' }
  | { name: 'final-report'; incidentId: string }
  | { name: 'spot-check'; spotCheckId: string }
  // Issue 15 — the directory of units and contacts (admins and the duty office): the list, and one unit's page.
  | { name: 'directory' }
  | { name: 'directory-unit'; unitId: string };

const segment = (value: string) => encodeURIComponent(value);

/** The `#/…` of a route. */
export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'board':
      return '#/';
    case 'evaluation':
      return '#/evaluation';
    case 'incident':
      return `#/incidents/${segment(route.incidentId)}${route.obligationId ? `/obligations/${segment(route.obligationId)}` : ''}`;
    case 'intake-phone':
      return '#/intake/phone';
    case 'intake-media':
      return '#/intake/media';
    case 'report-print':
      return `#/incidents/${segment(route.incidentId)}/reports/${segment(route.reportId)}/print`;
    case 'new-report':
      return '#/new-report';
    case 'final-report':
      return `#/incidents/${segment(route.incidentId)}/final-report`;
    case 'spot-check':
      return `#/spot-checks/${segment(route.spotCheckId)}`;
    case 'directory':
      return '#/directory';
    case 'directory-unit':
      return `#/directory/${segment(route.unitId)}`;
  }
}

/** The route a `#/…` names; anything else is the board. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return '';
      }
    });
  if (parts[0] === 'evaluation' && parts.length === 1) return { name: 'evaluation' };
  if (parts[0] === 'intake' && parts.length === 2 && parts[1] === 'phone') return { name: 'intake-phone' };
  if (parts[0] === 'intake' && parts.length === 2 && parts[1] === 'media') return { name: 'intake-media' };
  if (
    parts[0] === 'incidents' &&
    parts[1] &&
    parts[2] === 'reports' &&
    parts[3] &&
    parts[4] === 'print' &&
    parts.length === 5
  )
    return { name: 'report-print', incidentId: parts[1], reportId: parts[3] };
  if (parts[0] === 'directory' && parts.length === 1) return { name: 'directory' };
  if (parts[0] === 'directory' && parts[1] && parts.length === 2) return { name: 'directory-unit', unitId: parts[1] };
  if (parts[0] === 'new-report' && parts.length === 1) return { name: 'new-report' };
  if (parts[0] === 'spot-checks' && parts[1] && parts.length === 2)
    return { name: 'spot-check', spotCheckId: parts[1] };
  if (parts[0] === 'incidents' && parts[1] && parts[2] === 'final-report' && parts.length === 3)
    return { name: 'final-report', incidentId: parts[1] };
  if (parts[0] === 'incidents' && parts[1] && (parts.length === 2 || (parts[2] === 'obligations' && parts[3])))
    return { name: 'incident', incidentId: parts[1], ...(parts[3] ? { obligationId: parts[3] } : {}) };
  return { name: 'board' };
}

/** The page shown now; follows the URL (back and forward buttons included). */
export const route = signal<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));

export function navigate(next: Route): void {
  location.hash = hrefOf(next);
}
