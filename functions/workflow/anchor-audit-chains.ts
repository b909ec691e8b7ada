import { anchorStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import type { AuditAnchorStore } from '../shared/audit-anchors';
import type { Repositories } from '../shared/repositories';
import { withMetrics } from '../shared/metrics';

export interface AnchorAuditChainsDependencies extends Pick<Repositories, 'audit'> {
  anchors: AuditAnchorStore;
  now: () => Date;
}

export interface AnchorAuditChainsResult {
  /** Each chain anchored now, at which event. */
  anchored: { incidentId: string; seq: number }[];
}

/**
 * Scheduled every minute (locally: every minute of drill time) — R-AUDIT: every chain whose head
 * moved since it was last anchored is anchored at its head (rolled forward over any event a
 * crashed appender left past it) in the write-once store. From then on no event up to that one
 * can be changed, removed or forged without the verification showing it, whoever has the table.
 */
export function makeHandler(deps: AnchorAuditChainsDependencies) {
  return async (): Promise<AnchorAuditChainsResult> => {
    const anchored: AnchorAuditChainsResult['anchored'] = [];
    for (const head of await deps.audit.unanchoredChainHeads()) {
      const tip = await deps.audit.chainHead(head.incidentId);
      const anchoredAt = deps.now().toISOString();
      await deps.anchors.write({ incidentId: head.incidentId, seq: tip.seq, hash: tip.hash, anchoredAt });
      await deps.audit.markChainHeadAnchored(head.incidentId, tip.seq, anchoredAt);
      anchored.push({ incidentId: head.incidentId, seq: tip.seq });
    }
    return { anchored };
  };
}

export const handler = withMetrics(
  makeHandler({ ...repositoriesFromEnvironment(), anchors: anchorStoreFromEnvironment(), now: () => new Date() }),
);
