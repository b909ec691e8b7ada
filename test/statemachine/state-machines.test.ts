import { fixedDirectory } from '../../functions/shared/directory-source';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import aslValidator from 'asl-validator';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeFileFeedback } from '../../functions/api/file-instruction-feedback';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeRecordInstruction } from '../../functions/api/record-instruction';
import { makeHandler as makeRequestVerification } from '../../functions/api/request-verification';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { incidentExecutionInput, obligationExecutionInput } from '../../functions/domain/incident';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';
import { makeHandler as makeCheckObligation } from '../../functions/workflow/check-obligation';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { makeHandler as makeNotifyAtOnce } from '../../functions/workflow/notify-at-once';
import { makeHandler as makeOpenFollowUp, type OpenFollowUpInput } from '../../functions/workflow/open-follow-up';
import { makeHandler as makeRecordFailure } from '../../functions/workflow/record-failure';
import { makeHandler as makeRemind } from '../../functions/workflow/remind-obligation';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import {
  bindLambdaTasks,
  localSubstitutions,
  placeholdersOf,
  readDefinitionTemplate,
  substituteDefinition,
  type LambdaFunction,
} from '../../infra/local/state-machine-definition';
import { STATE_MACHINE_NAMES, type StateMachineName } from '../../infra/state-machines';
import { STATE_MACHINES_DIR } from '../../infra/project-paths';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, phoneFirstReport } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { RecordingWorkflow, testSigningKey } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/shared/table-design';

// 30 minutes at this drill speed is 300 ms: the real ASL waits on real timestamps, just sooner.
const DRILL_SPEED = 6000;
// 30 minutes is 3 s: Step Functions waits in whole seconds, so a ladder needs windows of seconds.
const LADDER_DRILL_SPEED = 600;
const LAMBDA_INVOKE = 'lambda-invoke';
const API_URL = 'http://127.0.0.1:3000';

describe('statemachines/', () => {
  it.each(readdirSync(STATE_MACHINES_DIR).filter((file) => file.endsWith('.asl.json')))(
    '%s passes asl-validator',
    (file) => {
      const validation = aslValidator(JSON.parse(readFileSync(join(STATE_MACHINES_DIR, file), 'utf8')));
      expect(validation.errorsText()).toBe('');
      expect(validation.isValid).toBe(true);
    },
  );

  it.each(STATE_MACHINE_NAMES)(
    '%s: every state has a Comment citing a requirement ID, and uses no JSONata, Assign or task tokens',
    (name) => {
      const definition = JSON.parse(readDefinitionTemplate(name));
      for (const [stateName, state] of Object.entries<Record<string, unknown>>(definition.States)) {
        expect([stateName, state.Comment]).toEqual([stateName, expect.stringMatching(/R-[A-Z0-9-]+/)]);
        expect(state.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
        expect(state.Assign).toBeUndefined();
        expect(JSON.stringify(state.Resource ?? '')).not.toContain('waitForTaskToken');
        // Results go to named keys, never over the input.
        if (state.Type === 'Task')
          expect([stateName, state.ResultPath]).toEqual([stateName, expect.stringMatching(/^\$\.[a-zA-Z]+$/)]);
      }
      expect(readDefinitionTemplate(name)).not.toContain('arn:aws');
    },
  );

  it('every workflow task is used by one machine, and every placeholder has a substitution', () => {
    const used = STATE_MACHINE_NAMES.flatMap((name) => placeholdersOf(readDefinitionTemplate(name)));
    expect([...new Set(used)].sort()).toEqual(
      ['LambdaInvoke', ...WORKFLOW_TASKS.map((task) => task.substitution)].sort(),
    );
    expect(() => substituteDefinition(readDefinitionTemplate('obligation'), { LambdaInvoke: 'x' })).toThrow(
      /CheckObligationFunctionArn/,
    );
  });
});

describe('the state machines, run for real in aws-local-stepfunctions', () => {
  let table: TestTable;
  let notifier: RecordingNotifier;
  let workflow: RecordingWorkflow;
  let alarms: { subject: string; message: string }[];
  let sequence = 0;
  const now = () => new Date();

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    notifier = new RecordingNotifier();
    workflow = new RecordingWorkflow();
    alarms = [];
  });

  const fileReport = (incidentId: string, body: object = { kind: 'written', summary: '已堵漏' }) =>
    makeFileReport({ ...table.repositories, workflow, now })(
      httpEvent({ method: 'POST', path: `/incidents/${incidentId}/reports`, body, pathParameters: { incidentId } }),
      context,
    );

  /** The tasks as the local runtime binds them; `wrap` lets a test act between task calls. */
  function handlers(
    policy: ReportingPolicy,
    wrap: Partial<Record<string, (call: LambdaFunction) => LambdaFunction>> = {},
  ): Record<string, LambdaFunction> {
    const deps = {
      ...table.repositories,
      notifier,
      directory: fixedDirectory(defaultDirectory),
      policy,
      publicApiUrl: API_URL,
      consoleUrl: 'https://console.example.org/console/',
      now,
      alarms: { raise: async (subject: string, message: string) => void alarms.push({ subject, message }) },
    };
    const plain: Record<string, LambdaFunction> = {
      'notify-at-once': (payload) => makeNotifyAtOnce(deps)(payload as never),
      'open-follow-up': (payload) =>
        makeOpenFollowUp({ ...deps, workflow, drillSpeed: DRILL_SPEED })(payload as OpenFollowUpInput),
      'remind-obligation': (payload) => makeRemind(deps)(payload as never),
      'check-obligation': (payload) => makeCheckObligation(deps)(payload as never),
      'escalate-obligation': (payload) => makeEscalate({ ...deps, signingKey: testSigningKey })(payload as never),
      'record-failure': (payload) => makeRecordFailure(deps)(payload as never),
    };
    return Object.fromEntries(
      Object.entries(plain).map(([name, call]) => [name, wrap[name] ? wrap[name](call) : call]),
    );
  }

  async function run(
    name: StateMachineName,
    input: object,
    functions: Record<string, LambdaFunction>,
    retryIntervalOverrides?: Record<string, number>,
  ) {
    const definition = substituteDefinition(readDefinitionTemplate(name), localSubstitutions(LAMBDA_INVOKE));
    const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
    const overrides = {
      taskResourceLocalHandlers: bindLambdaTasks(definition, LAMBDA_INVOKE, functions) as never,
      retryIntervalOverrides,
    };
    return (await machine.run(input as never, { overrides }).result) as Record<string, Record<string, unknown>>;
  }

  async function givenWrittenReportOwed(): Promise<{ incidentId: string; input: object }> {
    sequence += 1;
    const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
    // Waits are whole seconds as in AWS (R-LIFECYCLE): a 3 s window from a whole second keeps the reminder (at 2 s)
    // before the deadline.
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId,
      phoneReportAt: new Date(Math.floor(Date.now() / 1000) * 1000),
      drillSpeed: LADDER_DRILL_SPEED,
    });
    return { incidentId, input: obligationExecutionInput(obligation) };
  }

  const smsTo = () =>
    notifier.sent
      .filter((message) => message.channel === 'sms')
      .map((message) => `${message.context.kind}:${message.context.escalationStep ?? '-'}:${message.to}`);

  describe('obligation.asl.json', () => {
    it('R-WRITTEN-30: filed at once → no reminder, no escalation, the execution stops at the deadline', async () => {
      const { incidentId, input } = await givenWrittenReportOwed();
      expect((await fileReport(incidentId)).statusCode).toBe(201);
      const output = await run('obligation', input, handlers(defaultPolicy));
      expect(output.reminder).toMatchObject({ reminded: false });
      expect(output.atDeadline).toMatchObject({ obligationStatus: 'met', nextEscalation: null });
      expect(output.lastEscalation).toBeUndefined();
      expect(notifier.sent).toEqual([]);
    });

    it('R-LADDER, R-DUAL: never filed → one reminder, then every round of the ladder exactly once: duty contact ×2, leader ×2, both county offices and leaders', async () => {
      // Act
      const { incidentId, input } = await givenWrittenReportOwed();
      const output = await run('obligation', input, handlers(defaultPolicy));
      // Assess
      expect(smsTo()).toEqual([
        'reminder:-:+8613800000003',
        'escalation:1:+8613800000003',
        'escalation:1:+8613800000003',
        'escalation:2:+8613800000004',
        'escalation:2:+8613800000004',
        'escalation:3:+8613800000005',
        'escalation:3:+8613800000006',
        'escalation:3:+8613800000007',
        'escalation:3:+8613800000008',
      ]);
      expect(notifier.sent).toHaveLength(18); // each SMS with its e-mail
      expect(output.lastEscalation).toMatchObject({ escalationStep: 3, escalated: true, nextEscalation: null });
      const record = await table.incidents.getIncidentRecord(incidentId);
      expect(record?.obligations[0].status).toBe('overdue');
      expect(record?.timeline.filter((event) => event.type === 'escalation-sent')).toHaveLength(16);
      expect(record?.timeline.filter((event) => event.type === 'reminder-sent')).toHaveLength(2);
    });

    it('R-LADDER: filed after the first step → the ladder stops there; the obligation is late', async () => {
      const { incidentId, input } = await givenWrittenReportOwed();
      const fileAfterFirstStep =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          const result = await call(payload);
          if ((payload as { escalationStep: number }).escalationStep === 1) await fileReport(incidentId);
          return result;
        };
      const output = await run(
        'obligation',
        input,
        handlers(defaultPolicy, { 'escalate-obligation': fileAfterFirstStep }),
      );
      expect(smsTo()).toEqual(['reminder:-:+8613800000003', 'escalation:1:+8613800000003']);
      expect(output.lastEscalation).toMatchObject({ escalated: false, obligationStatus: 'late', nextEscalation: null });
      expect((await table.obligations.getObligation(incidentId, 'written-report'))?.status).toBe('late');
    });

    it('R-LADDER: an acknowledged step is not repeated, and the ladder still climbs', async () => {
      const { incidentId, input } = await givenWrittenReportOwed();
      const acknowledgeAfterFirstStep =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          const result = await call(payload);
          const { escalationStep, repeat } = payload as { escalationStep: number; repeat: number };
          if (escalationStep === 1 && repeat === 0) {
            const code = await table.acknowledgements.acknowledgementCodeFor(
              { incidentId, obligationId: 'written-report', escalationStep: 1 },
              () => 'UNUSED',
            );
            await table.acknowledgements.putAcknowledgement({
              incidentId,
              obligationId: 'written-report',
              escalationStep: 1,
              code,
              contactId: 'gaosheng-zone.duty',
              via: 'sms',
              acknowledgedAt: new Date().toISOString(),
            });
          }
          return result;
        };
      await run('obligation', input, handlers(defaultPolicy, { 'escalate-obligation': acknowledgeAfterFirstStep }));
      expect(smsTo().filter((sms) => sms.startsWith('escalation:1:'))).toHaveLength(1);
      expect(smsTo().filter((sms) => sms.startsWith('escalation:2:'))).toHaveLength(2);
      expect(smsTo().filter((sms) => sms.startsWith('escalation:3:'))).toHaveLength(4);
    });

    it('R-VERIFY-20-40, R-INSTRUCTION-12H: a verification answer and instruction feedback are watched by the same machine; their messages say what is owed and where to file it', async () => {
      // Prepare: the duty office asks for a written answer; an instruction received 7 s ago is recorded (12 h = 7.2 s
      // here)
      const { incidentId } = await givenWrittenReportOwed();
      const dutyOffice = {
        ...table.repositories,
        workflow,
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        drillSpeed: DRILL_SPEED,
        now,
      };
      const request = JSON.parse(
        (
          await makeRequestVerification(dutyOffice)(
            httpEvent({
              method: 'POST',
              path: `/incidents/${incidentId}/verification-requests`,
              body: { question: '核实', writtenAnswerRequired: true },
              pathParameters: { incidentId },
            }),
            context,
          )
        ).body!,
      );
      const earlier = `${incidentId}-EARLIER`;
      await givenPhoneReportedIncident(table, {
        incidentId: earlier,
        phoneReportAt: new Date(Date.now() - 60_000),
        drillSpeed: DRILL_SPEED,
      });
      const instruction = JSON.parse(
        (
          await makeRecordInstruction(dutyOffice)(
            httpEvent({
              method: 'POST',
              path: `/incidents/${earlier}/instructions`,
              body: { leader: '县长', text: '批示', receivedAt: new Date(Date.now() - 7000).toISOString() },
              pathParameters: { incidentId: earlier },
            }),
            context,
          )
        ).body!,
      );
      const written = request.obligations.find(
        (obligation: { kind: string }) => obligation.kind === 'verification-written',
      );
      // Act: nobody answers the written request; the instruction feedback comes in time
      await makeFileFeedback({ ...table.repositories, workflow: new RecordingWorkflow(), now })(
        httpEvent({
          method: 'POST',
          path: '/feedback',
          body: { text: '已落实' },
          pathParameters: { incidentId: earlier, instructionId: instruction.instructionId },
        }),
        context,
      );
      const [verificationOutput, instructionOutput] = await Promise.all([
        run('obligation', obligationExecutionInput(written), handlers(defaultPolicy)),
        run('obligation', obligationExecutionInput(instruction.obligation), handlers(defaultPolicy)),
      ]);
      // Assess
      expect(verificationOutput.lastEscalation).toMatchObject({ escalationStep: 3, nextEscalation: null });
      expect(instructionOutput.atDeadline).toMatchObject({ obligationStatus: 'met' });
      const verificationSms = notifier.sent.filter(
        (message) => message.channel === 'sms' && message.context.obligationId === written.obligationId,
      );
      // The reminder, unless this loaded machine ran it only after the deadline (then the first step says it): 2 + 2 +
      // 4 escalations.
      expect(verificationSms.filter((message) => message.context.kind === 'reminder').length).toBeLessThanOrEqual(1);
      const escalationSms = verificationSms.filter((message) => message.context.kind === 'escalation');
      expect(escalationSms).toHaveLength(2 + 2 + 4);
      // In a drill, lateness is told in drill minutes: a few real milliseconds may already read as a minute.
      expect(escalationSms[0].text).toMatch(
        new RegExp(`${incidentId}核报书面报告(已到时限未报|已逾期\\d+分钟)，请立即报送。`),
      );
      const email = notifier.sent.find(
        (message) =>
          message.channel === 'email' &&
          message.context.kind === 'escalation' &&
          message.context.obligationId === written.obligationId,
      )!;
      // Issue 14 item 6: where to file it is the written answer's page in the console, not an API call to copy.
      expect(email.text).toContain(
        `登录值班台报送 https://console.example.org/console/#/incidents/${incidentId}/obligations/${written.obligationId}`,
      );
      expect(written.obligationId).toBe(`${request.requestId}-written`);
      expect(
        notifier.sent.filter(
          (message) =>
            message.context.obligationId === instruction.obligation.obligationId &&
            message.context.kind === 'escalation',
        ),
      ).toEqual([]);
    });

    it('R-LADDER, R-AUDIT: a step whose SMS still fails after every retry is recorded, the operators are alerted, and the ladder goes on', async () => {
      // Prepare: no reminder for this unit, and SNS refuses the first four SMS (the first step and its three retries)
      sequence += 1;
      const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
      const quiet: ReportingPolicy = {
        ...defaultPolicy,
        reminder: { ...defaultPolicy.reminder, disabledForUnits: ['gaosheng-zone'] },
      };
      const obligation = await givenPhoneReportedIncident(table, {
        incidentId,
        phoneReportAt: new Date(),
        drillSpeed: DRILL_SPEED,
        policy: quiet,
      });
      notifier.failNext.sms = 4;
      // Act
      const output = await run('obligation', obligationExecutionInput(obligation), handlers(defaultPolicy), {
        'Escalate one step up the ladder': 0,
      });
      // Assess
      expect(alarms).toHaveLength(1);
      expect(alarms[0].subject).toBe(
        `【系统告警】逐级催报 escalation step failed: ${incidentId} / written-report / step 1`,
      );
      expect(alarms[0].message).toContain('重试后仍失败，请人工处理');
      // The SMS falls back to e-mail: the duty contact gets its text by mail, marked as such.
      expect(alarms[0].message).toContain(
        '已改发邮件 / sent by e-mail instead: 盘锦高升经济区管委会值班员 +8613800000003',
      );
      const fallback = notifier.sent.find(
        (message) => message.channel === 'email' && message.subject?.startsWith('【短信未送达，改发邮件】'),
      );
      expect(fallback?.text).toContain(`【应急催报】高升经济区：${incidentId}书面报告`);
      const record = await table.incidents.getIncidentRecord(incidentId);
      const stepOneSms = record!.messages.find(
        (message) => message.messageKey === 'written-report#step-1#repeat-0' && message.channel === 'sms',
      );
      expect(stepOneSms).toMatchObject({
        status: 'failed',
        attempts: 4,
        lastError: expect.stringContaining('SNS is unavailable'),
      });
      expect(
        record!.timeline.filter((event) => event.type === 'escalation-failed' && event.detail.stage === 'escalation'),
      ).toHaveLength(1);
      expect(smsTo()).toEqual([
        'escalation:1:+8613800000003',
        'escalation:2:+8613800000004',
        'escalation:2:+8613800000004',
        'escalation:3:+8613800000005',
        'escalation:3:+8613800000006',
        'escalation:3:+8613800000007',
        'escalation:3:+8613800000008',
      ]);
      expect(output.lastEscalation).toMatchObject({ escalationStep: 3, escalated: true });
    });

    it('R-LADDER: a message SNS refuses for good (an ill-formed text, a number it will not send to) never stops the ladder: recorded, the operators told at once, every other recipient and channel gets theirs, no retry', async () => {
      // Prepare: SNS refuses every message to the county government's duty office phone (step 3)
      sequence += 1;
      const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
      // Waits are whole seconds as in AWS (R-LIFECYCLE): a 3 s window from a whole second keeps the reminder (at 2 s)
      // before the deadline.
      const obligation = await givenPhoneReportedIncident(table, {
        incidentId,
        phoneReportAt: new Date(Math.floor(Date.now() / 1000) * 1000),
        drillSpeed: LADDER_DRILL_SPEED,
      });
      notifier.refused.add('+8613800000005');
      let escalationCalls = 0;
      const countCalls =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          escalationCalls += 1;
          return call(payload);
        };
      // Act
      const output = await run(
        'obligation',
        obligationExecutionInput(obligation),
        handlers(defaultPolicy, { 'escalate-obligation': countCalls }),
      );
      // Assess
      expect(escalationCalls).toBe(5); // one call per round: nothing was retried
      expect(output.lastEscalation).toMatchObject({ escalationStep: 3, escalated: true });
      expect(output.lastEscalation.notified).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ to: '+8613800000005', outcome: 'refused' }),
          expect.objectContaining({ to: '+8613800000006', outcome: 'sent' }),
          expect.objectContaining({ to: '+8613800000007', outcome: 'sent' }),
          expect.objectContaining({ to: '+8613800000008', outcome: 'sent' }),
        ]),
      );
      expect(alarms).toEqual([
        {
          subject: expect.stringContaining('SMS → +8613800000005'),
          message: expect.stringContaining('无法发送（服务商拒绝该消息）'),
        },
      ]);
      const record = await table.incidents.getIncidentRecord(incidentId);
      expect(record!.messages.find((message) => message.to === '+8613800000005')).toMatchObject({
        status: 'failed',
        permanentFailure: true,
      });
      expect(record!.timeline.find((event) => event.type === 'escalation-failed')?.detail).toMatchObject({
        to: '+8613800000005',
        permanent: true,
      });
      // The county office's e-mail still went, with every detail.
      expect(notifier.sent.some((message) => message.channel === 'email' && message.context.escalationStep === 3)).toBe(
        true,
      );
    });

    it('R-LADDER: feedback on an instruction received long ago opens already overdue: step 1 at once, then each step at its own time — not the whole ladder in one go', async () => {
      // Prepare: received a day ago: due 12 h after that (7.2 s at this drill speed), so long past
      sequence += 1;
      const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
      await givenPhoneReportedIncident(table, {
        incidentId,
        phoneReportAt: new Date(Date.now() - 86_400_000),
        drillSpeed: DRILL_SPEED,
      });
      const dutyOffice = {
        ...table.repositories,
        workflow,
        directory: fixedDirectory(defaultDirectory),
        policy: defaultPolicy,
        drillSpeed: DRILL_SPEED,
        now,
      };
      const instruction = JSON.parse(
        (
          await makeRecordInstruction(dutyOffice)(
            httpEvent({
              method: 'POST',
              path: `/incidents/${incidentId}/instructions`,
              body: {
                leader: '县长',
                text: '批示',
                receivedAt: new Date(Date.now() - (86_400_000 / DRILL_SPEED) * 2).toISOString(),
              },
              pathParameters: { incidentId },
            }),
            context,
          )
        ).body!,
      );
      // Act
      await run('obligation', obligationExecutionInput(instruction.obligation), handlers(defaultPolicy));
      // Assess: the ladder was laid out from the moment it opened (+15 min and +30 min are 150 ms and 300 ms at this
      // speed), and each step waited for its time
      const schedule = (
        instruction.obligation.escalationSchedule as { escalationStep: number; repeat: number; at: string }[]
      ).filter((round) => round.repeat === 0);
      expect(Date.parse(schedule[0].at)).toBe(Date.parse(instruction.recordedAt));
      expect(Date.parse(schedule[1].at) - Date.parse(schedule[0].at)).toBe(150);
      expect(Date.parse(schedule[2].at) - Date.parse(schedule[0].at)).toBe(300);
      for (const round of schedule) {
        const sent = notifier.sent.find(
          (message) =>
            message.channel === 'sms' &&
            message.context.escalationStep === round.escalationStep &&
            message.context.repeat === 0,
        )!;
        expect(sent.at).toBeGreaterThanOrEqual(Date.parse(round.at));
      }
    });

    it('R-LADDER: an SNS failure is retried by the state machine and each message still goes out once', async () => {
      const { incidentId, input } = await givenWrittenReportOwed();
      notifier.failNext.sms = 2;
      const output = await run('obligation', input, handlers(defaultPolicy), {
        'Remind the unit before the deadline': 0,
        'Escalate one step up the ladder': 0,
      });
      expect(output.lastEscalation).toMatchObject({ escalationStep: 3, escalated: true });
      expect(smsTo()).toHaveLength(9);
      expect(notifier.sent).toHaveLength(18);
      const record = await table.incidents.getIncidentRecord(incidentId);
      expect(record?.messages).toHaveLength(18);
      expect(record?.messages.every((message) => message.status === 'sent')).toBe(true);
      // The reminder's SMS failed twice: the same claimed message was attempted three times, and sent once.
      expect(
        record?.messages
          .filter((message) => message.attempts > 1)
          .map((message) => [message.messageKey, message.channel, message.attempts]),
      ).toEqual([['written-report#reminder', 'sms', 3]]);
      expect(record?.timeline.filter((event) => event.type === 'escalation-failed')).toHaveLength(2);
    });
    it('R-LIFECYCLE, R-WRITTEN-30: a report filed in the last second before dueAt meets it — the Wait, truncated to the second as in AWS, does not wake the check early', async () => {
      // Prepare: a deadline 900 ms past a whole second, 1.1–2.1 s from now (30 min at drill speed 600 is 3 s).
      sequence += 1;
      const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
      const dueAt = Math.floor((Date.now() + 1200) / 1000) * 1000 + 900;
      const window = (defaultPolicy.obligations['written-report'].dueMinutes * 60_000) / 600;
      const obligation = await givenPhoneReportedIncident(table, {
        incidentId,
        phoneReportAt: new Date(dueAt - window),
        drillSpeed: 600,
      });
      expect(Date.parse(obligation.dueAt)).toBe(dueAt);
      const checkedAt: number[] = [];
      const recordCheckTime =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          checkedAt.push(Date.now());
          return call(payload);
        };
      const filing = new Promise((resolve) => setTimeout(resolve, dueAt - 200 - Date.now())).then(() =>
        fileReport(incidentId),
      );

      // Act
      const output = await run(
        'obligation',
        obligationExecutionInput(obligation),
        handlers(defaultPolicy, { 'check-obligation': recordCheckTime }),
      );

      // Assess
      expect((await filing).statusCode).toBe(201);
      expect(checkedAt[0]).toBeGreaterThanOrEqual(dueAt);
      expect(output.atDeadline).toMatchObject({ obligationStatus: 'met', nextEscalation: null });
      expect(smsTo().filter((sms) => sms.startsWith('escalation'))).toEqual([]);
      expect((await table.obligations.getObligation(incidentId, 'written-report'))?.status).toBe('met');
    });

    it('R-LIFECYCLE: the local engine truncates a Wait timestamp to the second, as Step Functions does', async () => {
      // Prepare: a wait until 999 ms past a whole second at least one second away.
      const second = Math.ceil((Date.now() + 1000) / 1000) * 1000;
      const machine = new StateMachine(
        { StartAt: 'Wait', States: { Wait: { Type: 'Wait', TimestampPath: '$.at', End: true } } } as never,
        { validationOptions: { checkArn: false } },
      );

      // Act
      await machine.run({ at: new Date(second + 999).toISOString() }).result;

      // Assess: it ended at the whole second, not 999 ms later (patches/aws-local-stepfunctions+3.0.0.patch).
      const endedAt = Date.now();
      expect(endedAt).toBeGreaterThanOrEqual(second);
      expect(endedAt).toBeLessThan(second + 700);
    });
  });

  describe('incident.asl.json', () => {
    const createIncident = (body: object) =>
      makeCreateIncident({
        ...table.repositories,
        workflow,
        directory: fixedDirectory(defaultDirectory),
        taxonomy: defaultTaxonomy,
        policy: defaultPolicy,
        drillSpeed: DRILL_SPEED,
        now,
      })(httpEvent({ method: 'POST', path: '/incidents', body }), context);

    it('R-DIRECT-CITY, R-DUAL, R-FOLLOWUP, R-LIFECYCLE: notifies the city and both county offices at once, opens follow-ups at the cadence, stops when the final report closes it', async () => {
      // Prepare: especially major → follow-ups every 60 min = 600 ms at this drill speed
      const incident = JSON.parse(
        (
          await createIncident(
            phoneFirstReport({ severity: 'especially-major', category: 'earthquake', unitId: 'example-town-a' }),
          )
        ).body!,
      );
      const closeAfterSecondFollowUp =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          const result = (await call(payload)) as { obligationId: string | null };
          if (result.obligationId === 'follow-up-2') {
            const complete = {
              cause: '地震',
              casualties: { deaths: 0, injured: 0, missing: 0 },
              measuresTaken: '疏散',
              trend: '平稳',
              reporter: { name: '李某', phone: '+8613800000025' },
            };
            expect(
              (await fileReport(incident.incidentId, { kind: 'final', summary: '终报', ...complete })).statusCode,
            ).toBe(201);
          }
          return result;
        };
      // Act
      const output = await run(
        'incident',
        incidentExecutionInput(incident),
        handlers(defaultPolicy, { 'open-follow-up': closeAfterSecondFollowUp }),
      );
      // Assess
      expect((output.immediateNotifications.routed as { unitId: string }[]).map((routed) => routed.unitId)).toEqual([
        'city-gov-duty-office',
        'county-gov-duty-office',
        'county-party-duty-office',
      ]);
      expect(smsTo()).toEqual([
        'notification:-:+8613800000009',
        'notification:-:+8613800000005',
        'notification:-:+8613800000007',
      ]);
      expect(notifier.sent[0].text).toMatch(
        /^【应急信息】直报市政府：示例镇甲报告特别重大事件「某化工企业储罐泄漏」（INC-\d{8}-[0-9A-Z]{6}），请关注。$/,
      );
      expect(output.followUp).toMatchObject({ incidentOpen: false, followUpsDue: false });
      expect(workflow.obligationStarts.map((start) => start.name)).toEqual([
        `${incident.incidentId}_written-report`,
        `${incident.incidentId}_follow-up-1`,
        `${incident.incidentId}_follow-up-2`,
      ]);
      const followUps = (await table.incidents.getIncidentRecord(incident.incidentId))!.obligations.filter(
        (obligation) => obligation.kind === 'follow-up',
      );
      expect(followUps.map((obligation) => obligation.dueAt)).toEqual([
        new Date(Date.parse(incident.receivedAt) + 600).toISOString(),
        new Date(Date.parse(incident.receivedAt) + 1200).toISOString(),
      ]);
    });

    it('R-INTAKE: an incident execution that starts before its incident item is written (a first report cut short, until its retry writes it) waits for it instead of failing', async () => {
      // Prepare: no follow-ups at this severity, so the execution ends after its first two tasks
      const policy: ReportingPolicy = {
        ...defaultPolicy,
        obligations: {
          ...defaultPolicy.obligations,
          'follow-up': {
            ...defaultPolicy.obligations['follow-up'],
            dueMinutesBySeverity: { ...defaultPolicy.obligations['follow-up'].dueMinutesBySeverity, general: null },
          },
        },
      };
      const incident = JSON.parse(
        (await createIncident(phoneFirstReport({ severity: 'general', category: 'traffic', unitId: 'example-town-a' })))
          .body!,
      );
      const key = keys.incident(incident.incidentId);
      const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key }));
      await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: key }));
      let calls = 0;
      // The first call finds no incident; the retry of the request writes it just after.
      const writtenAfterFirstCall =
        (call: LambdaFunction): LambdaFunction =>
        async (payload) => {
          calls += 1;
          try {
            return await call(payload);
          } finally {
            if (calls === 1) await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item }));
          }
        };
      // Act
      const output = await run(
        'incident',
        incidentExecutionInput(incident),
        handlers(policy, { 'notify-at-once': writtenAfterFirstCall }),
        { 'Notify those who must know at once': 0 },
      );
      // Assess: tried again, not failed; no operator alarm
      expect(calls).toBe(2);
      expect(output.immediateNotifications).toMatchObject({ routed: [] });
      expect(output.followUp).toMatchObject({ incidentOpen: true, followUpsDue: false });
      expect(alarms).toEqual([]);
    });

    it('R-FOLLOWUP: a severity with no cadence configured owes no follow-ups; an incident nobody must hear of sends nothing', async () => {
      const policy: ReportingPolicy = {
        ...defaultPolicy,
        obligations: {
          ...defaultPolicy.obligations,
          'follow-up': {
            ...defaultPolicy.obligations['follow-up'],
            dueMinutesBySeverity: { ...defaultPolicy.obligations['follow-up'].dueMinutesBySeverity, general: null },
          },
        },
      };
      const incident = JSON.parse(
        (await createIncident(phoneFirstReport({ severity: 'general', category: 'traffic', unitId: 'example-town-a' })))
          .body!,
      );
      const output = await run('incident', incidentExecutionInput(incident), handlers(policy));
      expect(output.followUp).toMatchObject({ incidentOpen: true, followUpsDue: false });
      expect(output.immediateNotifications).toEqual({ routed: [], notified: [] });
      expect(notifier.sent).toEqual([]);
    });
  });
});
