/**
 * Every route of the HTTP API, in one place: the CDK stack builds one function per route
 * from it and the local runtime serves the same handlers from it.
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
  /** Whether it stops incident executions (the final report). */
  stopsExecutions?: boolean;
  /** Whether it checks acknowledgement-link signatures (reads the signing-key secret). */
  signsLinks?: boolean;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { routeKey: 'GET /health', handlerFile: 'health', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'GET /units', handlerFile: 'list-units', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'GET /categories', handlerFile: 'list-categories', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'POST /incidents', handlerFile: 'create-incident', tableAccess: 'read-write', startsExecutions: true },
  { routeKey: 'GET /incidents/{incidentId}', handlerFile: 'get-incident', tableAccess: 'read', startsExecutions: false },
  { routeKey: 'POST /incidents/{incidentId}/reports', handlerFile: 'file-report', tableAccess: 'read-write', startsExecutions: false, stopsExecutions: true },
  { routeKey: 'POST /incidents/{incidentId}/verification-requests', handlerFile: 'request-verification', tableAccess: 'read-write', startsExecutions: true },
  { routeKey: 'POST /incidents/{incidentId}/verification-requests/{requestId}/answers', handlerFile: 'answer-verification', tableAccess: 'read-write', startsExecutions: false },
  { routeKey: 'POST /incidents/{incidentId}/instructions', handlerFile: 'record-instruction', tableAccess: 'read-write', startsExecutions: true },
  { routeKey: 'POST /incidents/{incidentId}/instructions/{instructionId}/feedback', handlerFile: 'file-instruction-feedback', tableAccess: 'read-write', startsExecutions: false },
  { routeKey: 'POST /spot-checks', handlerFile: 'start-spot-check', tableAccess: 'read-write', startsExecutions: false },
  { routeKey: 'GET /spot-checks/{spotCheckId}', handlerFile: 'get-spot-check', tableAccess: 'read', startsExecutions: false },
  { routeKey: 'POST /spot-checks/{spotCheckId}/acknowledgement', handlerFile: 'acknowledge-spot-check', tableAccess: 'read-write', startsExecutions: false },
  { routeKey: 'GET /acknowledgements/{code}', handlerFile: 'acknowledge-escalation', tableAccess: 'read-write', startsExecutions: false, signsLinks: true },
];
