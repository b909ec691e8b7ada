import type { Route } from '../../router';
import { ReporterHome } from './ReporterHome';
import { ReporterFinalReport, ReporterFirstReport, ReporterObligation, ReporterSpotCheck } from './forms';

/**
 * Issue 14 — the pages a reporting unit has: its home (what it owes) on the board's address, the form for an
 * obligation on the obligation's address (the e-mail's link), and the first report, final report and spot check.
 * An incident page without an obligation stays the shared incident view.
 */
export function ReporterRoutes({ view, unitId }: { view: Route; unitId: string }) {
  switch (view.name) {
    case 'board':
      return <ReporterHome unitId={unitId} />;
    case 'incident':
      return view.obligationId ? (
        <ReporterObligation
          key={view.obligationId}
          incidentId={view.incidentId}
          obligationId={view.obligationId}
          unitId={unitId}
        />
      ) : null;
    case 'new-report':
      return <ReporterFirstReport unitId={unitId} />;
    case 'final-report':
      return <ReporterFinalReport key={view.incidentId} incidentId={view.incidentId} unitId={unitId} />;
    case 'spot-check':
      return <ReporterSpotCheck key={view.spotCheckId} spotCheckId={view.spotCheckId} unitId={unitId} />;
    case 'evaluation':
      return null;
  }
}
