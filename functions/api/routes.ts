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
  /** Whether it starts incident executions. */
  startsExecutions: boolean;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { routeKey: 'GET /health', handlerFile: 'health', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'GET /units', handlerFile: 'list-units', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'GET /categories', handlerFile: 'list-categories', tableAccess: 'none', startsExecutions: false },
  { routeKey: 'POST /incidents', handlerFile: 'create-incident', tableAccess: 'read-write', startsExecutions: true },
  { routeKey: 'GET /incidents/{incidentId}', handlerFile: 'get-incident', tableAccess: 'read', startsExecutions: false },
  { routeKey: 'POST /incidents/{incidentId}/reports', handlerFile: 'file-report', tableAccess: 'read-write', startsExecutions: false },
];
