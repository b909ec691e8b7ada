import type { Role } from '../domain/access';
import { ConfigurationError } from '../domain/errors';

/**
 * Every route of the HTTP API, in one place: the CDK stack builds one function per route
 * from it (and puts the JWT authorizer on every route that is not public), the local runtime
 * serves the same handlers from it (verifying tokens the same way), and each handler takes its
 * roles from it. The README's "Security model" is this table in words.
 */
export interface ApiRoute {
  /** API Gateway route key, e.g. `POST /incidents/{incidentId}/reports`. */
  routeKey: string;
  /** File in `functions/api/` (without `.ts`) exporting `handler`. */
  handlerFile: string;
  /** What the function may do to the incident table (least privilege). */
  tableAccess: 'none' | 'read' | 'read-write';
  /** Whether it starts executions (incident and obligation watches). */
  startsExecutions: boolean;
  /** Whether it stops executions: the incident's at the final report, an obligation's once its document is in. */
  stopsExecutions?: boolean;
  /** Whether it checks acknowledgement-link signatures (reads the signing-key secret). */
  signsLinks?: boolean;
  /** Whether it sends SMS (the spot check's). */
  sendsMessages?: boolean;
  /** Whether it reads the write-once audit anchors (R-AUDIT verification). */
  readsAuditAnchors?: boolean;
  /**
   * R-INTAKE: what it may do to the attachments bucket (least privilege): `put` signs upload URLs (s3:PutObject),
   * `get` reads an object's size, checksum and first bytes or signs a download (s3:GetObject), `delete` removes an
   * upload that did not match (s3:DeleteObject). Nothing else, on `attachments/*` only.
   */
  attachmentAccess?: readonly ('put' | 'get' | 'delete')[];
  /** Issue 15 item 2: whether it keeps the e-mail topic's subscriptions to the directory (lists, subscribes…). */
  managesEmailSubscriptions?: boolean;
  /** Who may call it: `public` (no token), or the roles whose tokens are accepted. */
  access: 'public' | readonly Role[];
}

const ANY_ROLE = ['reporter', 'duty-officer', 'admin'] as const;
const UNITS_AND_DUTY_OFFICE = ['reporter', 'duty-officer'] as const;
const DUTY_OFFICE = ['duty-officer'] as const;
// R-EVAL: the county emergency office evaluates. (Admins keep the directory and see no incident data: the evaluation
// names incidents.)
const EVALUATORS = ['duty-officer'] as const;
// Issue 15: who keeps the directory of units and contacts.
const DIRECTORY_KEEPERS = ['admin', 'duty-officer'] as const;

export const API_ROUTES: readonly ApiRoute[] = [
  { routeKey: 'GET /health', handlerFile: 'health', tableAccess: 'none', startsExecutions: false, access: 'public' },
  // The API's contract (functions/api/openapi.ts): public, it holds no secret; /docs shows it.
  {
    routeKey: 'GET /openapi.json',
    handlerFile: 'get-openapi',
    tableAccess: 'none',
    startsExecutions: false,
    access: 'public',
  },
  // Issue 15: the directory is data in the table; admins and the county duty office keep it.
  { routeKey: 'GET /units', handlerFile: 'list-units', tableAccess: 'read', startsExecutions: false, access: ANY_ROLE },
  {
    routeKey: 'POST /units',
    handlerFile: 'create-unit',
    managesEmailSubscriptions: true,
    tableAccess: 'read-write',
    startsExecutions: false,
    access: DIRECTORY_KEEPERS,
  },
  {
    routeKey: 'GET /units/{unitId}',
    handlerFile: 'get-unit',
    managesEmailSubscriptions: true,
    tableAccess: 'read',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'PUT /units/{unitId}',
    handlerFile: 'update-unit',
    managesEmailSubscriptions: true,
    tableAccess: 'read-write',
    startsExecutions: false,
    access: DIRECTORY_KEEPERS,
  },
  {
    routeKey: 'DELETE /units/{unitId}',
    handlerFile: 'deactivate-unit',
    managesEmailSubscriptions: true,
    tableAccess: 'read-write',
    startsExecutions: false,
    access: DIRECTORY_KEEPERS,
  },
  {
    routeKey: 'PUT /units/{unitId}/contacts/{contactId}',
    handlerFile: 'save-contact',
    managesEmailSubscriptions: true,
    tableAccess: 'read-write',
    startsExecutions: false,
    access: DIRECTORY_KEEPERS,
  },
  {
    routeKey: 'DELETE /units/{unitId}/contacts/{contactId}',
    handlerFile: 'remove-contact',
    managesEmailSubscriptions: true,
    tableAccess: 'read-write',
    startsExecutions: false,
    access: DIRECTORY_KEEPERS,
  },
  // Issue 15: duty rosters; the duty office and admins keep every unit's, a unit's reporters their own (handler).
  {
    routeKey: 'GET /units/{unitId}/roster',
    handlerFile: 'get-roster',
    tableAccess: 'read',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'PUT /units/{unitId}/roster',
    handlerFile: 'put-roster',
    tableAccess: 'read-write',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'POST /units/{unitId}/roster/overrides',
    handlerFile: 'add-roster-override',
    tableAccess: 'read-write',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'GET /units/{unitId}/on-duty',
    handlerFile: 'get-on-duty',
    tableAccess: 'read',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'PUT /units/{unitId}/roster/months/{month}',
    handlerFile: 'import-roster',
    tableAccess: 'read-write',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'GET /units/{unitId}/roster/months/{month}',
    handlerFile: 'export-roster',
    tableAccess: 'read',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'GET /categories',
    handlerFile: 'list-categories',
    tableAccess: 'none',
    startsExecutions: false,
    access: ANY_ROLE,
  },
  {
    routeKey: 'GET /incidents',
    handlerFile: 'list-incidents',
    tableAccess: 'read',
    startsExecutions: false,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /obligations',
    handlerFile: 'list-obligations',
    tableAccess: 'read',
    startsExecutions: false,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /evaluations',
    handlerFile: 'get-evaluations',
    tableAccess: 'read',
    startsExecutions: false,
    access: EVALUATORS,
  },
  {
    routeKey: 'GET /evaluations/notice',
    handlerFile: 'get-evaluation-notice',
    tableAccess: 'read',
    startsExecutions: false,
    access: EVALUATORS,
  },
  {
    routeKey: 'POST /incidents',
    handlerFile: 'create-incident',
    tableAccess: 'read-write',
    startsExecutions: true,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /incidents/{incidentId}',
    handlerFile: 'get-incident',
    tableAccess: 'read',
    startsExecutions: false,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /incidents/{incidentId}/audit',
    handlerFile: 'get-incident-audit',
    tableAccess: 'read',
    startsExecutions: false,
    readsAuditAnchors: true,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/reports',
    handlerFile: 'file-report',
    tableAccess: 'read-write',
    startsExecutions: false,
    stopsExecutions: true,
    access: UNITS_AND_DUTY_OFFICE,
  },
  // R-INTAKE: photos and videos from the scene, staged on the incident for its unit, then named by a report.
  {
    routeKey: 'POST /incidents/{incidentId}/attachments',
    handlerFile: 'create-attachment',
    tableAccess: 'read-write',
    startsExecutions: false,
    attachmentAccess: ['put'],
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/attachments/{attachmentId}/complete',
    handlerFile: 'complete-attachment',
    tableAccess: 'read-write',
    startsExecutions: false,
    attachmentAccess: ['get', 'delete'],
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /incidents/{incidentId}/attachments/{attachmentId}',
    handlerFile: 'get-attachment',
    tableAccess: 'read',
    startsExecutions: false,
    attachmentAccess: ['get'],
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/verification-requests',
    handlerFile: 'request-verification',
    tableAccess: 'read-write',
    startsExecutions: true,
    access: DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/verification-requests/{requestId}/answers',
    handlerFile: 'answer-verification',
    tableAccess: 'read-write',
    startsExecutions: false,
    stopsExecutions: true,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/instructions',
    handlerFile: 'record-instruction',
    tableAccess: 'read-write',
    startsExecutions: true,
    access: DUTY_OFFICE,
  },
  {
    routeKey: 'POST /incidents/{incidentId}/instructions/{instructionId}/feedback',
    handlerFile: 'file-instruction-feedback',
    tableAccess: 'read-write',
    startsExecutions: false,
    stopsExecutions: true,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /spot-checks',
    handlerFile: 'start-spot-check',
    tableAccess: 'read-write',
    startsExecutions: false,
    sendsMessages: true,
    access: DUTY_OFFICE,
  },
  // Issue 14: the reporter's console lists its unit's unanswered spot checks (R-SPOTCHECK).
  {
    routeKey: 'GET /spot-checks',
    handlerFile: 'list-spot-checks',
    tableAccess: 'read',
    startsExecutions: false,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'GET /spot-checks/{spotCheckId}',
    handlerFile: 'get-spot-check',
    tableAccess: 'read',
    startsExecutions: false,
    access: UNITS_AND_DUTY_OFFICE,
  },
  {
    routeKey: 'POST /spot-checks/{spotCheckId}/acknowledgement',
    handlerFile: 'acknowledge-spot-check',
    tableAccess: 'read-write',
    startsExecutions: false,
    access: ['reporter'],
  },
  // Issue 14 (确认催报): the unit acknowledges, signed in, the escalation step its contacts were sent (R-LADDER).
  {
    routeKey: 'POST /incidents/{incidentId}/obligations/{obligationId}/acknowledgement',
    handlerFile: 'acknowledge-obligation-escalation',
    tableAccess: 'read-write',
    startsExecutions: false,
    access: ['reporter'],
  },
  {
    routeKey: 'GET /acknowledgements/{code}',
    handlerFile: 'acknowledge-escalation',
    tableAccess: 'read-write',
    startsExecutions: false,
    signsLinks: true,
    access: 'public',
  },
];

/**
 * The roles a protected route accepts.
 * @throws when the route is unknown or public — a handler asking is wired to the wrong route.
 */
export function rolesFor(routeKey: string): readonly Role[] {
  const route = API_ROUTES.find((candidate) => candidate.routeKey === routeKey);
  if (!route || route.access === 'public')
    throw new ConfigurationError(`${routeKey} is not a protected route of API_ROUTES`);
  return route.access;
}
