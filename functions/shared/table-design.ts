/**
 * The single-table design, shared by the CDK stack and the local runtime so both build the
 * same table.
 *
 * | item        | pk                 | sk                                   |
 * |-------------|--------------------|--------------------------------------|
 * | incident    | INCIDENT#<id>      | INCIDENT                             |
 * | report      | INCIDENT#<id>      | REPORT#<receivedAt>#<reportId>       |
 * | obligation  | INCIDENT#<id>      | OBLIGATION#<obligationId>            |
 * | escalation  | INCIDENT#<id>      | ESCALATION#<obligationId>#<step>#<contactId>#<channel> |
 * | event       | INCIDENT#<id>      | EVENT#<at>#<random>  (append-only, R-AUDIT) |
 *
 * Open obligations also carry `pendingPk`/`pendingSk` (the sparse GSI "obligations pending by
 * due time"); settling one removes them.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  pendingObligationsIndex: { indexName: 'PendingObligationsByDueTime', partitionKey: 'pendingPk', sortKey: 'pendingSk' },
} as const;

export const PENDING_OBLIGATIONS_PARTITION = 'OBLIGATIONS#OPEN';

export const keys = {
  incident: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  report: (incidentId: string, receivedAt: string, reportId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: `REPORT#${receivedAt}#${reportId}` }),
  obligation: (incidentId: string, obligationId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: `OBLIGATION#${obligationId}` }),
  escalation: (incidentId: string, obligationId: string, step: number, contactId: string, channel: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `ESCALATION#${obligationId}#${step}#${contactId}#${channel}`,
  }),
  event: (incidentId: string, at: string, uniqueSuffix: string) => ({ pk: `INCIDENT#${incidentId}`, sk: `EVENT#${at}#${uniqueSuffix}` }),
};
