import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeAcknowledgeEscalation } from '../../functions/api/acknowledge-escalation';
import { makeHandler as makeAcknowledgeObligationEscalation } from '../../functions/api/acknowledge-obligation-escalation';
import { makeHandler as makeListObligations } from '../../functions/api/list-obligations';
import { makeHandler as makeAnswerVerification } from '../../functions/api/answer-verification';
import { makeHandler as makeFileFeedback } from '../../functions/api/file-instruction-feedback';
import { makeHandler as makeRecordInstruction } from '../../functions/api/record-instruction';
import { makeHandler as makeRequestVerification } from '../../functions/api/request-verification';
import { makeHandler as makeAcknowledgeSpotCheck } from '../../functions/api/acknowledge-spot-check';
import { makeHandler as makeStartSpotCheck } from '../../functions/api/start-spot-check';
import { acknowledgementSignature } from '../../functions/domain/acknowledgements';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeSmsInbound } from '../../functions/events/sms-inbound';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, reporterOf } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingWorkflow, testSigningKey } from '../support/recording-workflow';
import { RecordingNotifier } from '../support/recording-notifier';
import { RecordingAlarms, startTestTable, type TestTable } from '../support/table';

const requestedAt = new Date('2026-11-28T01:00:00Z');

describe('verification requests, instructions, acknowledgements and spot checks', () => {
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
    const incidentId = `INC-20261128-REG${String(sequence).padStart(3, '0')}`;
    await givenPhoneReportedIncident(table, { incidentId, phoneReportAt: new Date('2026-11-28T00:05:00Z') });
    return incidentId;
  }

  const deps = (now: Date) => ({
    ...table.repositories,
    workflow,
    directory: fixedDirectory(defaultDirectory),
    policy: defaultPolicy,
    drillSpeed: 1,
    now: () => now,
  });
  const post = (path: string, body: unknown, pathParameters: Record<string, string>) =>
    httpEvent({ method: 'POST', path, body: body as object, pathParameters });
  const requestVerification = (incidentId: string, body: unknown, now = requestedAt) =>
    makeRequestVerification(deps(now))(
      post(`/incidents/${incidentId}/verification-requests`, body, { incidentId }),
      context,
    );
  const answer = (incidentId: string, requestId: string, body: unknown, now: Date) =>
    makeAnswerVerification(deps(now))(
      post(`/incidents/${incidentId}/verification-requests/${requestId}/answers`, body, { incidentId, requestId }),
      context,
    );
  const recordInstruction = (incidentId: string, body: unknown, now = requestedAt) =>
    makeRecordInstruction(deps(now))(post(`/incidents/${incidentId}/instructions`, body, { incidentId }), context);
  const feedback = (incidentId: string, instructionId: string, body: unknown, now: Date) =>
    makeFileFeedback(deps(now))(
      post(`/incidents/${incidentId}/instructions/${instructionId}/feedback`, body, { incidentId, instructionId }),
      context,
    );

  async function expectNothingWritten(
    act: () => Promise<{ statusCode?: number; body?: string }>,
    status: number,
  ): Promise<{ errors?: { field: string }[]; title: string }> {
    const before = (await table.allItems()).length;
    const startsBefore = workflow.obligationStarts.length;
    const response = await act();
    expect(response.statusCode).toBe(status);
    expect((await table.allItems()).length).toBe(before);
    expect(workflow.obligationStarts).toHaveLength(startsBefore);
    return JSON.parse(response.body!);
  }

  it('R-VERIFY-20-40: a request asking for writing opens the phone answer due in 20 minutes and the written one in 40, each watched', async () => {
    const incidentId = await givenIncident();
    const response = await requestVerification(incidentId, { question: '请核实伤亡人数', writtenAnswerRequired: true });
    expect(response.statusCode).toBe(201);
    const request = JSON.parse(response.body!);
    expect(
      request.obligations.map((obligation: { obligationId: string; dueAt: string }) => [
        obligation.obligationId,
        obligation.dueAt,
      ]),
    ).toEqual([
      [`${request.requestId}-phone`, '2026-11-28T01:20:00.000Z'],
      [`${request.requestId}-written`, '2026-11-28T01:40:00.000Z'],
    ]);
    expect(workflow.obligationStarts.map((start) => start.name)).toEqual([
      `${incidentId}_${request.requestId}-phone`,
      `${incidentId}_${request.requestId}-written`,
    ]);
  });

  it('R-VERIFY-20-40: the phone answer at minute 19 is met, the written one at minute 41 is late; a second answer → 409 and nothing written', async () => {
    const incidentId = await givenIncident();
    const { requestId } = JSON.parse(
      (await requestVerification(incidentId, { question: '核实', writtenAnswerRequired: true })).body!,
    );
    const phone = await answer(
      incidentId,
      requestId,
      { channel: 'phone', answer: '2人轻伤' },
      new Date('2026-11-28T01:19:00Z'),
    );
    const written = await answer(
      incidentId,
      requestId,
      { channel: 'written', answer: '书面核实', lateReason: '等待医院诊断' },
      new Date('2026-11-28T01:41:00Z'),
    );
    expect(JSON.parse(phone.body!).obligation).toMatchObject({ status: 'met' });
    expect(JSON.parse(written.body!).obligation).toMatchObject({ status: 'late', lateReason: '等待医院诊断' });
    const again = await expectNothingWritten(
      () => answer(incidentId, requestId, { channel: 'phone', answer: '再答' }, new Date('2026-11-28T01:45:00Z')),
      409,
    );
    expect(again.title).toBe('Already answered');
  });

  it('R-VERIFY-20-40: bad requests and answers → 4xx naming the field, nothing written', async () => {
    const incidentId = await givenIncident();
    expect(
      (await expectNothingWritten(() => requestVerification(incidentId, { writtenAnswerRequired: 'yes' }), 400))
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['question', 'writtenAnswerRequired']);
    await expectNothingWritten(() => requestVerification('INC-20260101-NOSUCH', { question: '核实' }), 404);
    const { requestId } = JSON.parse((await requestVerification(incidentId, { question: '核实' })).body!);
    expect(
      (
        await expectNothingWritten(
          () => answer(incidentId, requestId, { channel: 'written', answer: '书面' }, requestedAt),
          400,
        )
      ).errors,
    ).toEqual([expect.objectContaining({ field: 'channel' })]);
    await expectNothingWritten(
      () => answer(incidentId, 'VRQ-NOSUCH', { channel: 'phone', answer: '电话' }, requestedAt),
      404,
    );
    expect(
      (
        await expectNothingWritten(
          () => answer(incidentId, requestId, { channel: 'fax', answer: '' }, requestedAt),
          400,
        )
      )
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['answer', 'channel']);
  });

  it('R-INSTRUCTION-12H: feedback is due 12 hours after the instruction was received, not after it was recorded', async () => {
    const incidentId = await givenIncident();
    const response = await recordInstruction(incidentId, {
      leader: '县长',
      leaderLevel: 'county',
      text: '全力救治伤员',
      receivedAt: '2026-11-28T08:50:00+08:00',
    });
    expect(response.statusCode).toBe(201);
    const instruction = JSON.parse(response.body!);
    expect(instruction.obligation).toMatchObject({
      kind: 'instruction-feedback',
      dueAt: '2026-11-28T12:50:00.000Z',
      openedAt: '2026-11-28T00:50:00.000Z',
    });
    const filed = await feedback(
      incidentId,
      instruction.instructionId,
      { text: '已落实' },
      new Date('2026-11-28T05:00:00Z'),
    );
    expect(JSON.parse(filed.body!).obligation).toMatchObject({ status: 'met' });
    await expectNothingWritten(
      () => feedback(incidentId, instruction.instructionId, { text: '再次反馈' }, new Date('2026-11-28T06:00:00Z')),
      409,
    );
  });

  it('R-INSTRUCTION-12H: an instruction received in the future or before the incident → 400 naming receivedAt, nothing written', async () => {
    const incidentId = await givenIncident();
    const future = await expectNothingWritten(
      () => recordInstruction(incidentId, { leader: '县长', text: '批示', receivedAt: '2026-11-28T01:05:00Z' }),
      400,
    );
    expect(future.errors).toEqual([{ field: 'receivedAt', message: 'Must not be in the future' }]);
    const early = await expectNothingWritten(
      () => recordInstruction(incidentId, { leader: '县长', text: '批示', receivedAt: '2026-11-27T00:00:00Z' }),
      400,
    );
    expect(early.errors).toEqual([expect.objectContaining({ field: 'receivedAt' })]);
    await expectNothingWritten(() => feedback(incidentId, 'INS-NOSUCH', { text: '反馈' }, requestedAt), 404);
  });

  describe('R-LADDER acknowledgements', () => {
    /**
     * Step 2 of the written report's ladder (the zone's principal leader, +8613800000004) sent, as the escalation task
     * sends it.
     */
    async function givenCode(): Promise<{ incidentId: string; code: string }> {
      const incidentId = await givenIncident();
      await makeEscalate({
        ...table.repositories,
        notifier: new RecordingNotifier(),
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        signingKey: testSigningKey,
        publicApiUrl: 'https://api.example.org',
        consoleUrl: 'https://console.example.org/console/',
        now: () => new Date('2026-11-28T00:50:00Z'),
      })({ incidentId, obligationId: 'written-report', escalationStep: 2, repeat: 0 });
      const code = await table.acknowledgements.acknowledgementCodeFor(
        { incidentId, obligationId: 'written-report', escalationStep: 2 },
        () => 'UNUSED',
      );
      return { incidentId, code };
    }
    let alarms: RecordingAlarms;
    beforeEach(() => {
      alarms = new RecordingAlarms();
    });
    const openLink = (code: string, query: Record<string, string>) =>
      makeAcknowledgeEscalation({
        ...table.repositories,
        directory: fixedDirectory(defaultDirectory),
        signingKey: testSigningKey,
        consoleUrl: 'https://console.example.org/console/',
        now: () => requestedAt,
      })(httpEvent({ method: 'GET', path: `/acknowledgements/${code}`, pathParameters: { code }, query }), context);
    const reply = (originationNumber: string, messageBody: string, at = requestedAt) =>
      makeSmsInbound({
        ...table.repositories,
        directory: fixedDirectory(defaultDirectory),
        replies: table.replies,
        alarms,
        policy: defaultPolicy,
        now: () => at,
      })({ Records: [{ Sns: { Message: JSON.stringify({ originationNumber, messageBody }) } }] } as never);
    const timelineOf = async (incidentId: string) => (await table.incidents.getIncidentRecord(incidentId))!.timeline;

    it("the signed link records the contact's acknowledgement once and answers in Chinese and English", async () => {
      const { incidentId, code } = await givenCode();
      const signature = acknowledgementSignature(testSigningKey.key, code, 'gaosheng-zone.leader');
      const first = await openLink(code, { contact: 'gaosheng-zone.leader', signature });
      const second = await openLink(code, { contact: 'gaosheng-zone.leader', signature });
      expect(first.statusCode).toBe(200);
      // Issue 14 item 5: a page made for the phone the link is opened on, with no script allowed.
      expect(first.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(first.headers?.['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(first.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(first.body).toContain(
        `已确认收到：${incidentId} 书面报告 第2级催报（gaosheng-zone.leader，2026-11-28 09:00 北京时间）`,
      );
      expect(first.body).toContain('Acknowledged:');
      // Issue 14 item 6: it leads on to the obligation's form in the console, ready to file
      expect(first.body).toContain(
        `<a href="https://console.example.org/console/#/incidents/${incidentId}/obligations/written-report">在控制台报送</a>`,
      );
      expect(first.body).toContain('File it in the console</a>');
      expect(second.statusCode).toBe(200);
      const record = await table.incidents.getIncidentRecord(incidentId);
      expect(record?.acknowledgements).toEqual([
        expect.objectContaining({ escalationStep: 2, contactId: 'gaosheng-zone.leader', via: 'link' }),
      ]);
      expect(
        record?.timeline.filter((event) => event.type === 'escalation-acknowledged').map((event) => event.detail.first),
      ).toEqual([true, false]);
    });

    it('a link signed for another contact, or without its signature → 4xx, nothing written', async () => {
      const { code } = await givenCode();
      const forContact = acknowledgementSignature(testSigningKey.key, code, 'gaosheng-zone.leader');
      await expectNothingWritten(() => openLink(code, { contact: 'gaosheng-zone.duty', signature: forContact }), 403);
      expect((await expectNothingWritten(() => openLink(code, {}), 400)).errors!.map((e) => e.field)).toEqual([
        'contact',
        'signature',
      ]);
      const unknown = 'ZZZZZZ';
      await expectNothingWritten(
        () =>
          openLink(unknown, {
            contact: 'gaosheng-zone.duty',
            signature: acknowledgementSignature(testSigningKey.key, unknown, 'gaosheng-zone.duty'),
          }),
        404,
      );
    });

    it('an SMS reply with the code from a contact the step was sent to acknowledges; chatter, unknown codes and unknown senders acknowledge nothing', async () => {
      const { incidentId, code } = await givenCode();
      const ignored = await reply('+8613999999999', code);
      expect(await reply('+8613800000004', '好的')).toEqual([
        { outcome: 'ignored', reason: 'no acknowledgement code in the reply' },
      ]);
      expect(await reply('+8613800000004', 'QQQQQQ')).toEqual([{ outcome: 'ignored', reason: 'unknown code QQQQQQ' }]);
      expect(ignored).toEqual([{ outcome: 'ignored', reason: 'sender is not in the directory' }]);
      expect(await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2)).toBeUndefined();
      expect(
        (await timelineOf(incidentId))
          .filter((event) => event.type === 'acknowledgement-refused')
          .map((event) => event.detail),
      ).toEqual([expect.objectContaining({ reason: 'unknown-sender', from: '+8613999999999' })]);
      expect(await reply('+8613800000004', ` ${code.toLowerCase()} 收到`)).toEqual([
        { outcome: 'acknowledged', code, contactId: 'gaosheng-zone.leader', first: true },
      ]);
      expect(await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2)).toMatchObject({
        contactId: 'gaosheng-zone.leader',
        via: 'sms',
      });
    });

    it('R-LADDER: the code may stand anywhere in the reply ("THANKS <code>")', async () => {
      const { code } = await givenCode();
      expect(await reply('+8613800000004', `THANKS ${code}`)).toEqual([
        { outcome: 'acknowledged', code, contactId: 'gaosheng-zone.leader', first: true },
      ]);
    });

    it("R-LADDER: another unit's phone cannot acknowledge a step it was not sent: refused, in the timeline, and the step's repeats go on", async () => {
      // Prepare: step 2 went to the zone's leader; the town's duty phone has the code
      const { incidentId, code } = await givenCode();
      // Act
      const fromOtherUnit = await reply('+8613800000025', code);
      // Assess
      expect(fromOtherUnit).toEqual([{ outcome: 'refused', code, reason: 'not-a-recipient' }]);
      expect(await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2)).toBeUndefined();
      expect((await timelineOf(incidentId)).find((event) => event.type === 'acknowledgement-refused')).toMatchObject({
        actor: 'contact:example-town-a.duty',
        unitId: 'example-town-a',
        detail: {
          obligationId: 'written-report',
          escalationStep: 2,
          code,
          via: 'sms',
          reason: 'not-a-recipient',
          from: '+8613800000025',
        },
      });
      // The repeat of step 2 is still sent: nobody it was sent to acknowledged it.
      const repeat = await makeEscalate({
        ...table.repositories,
        notifier: new RecordingNotifier(),
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        signingKey: testSigningKey,
        publicApiUrl: 'https://api.example.org',
        consoleUrl: 'https://console.example.org/console/',
        now: () => new Date('2026-11-28T01:00:00Z'),
      })({ incidentId, obligationId: 'written-report', escalationStep: 2, repeat: 1 });
      expect(repeat.escalated).toBe(true);
    });

    it('R-LADDER: a code is spent once its obligation is met: replying it, or opening its link, acknowledges nothing', async () => {
      const { incidentId, code } = await givenCode();
      await table.obligations.settleObligation(incidentId, 'written-report', 'overdue', {
        status: 'late',
        metAt: '2026-11-28T00:55:00.000Z',
        metByDocumentId: 'RPT-1',
      });
      expect(await reply('+8613800000004', code)).toEqual([{ outcome: 'refused', code, reason: 'expired' }]);
      const link = await openLink(code, {
        contact: 'gaosheng-zone.leader',
        signature: acknowledgementSignature(testSigningKey.key, code, 'gaosheng-zone.leader'),
      });
      expect(link.statusCode).toBe(410);
      expect(link.body).toContain('催报已结束');
      expect(await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2)).toBeUndefined();
      expect(
        (await timelineOf(incidentId))
          .filter((event) => event.type === 'acknowledgement-refused')
          .map((event) => event.detail.reason),
      ).toEqual(['expired', 'expired']);
    });

    it('R-LADDER: a number that tries more than five unknown codes in an hour is ignored for an hour, and the operators are told once', async () => {
      // Prepare: the zone's leader has a real code; someone with that phone guesses
      const { incidentId, code } = await givenCode();
      // A day later than the other tests' replies from this phone, so its count starts afresh.
      const at = (minutes: number) => new Date(requestedAt.getTime() + (24 * 60 + minutes) * 60_000);
      // Act
      const guesses = [];
      for (let index = 0; index < 7; index += 1)
        guesses.push(...(await reply('+8613800000004', `G${index}G${index}G${index}`, at(index))));
      const realCodeWhileBlocked = await reply('+8613800000004', code, at(10));
      const afterTheBlock = await reply('+8613800000004', code, at(6 + 61));
      // Assess: five tries looked up; the sixth blocks the number
      expect(
        guesses
          .slice(0, 5)
          .every((outcome) => outcome.outcome === 'ignored' && outcome.reason.startsWith('unknown code')),
      ).toBe(true);
      expect(guesses.slice(5)).toEqual([
        { outcome: 'ignored', reason: expect.stringContaining('ignored until') },
        { outcome: 'ignored', reason: expect.stringContaining('ignored until') },
      ]);
      expect(realCodeWhileBlocked).toEqual([
        { outcome: 'ignored', reason: expect.stringContaining('too many unknown codes') },
      ]);
      expect(alarms.raised).toEqual([
        { subject: expect.stringContaining('+8613800000004'), message: expect.stringContaining('超过5个') },
      ]);
      expect(afterTheBlock).toEqual([
        { outcome: 'acknowledged', code, contactId: 'gaosheng-zone.leader', first: true },
      ]);
      expect((await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2))?.acknowledgedAt).toBe(
        at(67).toISOString(),
      );
    });

    it('R-LADDER: every candidate code in a reply is a try, and thirty replies at once cannot all be looked up before the count catches up', async () => {
      const at = new Date(requestedAt.getTime() + 3 * 24 * 3_600_000);
      // Thirty replies of three guesses each, all at once, from one number
      const outcomes = (
        await Promise.all(
          Array.from({ length: 30 }, (_, index) =>
            reply('+8613800000023', `A${index}A${index}AA B${index}B${index}BB C${index}C${index}CC`, at),
          ),
        )
      ).flat();
      const lookedUp = outcomes.filter(
        (outcome) => outcome.outcome === 'ignored' && outcome.reason.startsWith('unknown code'),
      ).length;
      expect(lookedUp * 3).toBeLessThanOrEqual(5);
      expect(alarms.raised).toHaveLength(1);
      // A duty officer acknowledging many escalations is never blocked: a found code gives its try back.
      const { code } = await givenCode();
      const later = new Date(at.getTime() + 2 * 24 * 3_600_000);
      for (let index = 0; index < 8; index += 1)
        expect((await reply('+8613800000004', `收到 ${code}`, later))[0].outcome).not.toBe('ignored');
    });

    describe('issue 14 (确认催报): a reporter acknowledges in the console the step that reached its unit', () => {
      const acknowledgeInConsole = (
        incidentId: string,
        body: unknown,
        caller = reporterOf('gaosheng-zone'),
        headers: Record<string, string> = {},
      ) =>
        makeAcknowledgeObligationEscalation({ ...table.repositories, now: () => requestedAt })(
          httpEvent({
            method: 'POST',
            path: `/incidents/${incidentId}/obligations/written-report/acknowledgement`,
            body: body as object,
            headers,
            pathParameters: { incidentId, obligationId: 'written-report' },
            caller,
          }),
          context,
        );
      const listAsReporter = async (unitId = 'gaosheng-zone') =>
        JSON.parse(
          (
            await makeListObligations({ ...table.repositories, now: () => requestedAt })(
              httpEvent({ method: 'GET', path: '/obligations', caller: reporterOf(unitId) }),
              context,
            )
          ).body!,
        ) as {
          obligations: { incidentId: string; escalation?: { escalationStep: number; acknowledgement?: object } }[];
        };

      it('R-LADDER: GET /obligations shows the step that reached the unit; acknowledging it records the user for the contact, once, and stops its repeats', async () => {
        // Prepare: step 2 went to the zone's principal leader
        const { incidentId, code } = await givenCode();
        const before = (await listAsReporter()).obligations.find((item) => item.incidentId === incidentId);
        // Act
        const first = await acknowledgeInConsole(incidentId, { escalationStep: 2 });
        const second = await acknowledgeInConsole(incidentId, { escalationStep: 2 });
        // Assess
        expect(before?.escalation).toEqual({ escalationStep: 2, firstSentAt: '2026-11-28T00:50:00.000Z' });
        expect(first.statusCode).toBe(201);
        expect(JSON.parse(first.body!)).toEqual({
          incidentId,
          obligationId: 'written-report',
          escalationStep: 2,
          code,
          contactId: 'gaosheng-zone.leader',
          via: 'console',
          acknowledgedAt: requestedAt.toISOString(),
        });
        expect(second.statusCode).toBe(200);
        expect(JSON.parse(second.body!)).toEqual(JSON.parse(first.body!));
        const after = (await listAsReporter()).obligations.find((item) => item.incidentId === incidentId);
        expect(after?.escalation?.acknowledgement).toMatchObject({ via: 'console', contactId: 'gaosheng-zone.leader' });
        const acknowledged = (await timelineOf(incidentId)).filter((event) => event.type === 'escalation-acknowledged');
        expect(acknowledged.map((event) => [event.actor, event.detail.contactId, event.detail.first])).toEqual([
          ['reporter:gaosheng-zone:test-reporter-gaosheng-zone', 'gaosheng-zone.leader', true],
          ['reporter:gaosheng-zone:test-reporter-gaosheng-zone', 'gaosheng-zone.leader', false],
        ]);
        const repeat = await makeEscalate({
          ...table.repositories,
          notifier: new RecordingNotifier(),
          directory: fixedDirectory(defaultDirectory),
          policy: defaultPolicy,
          signingKey: testSigningKey,
          publicApiUrl: 'https://api.example.org',
          consoleUrl: 'https://console.example.org/console/',
          now: () => new Date('2026-11-28T01:00:00Z'),
        })({ incidentId, obligationId: 'written-report', escalationStep: 2, repeat: 1 });
        expect(repeat.escalated).toBe(false);
      });

      it('R-LADDER: thirty acknowledgements at once store one; one answers 201, every other 200 with it', async () => {
        // Prepare
        const { incidentId } = await givenCode();
        // Act
        const responses = await Promise.all(
          Array.from({ length: 30 }, () => acknowledgeInConsole(incidentId, { escalationStep: 2 })),
        );
        // Assess
        expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
        expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(29);
        expect(new Set(responses.map((response) => JSON.parse(response.body!).acknowledgedAt)).size).toBe(1);
        expect((await table.incidents.getIncidentRecord(incidentId))?.acknowledgements).toHaveLength(1);
      });

      it("R-LADDER: another unit's reporter → 404 naming nobody; a step that never reached the unit → 409 in the caller's language; a bad body → 400 naming each field; nothing written", async () => {
        // Prepare: only step 2 was sent
        const { incidentId } = await givenCode();
        // Act, Assess
        const otherUnit = await expectNothingWritten(
          () => acknowledgeInConsole(incidentId, { escalationStep: 2 }, reporterOf('example-town-a')),
          404,
        );
        expect(otherUnit.title).toBe('Obligation not found');
        const notReached = await expectNothingWritten(
          () =>
            acknowledgeInConsole(incidentId, { escalationStep: 1 }, reporterOf('gaosheng-zone'), {
              'accept-language': 'zh-CN',
            }),
          409,
        );
        expect(notReached.title).toBe('本单位未收到该级催报');
        const bad = await expectNothingWritten(
          () => acknowledgeInConsole(incidentId, { escalationStep: 0, contactId: 'gaosheng-zone.leader' }),
          400,
        );
        expect(bad.errors!.map((error) => error.field).sort()).toEqual(['contactId', 'escalationStep']);
        expect(
          (
            await expectNothingWritten(() => acknowledgeInConsole(incidentId, { escalationStep: '2' }), 400)
          ).errors!.map((error) => error.field),
        ).toEqual(['escalationStep']);
      });

      it('R-LADDER: once the document is in, the step is no longer acknowledged: 409, the refusal in the timeline', async () => {
        // Prepare
        const { incidentId } = await givenCode();
        await table.obligations.settleObligation(incidentId, 'written-report', 'overdue', {
          status: 'late',
          metAt: '2026-11-28T00:55:00.000Z',
          metByDocumentId: 'RPT-1',
        });
        // Act
        const response = await acknowledgeInConsole(incidentId, { escalationStep: 2 });
        // Assess
        expect(response.statusCode).toBe(409);
        expect(JSON.parse(response.body!).detail).toBe('Obligation written-report is already late');
        expect(await table.acknowledgements.getAcknowledgement(incidentId, 'written-report', 2)).toBeUndefined();
        expect((await timelineOf(incidentId)).at(-1)).toMatchObject({
          type: 'acknowledgement-refused',
          actor: 'reporter:gaosheng-zone:test-reporter-gaosheng-zone',
          detail: { via: 'console', reason: 'expired' },
        });
      });
    });
  });

  it('R-SPOTCHECK: the first acknowledgement counts; a late one is recorded and counts as missed; unknown unit → 422', async () => {
    const start = makeStartSpotCheck(deps(requestedAt));
    const started = JSON.parse(
      (await start(httpEvent({ method: 'POST', path: '/spot-checks', body: { unitId: 'example-town-a' } }), context))
        .body!,
    );
    expect(started).toMatchObject({ unitId: 'example-town-a', dueAt: '2026-11-28T01:10:00.000Z', result: 'pending' });
    const acknowledge = (at: string, by: string) =>
      makeAcknowledgeSpotCheck({ ...table.repositories, now: () => new Date(at) })(
        httpEvent({
          method: 'POST',
          path: `/spot-checks/${started.spotCheckId}/acknowledgement`,
          body: { acknowledgedBy: by },
          pathParameters: { spotCheckId: started.spotCheckId },
          caller: reporterOf('example-town-a'),
        }),
        context,
      );
    const late = await acknowledge('2026-11-28T01:11:00Z', '张某');
    const again = await acknowledge('2026-11-28T01:12:00Z', '李某');
    expect([late.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(JSON.parse(again.body!)).toMatchObject({
      acknowledgedBy: '张某',
      acknowledgedByActor: 'reporter:example-town-a:test-reporter-example-town-a',
      acknowledgedAt: '2026-11-28T01:11:00.000Z',
      result: 'missed',
    });
    await expectNothingWritten(
      () => start(httpEvent({ method: 'POST', path: '/spot-checks', body: { unitId: 'nowhere' } }), context),
      422,
    );
  });
});

describe('R-SPOTCHECK by SMS', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());

  it('the duty post gets an SMS with a code; its reply acknowledges the check, a reply from another unit does not', async () => {
    // Prepare
    const notifier = new RecordingNotifier();
    const now = new Date('2026-11-28T00:35:00Z');
    const started = JSON.parse(
      (
        await makeStartSpotCheck({
          ...table.repositories,
          notifier,
          directory: fixedDirectory(defaultDirectory),
          policy: defaultPolicy,
          drillSpeed: 1,
          now: () => now,
        })(httpEvent({ method: 'POST', path: '/spot-checks', body: { unitId: 'example-town-a' } }), context)
      ).body!,
    );
    const reply = (from: string, text: string) =>
      makeSmsInbound({
        ...table.repositories,
        directory: fixedDirectory(defaultDirectory),
        replies: table.replies,
        alarms: new RecordingAlarms(),
        policy: defaultPolicy,
        now: () => new Date('2026-11-28T00:40:00Z'),
      })({ Records: [{ Sns: { Message: JSON.stringify({ originationNumber: from, messageBody: text }) } }] } as never);
    // Act
    const fromOtherUnit = await reply('+8613800000003', started.code);
    const fromTheTown = await reply('+8613800000025', `${started.code} 在岗`);
    // Assess
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: '+8613800000025',
        text: `【值班抽查】示例镇甲：县政府总值班室值班抽查，请于08:45前回复${started.code}确认在岗。`,
      }),
    ]);
    expect(started).toMatchObject({
      code: expect.stringMatching(/^[0-9A-Z]{6}$/),
      notifiedAt: expect.any(String),
      result: 'pending',
    });
    expect(fromOtherUnit).toEqual([
      { outcome: 'ignored', reason: `spot check ${started.spotCheckId} is not on gaosheng-zone` },
    ]);
    expect(fromTheTown).toEqual([
      {
        outcome: 'spot-check-acknowledged',
        spotCheckId: started.spotCheckId,
        contactId: 'example-town-a.duty',
        first: true,
      },
    ]);
    expect(await table.spotChecks.getSpotCheck(started.spotCheckId)).toMatchObject({
      acknowledgedAt: '2026-11-28T00:40:00.000Z',
      acknowledgedByActor: 'contact:example-town-a.duty',
    });
  });

  it('R-SPOTCHECK, R-LADDER: the spot-check SMS is claimed before it is sent — the same request again names the same check and sends nothing twice', async () => {
    // Prepare
    const notifier = new RecordingNotifier();
    const start = makeStartSpotCheck({
      ...table.repositories,
      pins: table.pins,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => new Date('2026-11-28T02:00:00Z'),
    });
    const request = () =>
      start(
        httpEvent({
          method: 'POST',
          path: '/spot-checks',
          body: { unitId: 'example-town-a' },
          headers: { 'idempotency-key': 'spot-check-twice' },
        }),
        context,
      );
    // Act
    const first = JSON.parse((await request()).body!);
    const second = JSON.parse((await request()).body!);
    // Assess
    expect(second).toMatchObject({ spotCheckId: first.spotCheckId, code: first.code, notifiedAt: first.notifiedAt });
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: '+8613800000025',
        context: expect.objectContaining({ incidentId: first.spotCheckId }),
      }),
    ]);
    expect(
      (await table.messages.messagesOf(first.spotCheckId, 'spot-check')).map(({ status, attempts }) => ({
        status,
        attempts,
      })),
    ).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('when SNS refuses the SMS the check still stands and says why, for the duty office to phone', async () => {
    const notifier = new RecordingNotifier();
    notifier.failNext.sms = 1;
    const response = await makeStartSpotCheck({
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy: defaultPolicy,
      drillSpeed: 1,
      now: () => new Date('2026-11-28T01:00:00Z'),
    })(httpEvent({ method: 'POST', path: '/spot-checks', body: { unitId: 'example-town-b' } }), context);
    expect(response.statusCode).toBe(201);
    const started = JSON.parse(response.body!);
    expect(started.notificationError).toContain('SNS is unavailable');
    expect((await table.spotChecks.getSpotCheck(started.spotCheckId))?.notificationError).toContain(
      'SNS is unavailable',
    );
  });
});
