import { issueLocalToken } from '../../infra/local/tokens';

/** A valid phone first report (R-INTAKE), as a town files it. */
export function phoneFirstReport(unitId = 'gaosheng-zone'): Record<string, unknown> {
  return {
    unitId,
    title: '某化工企业储罐泄漏',
    category: 'hazardous-chemicals',
    severity: 'relatively-major',
    occurredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    location: '高升经济区',
    channel: 'phone',
    summary: '储罐法兰泄漏，已疏散周边人员',
    casualties: { deaths: 0, injured: 2, missing: 0 },
    reporter: { name: '王某', phone: '+8613800000000' },
  };
}

export async function tokensFor(
  dataDir: string,
): Promise<{ reporter: (unitId: string) => Promise<string>; dutyOfficer: string }> {
  return {
    reporter: (unitId: string) => issueLocalToken(dataDir, { role: 'reporter', unitId }),
    dutyOfficer: await issueLocalToken(dataDir, { role: 'duty-officer' }),
  };
}

/** Runs `clients` loops of `request` for `durationMs`; each request's latency in ms, and how many failed. */
export async function closedLoop(
  clients: number,
  durationMs: number,
  request: () => Promise<boolean>,
): Promise<{ latencies: number[]; failures: number; elapsedMs: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const before = performance.now();
        const ok = await request().catch(() => false);
        if (ok) latencies.push(performance.now() - before);
        else failures += 1;
      }
    }),
  );
  return { latencies, failures, elapsedMs: performance.now() - started };
}
