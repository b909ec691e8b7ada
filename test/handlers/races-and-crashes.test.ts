import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeAnswer } from '../../functions/api/answer-verification';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeFileFeedback } from '../../functions/api/file-instruction-feedback';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeRecordInstruction } from '../../functions/api/record-instruction';
import { makeHandler as makeRequestVerification } from '../../functions/api/request-verification';
import { verifyChain } from '../../functions/domain/audit-chain';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { evaluate } from '../../functions/domain/evaluation';
import { defaultPolicy } from '../../functions/domain/policy';
import type { Repositories } from '../../functions/shared/repositories';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { makeHandler as makeSweep } from '../../functions/workflow/sweep-unwatched-deadlines';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, phoneFirstReport, reporterOf } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { RecordingWorkflow, testSigningKey } from '../support/recording-workflow';
import { RecordingAlarms, startTestTable, type TestTable } from '../support/table';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/shared/table-design';
import { makeHandler as makeSendSmsDigests } from '../../functions/workflow/send-sms-digests';

const phoneReportAt = new Date('2026-11-28T00:05:00Z');
const town = reporterOf('gaosheng-zone');

/**
 * The repositories, one method of one of them held at a gate until the test opens it: a request caught between two of
 * its writes.
 */
function withGate<K extends keyof Repositories>(
  repositories: Repositories,
  repository: K,
  method: keyof Repositories[K],
  when: (...args: never[]) => boolean,
): { repositories: Repositories; reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  const proxy = new Proxy(repositories[repository], {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== method) return value.bind(target);
      return async (...args: never[]) => {
        if (when(...args)) {
          reached();
          await gate;
        }
        return (value as (...values: never[]) => unknown).apply(target, args);
      };
    },
  });
  return { repositories: { ...repositories, [repository]: proxy }, reached: arrived, open };
}

describe('races and crashes: exactly one, nothing after the end, a retry converges', () => {
  let table: TestTable;
  let workflow: RecordingWorkflow;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    workflow = new RecordingWorkflow();
  });

  async function givenIncident(): Promise<string> {
    sequence += 1;
    const incidentId = `INC-20261128-RACE${String(sequence).padStart(2, '0')}`;
    await givenPhoneReportedIncident(table, { incidentId, phoneReportAt });
    return incidentId;
  }
  const deps = (now: Date, repositories: Repositories = table.repositories) => ({
    ...repositories,
    workflow,
    directory: fixedDirectory(defaultDirectory),
    taxonomy: defaultTaxonomy,
    policy: defaultPolicy,
    drillSpeed: 1,
    pins: table.pins,
    now: () => now,
  });
  const post = (
    path: string,
    body: object,
    pathParameters: Record<string, string>,
    caller = town,
    headers?: Record<string, string>,
  ) => httpEvent({ method: 'POST', path, body, pathParameters, caller, headers });
  const requestVerification = async (incidentId: string, at: Date, writtenAnswerRequired = false) =>
    JSON.parse(
      (
        await makeRequestVerification(deps(at))(
          post(
            '/v',
            { question: '请核实伤亡人数', writtenAnswerRequired },
            { incidentId },
            { role: 'duty-officer', sub: 'duty' },
          ),
          context,
        )
      ).body!,
    ) as { requestId: string };
  const report = (incidentId: string, at: Date, body: object, repositories: Repositories = table.repositories) =>
    makeFileReport(deps(at, repositories))(post('/r', body, { incidentId }), context);
  const final = {
    kind: 'final',
    summary: '处置完毕',
    cause: '法兰垫片老化',
    casualties: { deaths: 0, injured: 2, missing: 0 },
    measuresTaken: '堵漏',
    trend: '已消除',
    reporter: { name: '王某', phone: '+8613800000003' },
  };
  const timelineTypes = async (incidentId: string) =>
    (await table.incidents.getIncidentRecord(incidentId))!.timeline.map((event) => event.type);

  it('R-VERIFY-20-40: thirty phone answers racing each other — exactly one is accepted; the other 29 get 409 and write nothing of their own', async () => {
    // Prepare
    const incidentId = await givenIncident();
    const { requestId } = await requestVerification(incidentId, new Date('2026-11-28T01:00:00Z'));
    // Act
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        makeAnswer(deps(new Date('2026-11-28T01:05:00Z')))(
          post('/a', { channel: 'phone', answer: `第${index}次回复` }, { incidentId, requestId }),
          context,
        ),
      ),
    );
    // Assess
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(29);
    const record = (await table.incidents.getIncidentRecord(incidentId))!;
    expect(record.verificationAnswers).toHaveLength(1);
    expect(record.timeline.filter((event) => event.type === 'verification-answered')).toHaveLength(1);
    expect(record.timeline.filter((event) => event.type === 'obligation-met')).toHaveLength(1);
    const accepted = JSON.parse(responses[statuses.indexOf(201)].body!);
    expect(record.verificationAnswers[0].answerId).toBe(accepted.answer.answerId);
    expect(record.obligations.find((obligation) => obligation.obligationId === `${requestId}-phone`)).toMatchObject({
      status: 'met',
      metByDocumentId: accepted.answer.answerId,
    });
    expect(verifyChain(record.timeline).valid).toBe(true);
  });

  it('R-INSTRUCTION-12H: thirty feedbacks racing on one instruction — exactly one is accepted, the rest 409', async () => {
    const incidentId = await givenIncident();
    const { instructionId } = JSON.parse(
      (
        await makeRecordInstruction(deps(new Date('2026-11-28T01:00:00Z')))(
          post(
            '/i',
            { leader: '县长', text: '全力救治', receivedAt: '2026-11-28T00:50:00Z' },
            { incidentId },
            { role: 'duty-officer', sub: 'duty' },
          ),
          context,
        )
      ).body!,
    );
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        makeFileFeedback(deps(new Date('2026-11-28T02:00:00Z')))(
          post('/f', { text: `反馈${index}` }, { incidentId, instructionId }),
          context,
        ),
      ),
    );
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode === 409)).toHaveLength(29);
    const record = (await table.incidents.getIncidentRecord(incidentId))!;
    expect(record.instructionFeedback).toHaveLength(1);
    expect(record.timeline.filter((event) => event.type === 'instruction-feedback-filed')).toHaveLength(1);
  });

  it('R-VERIFY-20-40: an answer whose filer stopped before settling its obligation settles it when the next answer finds it', async () => {
    const incidentId = await givenIncident();
    const { requestId } = await requestVerification(incidentId, new Date('2026-11-28T01:00:00Z'));
    // The first filer stored its answer and died: nothing met the obligation.
    await table.documents.putVerificationAnswer({
      incidentId,
      requestId,
      answerId: 'ANS-STOPPED1',
      channel: 'phone',
      answer: '2人轻伤',
      answeredAt: '2026-11-28T01:04:00.000Z',
      filedBy: 'reporter:gaosheng-zone:u-1',
    });
    const second = await makeAnswer(deps(new Date('2026-11-28T01:06:00Z')))(
      post('/a', { channel: 'phone', answer: '再报' }, { incidentId, requestId }),
      context,
    );
    expect(second.statusCode).toBe(409);
    expect(await table.obligations.getObligation(incidentId, `${requestId}-phone`)).toMatchObject({
      status: 'met',
      metAt: '2026-11-28T01:04:00.000Z',
      metByDocumentId: 'ANS-STOPPED1',
    });
    expect(
      (await table.incidents.getIncidentRecord(incidentId))!.timeline.find((event) => event.type === 'obligation-met')
        ?.actor,
    ).toBe('reporter:gaosheng-zone:u-1');
  });

  it('R-LIFECYCLE: a follow-up caught between its admission and its write holds the final report back; it is stored before the incident closes, never after', async () => {
    // Prepare: a follow-up held just before its report is written
    const incidentId = await givenIncident();
    const held = withGate(
      table.repositories,
      'documents',
      'putReport',
      (stored: { kind: string }) => stored.kind === 'follow-up',
    );
    const followUp = report(
      incidentId,
      new Date('2026-11-28T01:00:00Z'),
      { kind: 'follow-up', summary: '续报' },
      held.repositories,
    );
    await held.reached;
    // Act: the final report arrives meanwhile; then the follow-up goes on
    const closing = report(incidentId, new Date('2026-11-28T01:00:01Z'), final);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closedWhileHeld = (await table.incidents.getIncident(incidentId))!.status;
    held.open();
    const [followUpResponse, finalResponse] = await Promise.all([followUp, closing]);
    // Assess
    expect(closedWhileHeld).toBe('open');
    expect([followUpResponse.statusCode, finalResponse.statusCode]).toEqual([201, 201]);
    const types = await timelineTypes(incidentId);
    expect(types.indexOf('report-filed')).toBeLessThan(types.indexOf('incident-closed'));
    expect(types.filter((type) => type === 'report-filed')).toHaveLength(2);
  });

  it('R-LIFECYCLE: thirty follow-ups racing the final report: each is either stored before the incident closed, or refused (409) with nothing stored; none fails', async () => {
    const incidentId = await givenIncident();
    const at = new Date('2026-11-28T01:00:00Z');
    const responses = await Promise.all([
      ...Array.from({ length: 15 }, (_, index) =>
        report(incidentId, at, { kind: 'follow-up', summary: `续报${index}` }),
      ),
      report(incidentId, at, final),
      ...Array.from({ length: 15 }, (_, index) =>
        report(incidentId, at, { kind: 'follow-up', summary: `续报${index + 15}` }),
      ),
    ]);
    const record = (await table.incidents.getIncidentRecord(incidentId))!;
    const closedAt = record.timeline.findIndex((event) => event.type === 'incident-closed');
    const filedBeforeClose = record.timeline.slice(0, closedAt).filter((event) => event.type === 'report-filed').length;
    expect(record.incident.status).toBe('closed');
    expect(record.timeline.slice(closedAt + 1).filter((event) => event.type === 'report-filed')).toEqual([]);
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(filedBeforeClose);
    expect(responses.every((response) => response.statusCode === 201 || response.statusCode === 409)).toBe(true);
    expect(record.reports.filter((stored) => stored.kind !== 'first')).toHaveLength(filedBeforeClose);
    // …and the incident closed after every one of them was received, not at the final report's own receipt.
    expect(record.reports.every((stored) => stored.receivedAt <= record.incident.closedAt!)).toBe(true);
    const after = await report(incidentId, at, { kind: 'follow-up', summary: '太迟了' });
    expect(after.statusCode).toBe(409);
    expect((await table.incidents.getIncidentRecord(incidentId))!.reports).toHaveLength(record.reports.length);
  });

  it('R-LIFECYCLE: two final reports at once — one closes the incident; the other is refused (409) and nothing of it is stored', async () => {
    const incidentId = await givenIncident();
    const at = new Date('2026-11-28T01:00:00Z');
    const responses = await Promise.all([
      report(incidentId, at, final),
      report(incidentId, at, { ...final, summary: '另一份终报' }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const record = (await table.incidents.getIncidentRecord(incidentId))!;
    expect(record.reports.filter((stored) => stored.kind === 'final')).toHaveLength(1);
    expect(record.incident).toMatchObject({
      status: 'closed',
      closedByReportId: record.reports.find((stored) => stored.kind === 'final')!.reportId,
    });
  });

  it('R-LIFECYCLE, R-EVAL: the final report settles every obligation still open — the written report it meets, the rest closed in the state they were in — stops every watch, and nothing is sent after it', async () => {
    // Prepare: a phone answer overdue (its ladder climbing), a written answer still pending
    const incidentId = await givenIncident();
    const { requestId } = await requestVerification(incidentId, new Date('2026-11-28T01:00:00Z'), true);
    await table.obligations.markObligationOverdue(incidentId, `${requestId}-phone`);
    workflow = new RecordingWorkflow();
    // Act
    const response = await report(incidentId, new Date('2026-11-28T01:30:00Z'), final);
    const notifier = new RecordingNotifier();
    const afterwards = await makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org',
      consoleUrl: 'https://console.example.org/console/',
      now: () => new Date('2026-11-28T01:35:00Z'),
    })({ incidentId, obligationId: `${requestId}-phone`, escalationStep: 3, repeat: 0 });
    // Assess
    expect(response.statusCode).toBe(201);
    const obligations = (await table.obligations.obligationsOf(incidentId)).sort((a, b) =>
      a.obligationId.localeCompare(b.obligationId),
    );
    expect(
      obligations.map((obligation) => [obligation.obligationId, obligation.status, obligation.closedWhile]),
    ).toEqual([
      [`${requestId}-phone`, 'closed', 'overdue'],
      [`${requestId}-written`, 'closed', 'pending'],
      ['written-report', 'late', undefined],
    ]);
    expect(workflow.obligationStops.map((stop) => stop.name).sort()).toEqual(
      [`${incidentId}_${requestId}-phone`, `${incidentId}_${requestId}-written`, `${incidentId}_written-report`].sort(),
    );
    expect(workflow.stops).toEqual([{ incidentId, cause: expect.stringContaining('Final report') }]);
    expect(afterwards).toMatchObject({ escalated: false, nextEscalation: null });
    expect(notifier.sent).toEqual([]);
    expect(await table.obligations.openObligationsDueBy()).not.toContainEqual(expect.objectContaining({ incidentId }));
    // R-EVAL: the overdue answer counts as missed; the pending one as not due.
    const evaluation = evaluate({
      from: new Date('2026-11-01T00:00:00+08:00'),
      to: new Date('2026-12-01T00:00:00+08:00'),
      asOf: new Date('2026-11-29T00:00:00Z'),
      policy: defaultPolicy,
      units: defaultDirectory.units,
      incidents: [{ incident: (await table.incidents.getIncident(incidentId))!, obligations }],
      spotChecks: [],
    });
    const zone = evaluation.units.find((unit) => unit.unitId === 'gaosheng-zone')!;
    expect(zone.tallies['verification-phone']).toEqual({ onTime: 0, late: 0, missed: 1, pending: 0 });
    expect(zone.tallies['verification-written']).toEqual({ onTime: 0, late: 0, missed: 0, pending: 1 });
  });

  it('R-LIFECYCLE: a final report that stopped after closing the incident is finished by the first watch that finds it: nothing escalates after the end', async () => {
    const incidentId = await givenIncident();
    const { requestId } = await requestVerification(incidentId, new Date('2026-11-28T01:00:00Z'));
    await table.incidents.closeIncident(
      incidentId,
      '2026-11-28T01:10:00.000Z',
      'RPT-STOPPED',
      new Date('2026-11-28T01:10:00Z'),
    );
    const notifier = new RecordingNotifier();
    const result = await makeEscalate({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org',
      consoleUrl: 'https://console.example.org/console/',
      now: () => new Date('2026-11-28T01:25:00Z'),
    })({ incidentId, obligationId: `${requestId}-phone`, escalationStep: 1, repeat: 0 });
    expect(result).toMatchObject({ escalated: false, obligationStatus: 'closed', nextEscalation: null });
    expect(notifier.sent).toEqual([]);
    expect((await table.obligations.obligationsOf(incidentId)).map((obligation) => obligation.status).sort()).toEqual([
      'closed',
      'late',
    ]);
  });

  it('R-INTAKE: a first report whose run died half-way (after its events and batch, before its watches) is converged on by the retry with the same Idempotency-Key: one incident, its watches, its events once', async () => {
    // Prepare: StartExecution fails once — the first run stops there, as if the process died
    const headers = { 'idempotency-key': `crash-retry-${Date.now()}` };
    const create = (now: Date) =>
      makeCreateIncident(deps(now))(
        httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport(), caller: town, headers }),
        context,
      );
    workflow.failNextStarts = 1;
    // Act
    const first = await create(new Date('2026-11-28T00:06:00Z'));
    const retry = await create(new Date('2026-11-28T00:06:40Z'));
    // Assess
    expect(first.statusCode).toBe(500);
    expect(retry.statusCode).toBe(201);
    const incident = JSON.parse(retry.body!);
    // The retry names the incident the first run stored, with the first run's clock.
    expect(incident.receivedAt).toBe('2026-11-28T00:06:00.000Z');
    const sameDay = (await table.allItems()).filter(
      (item) =>
        item.itemType === 'incident' &&
        String(item.incidentId).startsWith('INC-20261128-') &&
        item.receivedAt === '2026-11-28T00:06:00.000Z',
    );
    expect(sameDay).toHaveLength(1);
    expect(workflow.obligationStarts.map((start) => start.name)).toEqual([`${incident.incidentId}_written-report`]);
    const record = (await table.incidents.getIncidentRecord(incident.incidentId))!;
    expect(record.timeline.map((event) => event.type)).toEqual([
      'incident-reported',
      'obligation-opened',
      'execution-started',
    ]);
    expect(verifyChain(record.timeline).valid).toBe(true);
  });

  it('R-INTAKE: a first report whose run died between its events and its batch: the retry adopts the events in place and writes the items, once', async () => {
    const headers = { 'idempotency-key': `crash-between-${Date.now()}` };
    let failBatch = true;
    const failing = new Proxy(table.incidents, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property === 'putNewIncidentRecord' && failBatch) {
          return async () => {
            failBatch = false;
            throw Object.assign(new Error('connection reset'), { name: 'TimeoutError' });
          };
        }
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const create = (repositories: Repositories) =>
      makeCreateIncident(deps(new Date('2026-11-28T00:07:00Z'), repositories))(
        httpEvent({
          method: 'POST',
          path: '/incidents',
          body: phoneFirstReport({ title: '第二起' }),
          caller: town,
          headers,
        }),
        context,
      );
    expect((await create({ ...table.repositories, incidents: failing })).statusCode).toBe(500);
    const retry = await create(table.repositories);
    expect(retry.statusCode).toBe(201);
    const record = (await table.incidents.getIncidentRecord(JSON.parse(retry.body!).incidentId))!;
    expect(record.reports).toHaveLength(1);
    expect(record.obligations).toHaveLength(1);
    expect(record.timeline.map((event) => event.type)).toEqual([
      'incident-reported',
      'obligation-opened',
      'execution-started',
    ]);
  });

  it('R-LADDER: a deadline whose watch never started (StartExecution failed) is found by the sweep after its due time, watched, and recorded — once', async () => {
    // Prepare: the first report is stored; its watch start fails
    workflow.failNextStarts = 1;
    const failed = await makeCreateIncident(deps(new Date('2026-11-28T03:00:00Z')))(
      httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport({ title: '无人看守' }), caller: town }),
      context,
    );
    expect(failed.statusCode).toBe(500);
    const stored = (await table.obligations.openObligationsDueBy()).find(
      (obligation) => obligation.dueAt === '2026-11-28T03:30:00.000Z',
    )!;
    // (Other tests' deadlines share the table; only this incident's watch is asked about.)
    const sweep = async (at: string) => {
      const result = await makeSweep({
        ...table.repositories,
        workflow,
        policy: defaultPolicy,
        drillSpeed: 1,
        now: () => new Date(at),
      })();
      return { started: result.started.filter((arn) => arn.includes(stored.incidentId)) };
    };
    // Act
    const beforeDue = await sweep('2026-11-28T03:20:00Z');
    const justAfterDue = await sweep('2026-11-28T03:30:30Z');
    const afterGrace = await sweep('2026-11-28T03:31:30Z');
    const again = await sweep('2026-11-28T03:32:30Z');
    // Assess
    // The incident's own execution never ran either (no one was told at once): started by the first sweep a minute
    // after receipt;
    // the deadline's watch once the deadline is a minute past.
    expect(beforeDue.started).toEqual([`arn:test:states:us-east-1:test:execution:incident:${stored.incidentId}`]);
    expect(justAfterDue.started).toEqual([]);
    expect(afterGrace.started).toEqual([
      `arn:test:states:us-east-1:test:execution:obligation:${stored.incidentId}_written-report`,
    ]);
    expect(again.started).toEqual([]);
    expect(
      workflow.obligationStarts.filter((start) => start.name === `${stored.incidentId}_written-report`),
    ).toHaveLength(1);
    const watchEvents = (await table.incidents.getIncidentRecord(stored.incidentId))!.timeline.filter(
      (event) => event.type === 'watch-started',
    );
    expect(watchEvents).toEqual([
      expect.objectContaining({
        actor: 'system:deadline-sweep',
        detail: expect.objectContaining({ executionArn: expect.stringContaining(':incident:') }),
      }),
      expect.objectContaining({
        actor: 'system:deadline-sweep',
        detail: expect.objectContaining({ obligationId: 'written-report' }),
      }),
    ]);
    expect(workflow.incidentStarts.filter((start) => start.incidentId === stored.incidentId)).toHaveLength(1);
  });

  describe('R-LADDER: claims before sends — at most one resend after a crash, never a third', () => {
    const escalate = (
      incidentId: string,
      notifier: RecordingNotifier,
      alarms: RecordingAlarms,
      at = '2026-11-28T00:36:00Z',
    ) =>
      makeEscalate({
        ...table.repositories,
        notifier,
        alarms,
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        signingKey: testSigningKey,
        publicApiUrl: 'https://api.example.org',
        consoleUrl: 'https://console.example.org/console/',
        now: () => new Date(at),
      })({ incidentId, obligationId: 'written-report', escalationStep: 1, repeat: 0 });
    const smsRecord = async (incidentId: string) =>
      (await table.incidents.getIncidentRecord(incidentId))!.messages.find((message) => message.channel === 'sms')!;
    /** What a crash between SNS taking the SMS and the record saying so leaves behind. */
    const crashAfterPublish = (incidentId: string) =>
      table.documentClient.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.message(incidentId, 'written-report#step-1#repeat-0', 'gaosheng-zone.duty', 'sms'),
          UpdateExpression: 'SET #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );

    it('an SMS whose sending never said how it ended is sent once more; a second such crash leaves it unconfirmed and the operators are told', async () => {
      // Prepare: step 1 sent, then the record put back as a crash would have left it
      const incidentId = await givenIncident();
      const alarms = new RecordingAlarms();
      await escalate(incidentId, new RecordingNotifier(), alarms);
      await crashAfterPublish(incidentId);
      // Act 1: the step runs again (the restarted watch)
      const resend = new RecordingNotifier();
      await escalate(incidentId, resend, alarms);
      // Act 2: crashed again in the same window
      await crashAfterPublish(incidentId);
      const third = new RecordingNotifier();
      const result = await escalate(incidentId, third, alarms);
      // Assess
      expect(resend.sent.filter((message) => message.channel === 'sms')).toHaveLength(1);
      expect(third.sent.filter((message) => message.channel === 'sms')).toEqual([]);
      expect(result.notified.find((contact) => contact.channel === 'sms')?.outcome).toBe('unconfirmed');
      expect(await smsRecord(incidentId)).toMatchObject({
        status: 'unconfirmed',
        resentAfterUnknownOutcome: expect.any(String),
      });
      expect(alarms.raised).toEqual([
        {
          subject: expect.stringContaining('+8613800000003'),
          message: expect.stringContaining('两次发送均未确认结果'),
        },
      ]);
    });

    it('a digest claimed and sent, but killed before its messages were marked, is finished by the next run without being sent again', async () => {
      // Prepare: two SMS held for one phone; a digest claimed with them and marked sent; its messages not yet
      const phone = '+8613800000025';
      const incidentIds = [await givenIncident(), await givenIncident()];
      for (const incidentId of incidentIds) {
        const { record } = await table.messages.claimMessage({
          incidentId,
          messageKey: 'written-report#step-1#repeat-0',
          purpose: 'escalation',
          unitId: 'example-town-a',
          contactId: 'example-town-a.duty',
          contactName: '值班员',
          channel: 'sms',
          to: phone,
          text: 't',
          claimedAt: '2026-11-28T00:36:00.000Z',
        });
        await table.smsQueue.hold({
          phone,
          contactId: 'example-town-a.duty',
          queuedAt: '2026-11-28T00:36:00.000Z',
          incidentId,
          messageKey: 'written-report#step-1#repeat-0',
          line: `${incidentId}逾期`,
          text: 't',
        });
        await table.messages.markMessageQueued(record);
      }
      const digest = {
        digestId: `${phone}#2026-11-28T00:39:00.000Z`,
        phone,
        windowStart: '2026-11-28T00:39:00.000Z',
        status: 'sending' as const,
        text: 'digest',
      };
      await table.smsQueue.claimDigest(
        digest,
        await table.smsQueue.held().then((held) => held.filter((item) => item.phone === phone)),
      );
      await table.smsQueue.markDigestSent(digest, 'sns-1', '2026-11-28T00:39:01.000Z');
      const notifier = new RecordingNotifier();
      // Act
      const result = await makeSendSmsDigests({
        ...table.repositories,
        queue: table.smsQueue,
        notifier,
        directory: fixedDirectory(defaultDirectory),
        windowMs: 120_000,
        now: () => new Date('2026-11-28T00:45:00Z'),
      })();
      // Assess
      expect(notifier.sent).toEqual([]);
      expect(result.sent).toEqual([]);
      for (const incidentId of incidentIds)
        expect(await smsRecord(incidentId)).toMatchObject({
          status: 'sent',
          messageId: 'sns-1',
          mergedIntoDigest: true,
        });
      expect((await table.smsQueue.held()).filter((item) => item.phone === phone)).toEqual([]);
    });

    it('a digest killed around the provider is sent once more; killed again, its messages are unconfirmed and the operators are told', async () => {
      const phone = '+8613800000026';
      const incidentId = await givenIncident();
      const { record } = await table.messages.claimMessage({
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        purpose: 'escalation',
        unitId: 'example-town-b',
        contactId: 'example-town-b.duty',
        contactName: '值班员',
        channel: 'sms',
        to: phone,
        text: 't',
        claimedAt: '2026-11-28T00:36:00.000Z',
      });
      await table.smsQueue.hold({
        phone,
        contactId: 'example-town-b.duty',
        queuedAt: '2026-11-28T00:36:00.000Z',
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        line: '逾期',
        text: '单条催报',
      });
      await table.messages.markMessageQueued(record);
      const digest = {
        digestId: `${phone}#2026-11-28T00:39:00.000Z`,
        phone,
        windowStart: '2026-11-28T00:39:00.000Z',
        status: 'sending' as const,
        text: '单条催报',
      };
      await table.smsQueue.claimDigest(
        digest,
        (await table.smsQueue.held()).filter((item) => item.phone === phone),
      );
      const alarms = new RecordingAlarms();
      const run = (notifier: RecordingNotifier, at: string) =>
        makeSendSmsDigests({
          ...table.repositories,
          queue: table.smsQueue,
          notifier,
          alarms,
          directory: fixedDirectory(defaultDirectory),
          windowMs: 120_000,
          now: () => new Date(at),
        })();
      // Act 1: the next run finds it 'sending' — it resends it, once
      const resent = new RecordingNotifier();
      await run(resent, '2026-11-28T00:45:00Z');
      expect(resent.sent.map((message) => message.text)).toEqual(['单条催报']);
      // Act 2: the same again, as if the resend's run died too
      await table.documentClient.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.smsDigest(phone, digest.windowStart),
          UpdateExpression: 'SET #status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
      await table.smsQueue.hold({
        phone,
        contactId: 'example-town-b.duty',
        queuedAt: '2026-11-28T00:36:00.000Z',
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        line: '逾期',
        text: '单条催报',
        digestId: digest.digestId,
      });
      await crashedMessage(incidentId);
      const third = new RecordingNotifier();
      await run(third, '2026-11-28T00:50:00Z');
      // Assess
      expect(third.sent).toEqual([]);
      expect(await smsRecord(incidentId)).toMatchObject({ status: 'unconfirmed' });
      expect(alarms.raised).toEqual([
        { subject: expect.stringContaining(phone), message: expect.stringContaining('两次发送均未确认结果') },
      ]);
    });

    /** The message record as a second crash would leave it: not yet recorded sent. */
    const crashedMessage = (incidentId: string) =>
      table.documentClient.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.message(incidentId, 'written-report#step-1#repeat-0', 'example-town-b.duty', 'sms'),
          UpdateExpression: 'SET #status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued' },
        }),
      );

    it('R-LIFECYCLE: an SMS held for a digest is not sent once its incident is closed or its document filed: it is withdrawn, and the rest still go', async () => {
      // Prepare: three SMS held for the town's duty phone; then one incident closes by its final report and another's
      // written report is filed
      const phone = '+8613800000027';
      const held = [await givenIncident(), await givenIncident(), await givenIncident()];
      for (const incidentId of held) {
        const { record } = await table.messages.claimMessage({
          incidentId,
          messageKey: 'written-report#step-1#repeat-0',
          purpose: 'escalation',
          obligationId: 'written-report',
          unitId: 'example-town-b',
          contactId: 'example-town-b.leader',
          contactName: '带班领导',
          channel: 'sms',
          to: phone,
          text: `${incidentId}单条`,
          claimedAt: '2026-11-28T00:36:00.000Z',
        });
        await table.smsQueue.hold({
          phone,
          contactId: 'example-town-b.leader',
          queuedAt: '2026-11-28T00:36:00.000Z',
          incidentId,
          messageKey: 'written-report#step-1#repeat-0',
          obligationId: 'written-report',
          line: `${incidentId}逾期`,
          text: `${incidentId}单条`,
        });
        await table.messages.markMessageQueued(record);
      }
      expect((await report(held[0], new Date('2026-11-28T00:37:00Z'), final)).statusCode).toBe(201);
      expect(
        (await report(held[1], new Date('2026-11-28T00:37:00Z'), { kind: 'written', summary: '补报' })).statusCode,
      ).toBe(201);
      const notifier = new RecordingNotifier();
      // Act
      await makeSendSmsDigests({
        ...table.repositories,
        queue: table.smsQueue,
        notifier,
        directory: fixedDirectory(defaultDirectory),
        windowMs: 120_000,
        now: () => new Date('2026-11-28T00:45:00Z'),
      })();
      // Assess: only the third goes, as it was written
      expect(notifier.sent.map((message) => message.text)).toEqual([`${held[2]}单条`]);
      for (const incidentId of held.slice(0, 2)) {
        expect(await smsRecord(incidentId)).toMatchObject({ status: 'withdrawn' });
        expect(
          (await table.incidents.getIncidentRecord(incidentId))!.timeline.find(
            (event) => event.type === 'escalation-skipped',
          )?.detail,
        ).toMatchObject({ to: phone, reason: expect.stringContaining('no longer owed') });
      }
      expect((await table.smsQueue.held()).filter((item) => item.phone === phone)).toEqual([]);
    });

    it('R-INTAKE, R-LADDER: an SMS held for a digest whose incident item is not written yet (a first report cut short between its obligations and its incident, until its retry) is still owed: it is sent, not withdrawn', async () => {
      // Prepare: the sweep's watch of the orphaned obligation held its step-1 SMS; the incident item is missing
      const phone = '+8613800000029';
      const incidentId = await givenIncident();
      const { Item: incidentItem } = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: keys.incident(incidentId) }),
      );
      await table.documentClient.send(
        new DeleteCommand({ TableName: table.tableName, Key: keys.incident(incidentId) }),
      );
      expect(await table.incidents.getIncident(incidentId)).toBeUndefined();
      const { record } = await table.messages.claimMessage({
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        purpose: 'escalation',
        obligationId: 'written-report',
        unitId: 'example-town-b',
        contactId: 'example-town-b.leader',
        contactName: '带班领导',
        channel: 'sms',
        to: phone,
        text: `${incidentId}单条`,
        claimedAt: '2026-11-28T00:36:00.000Z',
      });
      await table.smsQueue.hold({
        phone,
        contactId: 'example-town-b.leader',
        queuedAt: '2026-11-28T00:36:00.000Z',
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        obligationId: 'written-report',
        line: `${incidentId}逾期`,
        text: `${incidentId}单条`,
      });
      await table.messages.markMessageQueued(record);
      const notifier = new RecordingNotifier();
      // Act
      await makeSendSmsDigests({
        ...table.repositories,
        queue: table.smsQueue,
        notifier,
        directory: fixedDirectory(defaultDirectory),
        windowMs: 120_000,
        now: () => new Date('2026-11-28T00:45:00Z'),
      })();
      // Assess: it went; once the retry has written the incident, its record says so
      expect(notifier.sent.map((message) => message.text)).toEqual([`${incidentId}单条`]);
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: incidentItem }));
      expect(await smsRecord(incidentId)).toMatchObject({ status: 'sent' });
      expect((await table.smsQueue.held()).filter((item) => item.phone === phone)).toEqual([]);
    });

    it('holding the same SMS back twice (a claim cut short between holding it and recording so) holds it once, and it is not sent beside its digest', async () => {
      const phone = '+8613800000003';
      const incidentId = await givenIncident();
      const item = {
        phone,
        contactId: 'gaosheng-zone.duty',
        queuedAt: '2026-11-28T00:36:00.000Z',
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        line: '逾期',
        text: 't',
      };
      await table.smsQueue.hold(item);
      await table.smsQueue.hold({ ...item, queuedAt: '2026-11-28T00:37:00.000Z' });
      expect((await table.smsQueue.held()).filter((held) => held.incidentId === incidentId)).toHaveLength(1);
      // The claim comes back 'sending' (attempt 2): the SMS is already held, so it is recorded queued, not sent on its
      // own.
      await table.messages.claimMessage({
        incidentId,
        messageKey: 'written-report#step-1#repeat-0',
        purpose: 'escalation',
        unitId: 'gaosheng-zone',
        contactId: 'gaosheng-zone.duty',
        contactName: '值班员',
        channel: 'sms',
        to: phone,
        text: 't',
        claimedAt: '2026-11-28T00:36:00.000Z',
      });
      const notifier = new RecordingNotifier();
      const result = await makeEscalate({
        ...table.repositories,
        notifier,
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        signingKey: testSigningKey,
        publicApiUrl: 'https://api.example.org',
        consoleUrl: 'https://console.example.org/console/',
        smsRateLimit: { windowMs: 120_000, queue: table.smsQueue },
        now: () => new Date('2026-11-28T00:38:00Z'),
      })({ incidentId, obligationId: 'written-report', escalationStep: 1, repeat: 0 });
      expect(result.notified.find((contact) => contact.channel === 'sms')?.outcome).toBe('queued');
      expect(notifier.sent.filter((message) => message.channel === 'sms')).toEqual([]);
    });
  });
});
