import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeHandler as makeGetAudit } from '../../functions/api/get-incident-audit';
import { eventHash, GENESIS_HASH, verifyChain } from '../../functions/domain/audit-chain';
import { keys } from '../../functions/shared/table-design';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, reporterOf } from '../support/http-events';
import { context } from '../support/lambda-context';
import { startTestTable, type TestTable } from '../support/table';

describe('R-AUDIT: the hash-chained timeline', () => {
  let table: TestTable;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  async function givenIncidentWithEvents(count: number): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-AUD${String(sequence).padStart(3, '0')}`;
    await givenPhoneReportedIncident(table.store, { incidentId, phoneReportAt: new Date('2026-11-28T00:05:00Z') });
    for (let index = 0; index < count; index += 1) {
      await table.store.appendEvent({ incidentId, at: `2026-11-28T00:0${index}:00.000Z`, type: 'report-filed', actor: 'reporter:gaosheng-zone:u-1', unitId: 'gaosheng-zone', detail: { index, note: undefined } });
    }
    return incidentId;
  }
  const audit = async (incidentId: string) =>
    JSON.parse((await makeGetAudit({ store: table.store })(httpEvent({ method: 'GET', path: `/incidents/${incidentId}/audit`, pathParameters: { incidentId }, caller: reporterOf('gaosheng-zone') }), context)).body!);

  it('each event links to the hash of the one before; GET …/audit verifies the whole chain', async () => {
    const incidentId = await givenIncidentWithEvents(3);
    const { verification, events } = await audit(incidentId);
    expect(verification).toEqual({ valid: true, eventCount: 3, lastHash: events[2].hash, problems: [] });
    expect(events.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3]);
    expect(events[0].previousHash).toBe(GENESIS_HASH);
    expect(events[1].previousHash).toBe(events[0].hash);
    expect(events[0].hash).toBe(eventHash(events[0]));
  });

  it('an event edited in the table fails verification, naming it', async () => {
    // Prepare
    const incidentId = await givenIncidentWithEvents(3);
    // Act: someone rewrites who filed the second report
    await table.documentClient.send(new UpdateCommand({
      TableName: table.tableName, Key: keys.event(incidentId, 2), UpdateExpression: 'SET actor = :actor', ExpressionAttributeValues: { ':actor': 'reporter:gaosheng-zone:someone-else' },
    }));
    // Assess
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([{ seq: 2, problem: 'its content does not match its hash: it was changed after it was written' }]);
  });

  it('an event deleted from the table fails verification where the gap is', async () => {
    const incidentId = await givenIncidentWithEvents(3);
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: keys.event(incidentId, 2) }));
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems.map((problem: { seq: number }) => problem.seq)).toEqual([3, 3]);
  });

  it('appenders racing each other take turns: twenty at once make one chain of twenty', async () => {
    const incidentId = await givenIncidentWithEvents(0);
    await Promise.all(Array.from({ length: 20 }, (_, index) =>
      table.store.appendEvent({ incidentId, at: '2026-11-28T00:10:00.000Z', type: 'escalation-sent', actor: 'system:deadline-watch', unitId: 'gaosheng-zone', detail: { index } })));
    const events = await table.store.auditEvents(incidentId);
    expect(verifyChain(events)).toMatchObject({ valid: true, eventCount: 20 });
    expect(new Set(events.map((event) => event.detail.index)).size).toBe(20);
  });

  it('a reporter of another unit may not read the audit trail (403); an unknown incident → 404 problem+json', async () => {
    const incidentId = await givenIncidentWithEvents(1);
    const response = await makeGetAudit({ store: table.store })(httpEvent({ method: 'GET', path: '/a', pathParameters: { incidentId }, caller: reporterOf('example-town-a') }), context);
    expect(response.statusCode).toBe(403);
    const unknown = await makeGetAudit({ store: table.store })(httpEvent({ method: 'GET', path: '/a', pathParameters: { incidentId: 'INC-20260101-NOSUCH' } }), context);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers?.['content-type']).toContain('application/problem+json');
  });
});
