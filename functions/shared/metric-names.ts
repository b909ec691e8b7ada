/**
 * The service's own CloudWatch metrics (namespace and names), shared by the functions that emit
 * them (Powertools metrics, EMF) and the stack's dashboard that draws them.
 */
export const SERVICE_METRICS = {
  namespace: 'IncidentReporting',
  serviceName: 'incident-reporting',
  names: {
    /** R-INTAKE: a first report stored. */
    incidentsOpened: 'IncidentsOpened',
    /** R-LIFECYCLE: documents filed by their deadline… */
    obligationsMet: 'ObligationsMet',
    /** …after it… */
    obligationsLate: 'ObligationsLate',
    /** …or not by it: the deadline passed with nothing filed (the obligation became overdue). */
    obligationsMissed: 'ObligationsMissed',
    /** R-LADDER: escalation messages (SMS or e-mail) SNS accepted… */
    escalationsSent: 'EscalationsSent',
    /** …and those it did not. */
    escalationsFailed: 'EscalationsFailed',
  },
} as const;

export type ServiceMetricName = (typeof SERVICE_METRICS.names)[keyof typeof SERVICE_METRICS.names];
