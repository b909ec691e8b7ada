import { fixedDirectory } from '../../functions/shared/directory-source';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { SERVICE_METRICS } from '../../functions/shared/metric-names';
import { metrics, withMetrics } from '../../functions/shared/metrics';
import { settleObligationWith } from '../../functions/shared/settlement';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(async () => table.stop());
afterEach(() => {
  jest.restoreAllMocks();
  metrics.clearMetrics();
});

const counted = (spy: jest.SpyInstance) => spy.mock.calls.map(([name, , value]) => [name, value]);

describe("the dashboard's metrics (Powertools metrics, EMF)", () => {
  it('R-LADDER, R-LIFECYCLE: an escalation counts the missed deadline and each message sent or failed, and the task publishes them even when it fails', async () => {
    // Prepare
    await givenPhoneReportedIncident(table, { incidentId: 'INC-METRICS-1', phoneReportAt });
    const notifier = new RecordingNotifier();
    notifier.failNext.email = 1;
    const addMetric = jest.spyOn(metrics, 'addMetric');
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');
    const escalate = withMetrics(
      makeEscalate({
        ...table.repositories,
        notifier,
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        signingKey: testSigningKey,
        publicApiUrl: 'https://api.example.org/',
        consoleUrl: 'https://console.example.org/console/',
        now: () => new Date('2026-11-28T00:40:00Z'),
      }),
    );
    // Act
    const outcome = escalate({
      incidentId: 'INC-METRICS-1',
      obligationId: 'written-report',
      escalationStep: 1,
      repeat: 0,
    });
    // Assess: the failed e-mail fails the task (Step Functions retries it), and the metrics are published all the same.
    await expect(outcome).rejects.toThrow('not fully sent');
    expect(counted(addMetric)).toEqual([
      [SERVICE_METRICS.names.obligationsMissed, 1],
      [SERVICE_METRICS.names.escalationsSent, 1],
      [SERVICE_METRICS.names.escalationsFailed, 1],
    ]);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('R-LIFECYCLE: settling counts met or late', async () => {
    await givenPhoneReportedIncident(table, { incidentId: 'INC-METRICS-2', phoneReportAt });
    await givenPhoneReportedIncident(table, { incidentId: 'INC-METRICS-3', phoneReportAt });
    const addMetric = jest.spyOn(metrics, 'addMetric');
    const document = { documentId: 'RPT-1', unitId: 'gaosheng-zone', actor: 'reporter:gaosheng-zone:u1' };
    await settleObligationWith(table, 'INC-METRICS-2', 'written-report', {
      ...document,
      filedAt: '2026-11-28T00:20:00.000Z',
    });
    await settleObligationWith(table, 'INC-METRICS-3', 'written-report', {
      ...document,
      filedAt: '2026-11-28T00:50:00.000Z',
    });
    // Settling again changes nothing and counts nothing.
    await settleObligationWith(table, 'INC-METRICS-3', 'written-report', {
      ...document,
      filedAt: '2026-11-28T00:55:00.000Z',
    });
    expect(counted(addMetric)).toEqual([
      [SERVICE_METRICS.names.obligationsMet, 1],
      [SERVICE_METRICS.names.obligationsLate, 1],
    ]);
  });

  it('a task that counted nothing publishes nothing (no empty-metrics warning on every call)', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');
    await withMetrics(async () => 'done')(undefined);
    expect(publish).not.toHaveBeenCalled();
  });
});
