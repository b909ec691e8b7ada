import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { makeHandler as makeGetAudit } from '../../functions/api/get-incident-audit';
import { eventHash, GENESIS_HASH, verifyChain, type AuditEvent } from '../../functions/domain/audit-chain';
import { anchorKey } from '../../functions/shared/audit-anchors';
import { keys } from '../../functions/shared/table-design';
import { makeHandler as makeAnchorChains } from '../../functions/workflow/anchor-audit-chains';
import { startTestAnchors, type TestAnchors } from '../support/anchors';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, reporterOf } from '../support/http-events';
import { context } from '../support/lambda-context';
import { startTestTable, type TestTable } from '../support/table';

describe('R-AUDIT: the hash-chained timeline, its head and its write-once anchors', () => {
  let table: TestTable;
  let anchors: TestAnchors;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
    anchors = await startTestAnchors();
  });
  afterAll(async () => {
    await table.stop();
    await anchors.stop();
  });

  async function givenIncidentWithEvents(count: number): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-AUD${String(sequence).padStart(3, '0')}`;
    await givenPhoneReportedIncident(table, { incidentId, phoneReportAt: new Date('2026-11-28T00:05:00Z') });
    for (let index = 0; index < count; index += 1) await appendReport(incidentId, index);
    return incidentId;
  }
  const appendReport = (incidentId: string, index: number) =>
    table.audit.appendEvent({
      incidentId,
      at: `2026-11-28T00:${String(index).padStart(2, '0')}:00.000Z`,
      type: 'report-filed',
      actor: 'reporter:gaosheng-zone:u-1',
      unitId: 'gaosheng-zone',
      detail: { index, note: undefined },
    });
  const anchorAll = () =>
    makeAnchorChains({
      ...table.repositories,
      anchors: anchors.anchors,
      now: () => new Date('2026-11-28T01:00:00Z'),
    })();
  const audit = async (incidentId: string) =>
    JSON.parse(
      (
        await makeGetAudit({ ...table.repositories, anchors: anchors.anchors })(
          httpEvent({
            method: 'GET',
            path: `/incidents/${incidentId}/audit`,
            pathParameters: { incidentId },
            caller: reporterOf('gaosheng-zone'),
          }),
          context,
        )
      ).body!,
    );
  const storedEvent = async (incidentId: string, seq: number) =>
    (await table.audit.auditEvents(incidentId)).find((event) => event.seq === seq)!;
  /** What an attacker with full table access writes: an event put straight into the table, hashed to fit. */
  const putEvent = (event: AuditEvent) =>
    table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...event, ...keys.event(event.incidentId, event.seq), itemType: 'event' },
      }),
    );
  const rehashed = (event: Omit<AuditEvent, 'hash'>): AuditEvent => ({ ...event, hash: eventHash(event) });
  const setHead = (incidentId: string, seq: number, hash: string) =>
    table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.chainHead(incidentId),
        UpdateExpression: 'SET headSeq = :seq, headHash = :hash',
        ExpressionAttributeValues: { ':seq': seq, ':hash': hash },
      }),
    );

  it('R-AUDIT: each event links to the hash of the one before; the head follows every append; GET …/audit verifies the chain against its head and its anchors', async () => {
    // Prepare
    const incidentId = await givenIncidentWithEvents(3);
    // Act
    const anchored = await anchorAll();
    const { verification, events } = await audit(incidentId);
    // Assess
    expect(anchored.anchored).toEqual(expect.arrayContaining([{ incidentId, seq: 3 }]));
    expect(verification).toEqual({
      valid: true,
      eventCount: 3,
      lastHash: events[2].hash,
      anchoredThrough: 3,
      problems: [],
    });
    expect(events.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3]);
    expect(events[0].previousHash).toBe(GENESIS_HASH);
    expect(events[1].previousHash).toBe(events[0].hash);
    expect(events[0].hash).toBe(eventHash(events[0]));
    expect(await table.audit.storedChainHead(incidentId)).toMatchObject({
      headSeq: 3,
      headHash: events[2].hash,
      anchoredSeq: 3,
    });
    // Anchored once: a second run with nothing new writes nothing.
    expect((await anchorAll()).anchored.filter((entry) => entry.incidentId === incidentId)).toEqual([]);
  });

  it('R-AUDIT: an event edited in the table fails verification, naming it', async () => {
    const incidentId = await givenIncidentWithEvents(3);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.event(incidentId, 2),
        UpdateExpression: 'SET actor = :actor',
        ExpressionAttributeValues: { ':actor': 'reporter:gaosheng-zone:someone-else' },
      }),
    );
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([
      { seq: 2, problem: 'its content does not match its hash: it was changed after it was written' },
    ]);
  });

  it('R-AUDIT: an event deleted from the middle fails verification where the gap is', async () => {
    const incidentId = await givenIncidentWithEvents(3);
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: keys.event(incidentId, 2) }));
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems.map((problem: { seq: number }) => problem.seq)).toEqual(expect.arrayContaining([3]));
  });

  it('R-AUDIT: deleting the last event is caught by the head (which says where the chain ends)', async () => {
    const incidentId = await givenIncidentWithEvents(3);
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: keys.event(incidentId, 3) }));
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([
      { seq: 3, problem: "the chain's head is event 3, but the chain ends at 2: events were removed" },
    ]);
  });

  it('R-AUDIT: re-hashing the last event is caught by the head; doing the head too is caught by the anchor', async () => {
    // Prepare: anchored at 3
    const incidentId = await givenIncidentWithEvents(3);
    await anchorAll();
    const last = await storedEvent(incidentId, 3);
    const forged = rehashed({
      ...last,
      actor: 'reporter:gaosheng-zone:someone-else',
      hash: undefined,
    } as unknown as Omit<AuditEvent, 'hash'>);
    // Act 1: the last event rewritten and re-hashed so the chain itself is consistent
    await putEvent(forged);
    const headOnly = (await audit(incidentId)).verification;
    // Act 2: … and the head set to match
    await setHead(incidentId, 3, forged.hash);
    const anchorToo = (await audit(incidentId)).verification;
    // Assess
    expect(verifyChain([await storedEvent(incidentId, 1), await storedEvent(incidentId, 2), forged]).problems).toEqual(
      [],
    );
    expect(headOnly.problems).toEqual(
      expect.arrayContaining([
        { seq: 3, problem: "differs from the chain's head: it was rewritten after it was appended" },
      ]),
    );
    expect(anchorToo.valid).toBe(false);
    expect(anchorToo.problems).toEqual([
      {
        seq: 3,
        problem: expect.stringMatching(
          /^differs from its anchor written at \d{4}-\d\d-\d\dT[\d:.]+Z: it, or an event before it, was rewritten$/,
        ),
      },
    ]);
  });

  it('R-AUDIT: rewriting an event and every hash after it, head included, is caught by the anchors', async () => {
    const incidentId = await givenIncidentWithEvents(4);
    await anchorAll();
    // Act: event 2 says something else; 2, 3 and 4 are re-hashed and re-linked, and the head follows
    let previous = await storedEvent(incidentId, 1);
    for (const seq of [2, 3, 4]) {
      const original = await storedEvent(incidentId, seq);
      const forged = rehashed({
        ...original,
        previousHash: previous.hash,
        ...(seq === 2 ? { detail: { index: 99 } } : {}),
        hash: undefined,
      } as unknown as Omit<AuditEvent, 'hash'>);
      await putEvent(forged);
      previous = forged;
    }
    await setHead(incidentId, 4, previous.hash);
    const { verification, events } = await audit(incidentId);
    // Assess: the chain and the head agree with each other; the anchor does not
    expect(verifyChain(events).problems).toEqual([]);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([
      {
        seq: 4,
        problem: expect.stringMatching(
          /^differs from its anchor written at .+: it, or an event before it, was rewritten$/,
        ),
      },
    ]);
  });

  it('R-AUDIT: a correctly linked event forged onto the end is not confirmed by the head', async () => {
    const incidentId = await givenIncidentWithEvents(2);
    const last = await storedEvent(incidentId, 2);
    await putEvent(
      rehashed({
        ...last,
        seq: 3,
        previousHash: last.hash,
        type: 'report-filed',
        detail: { forged: true },
        hash: undefined,
      } as unknown as Omit<AuditEvent, 'hash'>),
    );
    const { verification } = await audit(incidentId);
    expect(verification.valid).toBe(false);
    expect(verification.problems).toEqual([
      {
        seq: 3,
        problem:
          "past the chain's head (event 2): not confirmed by it — a process stopped between appending it and moving the head (the next append or anchoring confirms it), or it was added straight to the table",
      },
    ]);
  });

  it('R-AUDIT: a crash between an event and its head leaves the head one behind; the next append rolls it forward and the chain is whole', async () => {
    // Prepare: event 3 stored as an appender would, but the process died before the head moved
    const incidentId = await givenIncidentWithEvents(2);
    const last = await storedEvent(incidentId, 2);
    await putEvent(
      rehashed({ ...last, seq: 3, previousHash: last.hash, detail: { index: 2 }, hash: undefined } as unknown as Omit<
        AuditEvent,
        'hash'
      >),
    );
    // Act
    const fourth = await appendReport(incidentId, 3);
    // Assess
    expect(fourth.seq).toBe(4);
    expect((await audit(incidentId)).verification).toMatchObject({ valid: true, eventCount: 4, problems: [] });
  });

  it('R-AUDIT: only the fields the hash covers are served: an attribute added to a stored event is not', async () => {
    const incidentId = await givenIncidentWithEvents(1);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.event(incidentId, 1),
        UpdateExpression: 'SET approvedBy = :who',
        ExpressionAttributeValues: { ':who': '县长' },
      }),
    );
    const { events, verification } = await audit(incidentId);
    expect(Object.keys(events[0]).sort()).toEqual([
      'actor',
      'at',
      'detail',
      'hash',
      'incidentId',
      'previousHash',
      'seq',
      'type',
      'unitId',
    ]);
    expect(verification.valid).toBe(true);
  });

  it('R-AUDIT: a delete marker in the anchor bucket hides nothing: the locked version is still listed', async () => {
    const incidentId = await givenIncidentWithEvents(2);
    await anchorAll();
    const head = await table.audit.storedChainHead(incidentId);
    await anchors.client.send(
      new DeleteObjectCommand({ Bucket: anchors.bucket, Key: anchorKey({ incidentId, seq: 2, hash: head!.headHash }) }),
    );
    expect(await anchors.anchors.anchorsOf(incidentId)).toEqual([
      expect.objectContaining({ incidentId, seq: 2, hash: head!.headHash }),
    ]);
  });

  it('R-AUDIT: appenders racing each other take turns: forty at once make one chain of forty, the head at its end', async () => {
    const incidentId = await givenIncidentWithEvents(0);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        table.audit.appendEvent({
          incidentId,
          at: '2026-11-28T00:10:00.000Z',
          type: 'escalation-sent',
          actor: 'system:deadline-watch',
          unitId: 'gaosheng-zone',
          detail: { index },
        }),
      ),
    );
    const events = await table.audit.auditEvents(incidentId);
    const head = await table.audit.chainHead(incidentId);
    expect(verifyChain(events, { head: { headSeq: head.seq, headHash: head.hash } })).toMatchObject({
      valid: true,
      eventCount: 40,
    });
    expect(head.seq).toBe(40);
    expect(new Set(events.map((event) => event.detail.index)).size).toBe(40);
  });

  it('a reporter of another unit gets 404 for the audit trail, exactly as for an incident that does not exist, naming nobody', async () => {
    const incidentId = await givenIncidentWithEvents(1);
    const get = (id: string, caller = reporterOf('example-town-a')) =>
      makeGetAudit({ ...table.repositories, anchors: anchors.anchors })(
        httpEvent({ method: 'GET', path: '/a', pathParameters: { incidentId: id }, caller }),
        context,
      );
    const otherUnits = await get(incidentId);
    const unknown = await get('INC-20260101-NOSUCH');
    expect(otherUnits.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(otherUnits.headers?.['content-type']).toContain('application/problem+json');
    expect(otherUnits.body).not.toContain('gaosheng');
    expect(JSON.parse(otherUnits.body!).title).toBe(JSON.parse(unknown.body!).title);
  });
});
