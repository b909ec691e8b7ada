import { verifyChain } from '../domain/audit-chain';
import { anchorStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { AuditAnchorStore } from '../shared/audit-anchors';
import { formatLocalTime } from '../domain/messages';
import { csv, wantsCsv } from '../shared/csv';
import { json, parseBody, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import type { AuditEvent } from '../domain/audit-chain';
import { auditQuerySchema } from './schemas';
import { httpEndpoint } from './endpoint';
import { rolesFor } from './routes';
import { requireVisibleIncident } from './incident-guards';

export interface GetIncidentAuditDependencies extends Pick<Repositories, 'incidents' | 'audit'> {
  /** The write-once anchors the chain is checked against (R-AUDIT). */
  anchors: AuditAnchorStore;
}

/** R-AUDIT: the timeline as a table — Beijing and ISO time, type, actor, unit, detail, and the chain's hashes. */
export function auditRows(events: AuditEvent[]): unknown[][] {
  return [
    [
      'seq',
      '时间（北京）Beijing time',
      'at (ISO 8601)',
      '事项 type',
      '操作人 actor',
      '单位 unit',
      '详情 detail',
      'previousHash',
      'hash',
    ],
    ...events.map((auditEvent) => [
      auditEvent.seq,
      formatLocalTime(new Date(auditEvent.at)),
      auditEvent.at,
      auditEvent.type,
      auditEvent.actor,
      auditEvent.unitId,
      JSON.stringify(auditEvent.detail),
      auditEvent.previousHash,
      auditEvent.hash,
    ]),
  ];
}

/**
 * `GET /incidents/{incidentId}/audit` — R-AUDIT: every event of the incident in chain order, each
 * with its hash and the hash it links to (only the fields the hash covers), and the verification
 * of the whole chain — against itself, its head, and every anchor in the write-once store: valid,
 * or which events were changed, removed, moved or added. `?format=csv` (or `Accept: text/csv`) exports
 * it as CSV; `?download=1` makes the JSON a file download.
 */
export function makeHandler(deps: GetIncidentAuditDependencies) {
  return httpEndpoint(
    rolesFor('GET /incidents/{incidentId}/audit'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      await requireVisibleIncident(deps, principal, incidentId);
      const query = parseBody(auditQuerySchema, event.queryStringParameters ?? {});
      const events = await deps.audit.auditEvents(incidentId);
      if (wantsCsv(event)) return csv(`${incidentId}-audit.csv`, auditRows(events));
      const attachment: Record<string, string> = query.download
        ? { 'content-disposition': `attachment; filename="${incidentId}-audit.json"` }
        : {};
      const [head, anchors] = await Promise.all([
        deps.audit.storedChainHead(incidentId),
        deps.anchors.anchorsOf(incidentId),
      ]);
      return json(200, { incidentId, verification: verifyChain(events, { head, anchors }), events }, attachment);
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({ ...repositoriesFromEnvironment(), anchors: anchorStoreFromEnvironment() });
