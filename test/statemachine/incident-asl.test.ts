import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import aslValidator from 'asl-validator';
import { defaultDirectory } from '../../functions/domain/directory';
import { executionInputFor } from '../../functions/domain/incident';
import { defaultPolicy } from '../../functions/domain/policy';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeCheckObligation } from '../../functions/workflow/check-obligation';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { WORKFLOW_TASKS } from '../../functions/workflow/tasks';
import { bindLambdaTasks, localSubstitutions, placeholdersOf, readIncidentDefinitionTemplate, substituteDefinition } from '../../infra/local/state-machine-definition';
import { STATE_MACHINES_DIR } from '../../infra/project-paths';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { startTestTable, type TestTable } from '../support/table';

// 30 minutes at this drill speed is 300 ms: the real ASL waits on real timestamps, just sooner.
const DRILL_SPEED = 6000;
const LAMBDA_INVOKE = 'lambda-invoke';

describe('statemachines/', () => {
  it.each(readdirSync(STATE_MACHINES_DIR).filter((file) => file.endsWith('.asl.json')))('%s passes asl-validator', (file) => {
    const { isValid, errorsText } = aslValidator(JSON.parse(readFileSync(join(STATE_MACHINES_DIR, file), 'utf8')));
    expect(errorsText()).toBe('');
    expect(isValid).toBe(true);
  });

  it('every state has a Comment citing a requirement ID, and uses no JSONata, Assign or task tokens', () => {
    const definition = JSON.parse(readIncidentDefinitionTemplate());
    for (const [name, state] of Object.entries<Record<string, unknown>>(definition.States)) {
      expect([name, state.Comment]).toEqual([name, expect.stringMatching(/R-[A-Z0-9-]+/)]);
      expect(state.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
      expect(state.Assign).toBeUndefined();
      expect(String(state.Resource ?? '')).not.toContain('waitForTaskToken');
    }
    expect(readIncidentDefinitionTemplate()).not.toContain('arn:aws');
  });
});

describe('incident state machine (the real ASL in aws-local-stepfunctions)', () => {
  let table: TestTable;
  let notifier: RecordingNotifier;
  let sequence = 0;

  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(async () => table.stop());
  beforeEach(() => {
    notifier = new RecordingNotifier();
  });

  function stateMachine() {
    const definition = substituteDefinition(readIncidentDefinitionTemplate(), localSubstitutions(LAMBDA_INVOKE));
    const now = () => new Date();
    const bindings = bindLambdaTasks(definition, LAMBDA_INVOKE, {
      'check-obligation': (payload) => makeCheckObligation({ store: table.store, now })(payload as never),
      'escalate-obligation': (payload) =>
        makeEscalate({ store: table.store, notifier, directory: defaultDirectory, policy: defaultPolicy, publicApiUrl: 'http://127.0.0.1:3000', now })(payload as never),
    });
    return { machine: new StateMachine(definition, { validationOptions: { checkArn: false } }), bindings };
  }

  type ExecutionInput = Parameters<StateMachine['run']>[0];

  async function givenPhoneReport(): Promise<{ incidentId: string; input: ExecutionInput }> {
    sequence += 1;
    const incidentId = `INC-20261128-ASL${String(sequence).padStart(3, '0')}`;
    const obligation = await givenPhoneReportedIncident(table.store, { incidentId, phoneReportAt: new Date(), drillSpeed: DRILL_SPEED });
    return { incidentId, input: executionInputFor(incidentId, [obligation]) as unknown as ExecutionInput };
  }

  const fileWrittenReport = (incidentId: string) =>
    makeFileReport({ store: table.store, now: () => new Date() })(
      httpEvent({ method: 'POST', path: `/incidents/${incidentId}/reports`, body: { kind: 'written', summary: '已堵漏' }, pathParameters: { incidentId } }),
      context,
    );

  it('substitutes every placeholder the ASL uses, and nothing else', () => {
    const expected = ['LambdaInvoke', ...WORKFLOW_TASKS.map((task) => task.substitution)].sort();
    expect(placeholdersOf(readIncidentDefinitionTemplate()).sort()).toEqual(expected);
    expect(() => substituteDefinition(readIncidentDefinitionTemplate(), { LambdaInvoke: 'x' })).toThrow(/CheckObligationFunctionArn/);
  });

  it('R-WRITTEN-30: filed on time → the execution stops without a message', async () => {
    // Prepare
    const { incidentId, input } = await givenPhoneReport();
    const { machine, bindings } = stateMachine();
    // Act
    const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: bindings as never } });
    expect((await fileWrittenReport(incidentId)).statusCode).toBe(201);
    const output = (await execution.result) as Record<string, Record<string, unknown>>;
    // Assess
    expect(output.writtenReportAtDeadline.obligationStatus).toBe('met');
    expect(output.escalationStep1).toBeUndefined();
    expect(notifier.sent).toEqual([]);
    expect((await table.store.getObligation(incidentId, 'written-report'))?.status).toBe('met');
  });

  it('R-WRITTEN-30, R-LADDER: not filed → exactly one message per channel to the duty contact, obligation overdue', async () => {
    const { incidentId, input } = await givenPhoneReport();
    const { machine, bindings } = stateMachine();
    const output = (await machine.run(input, { overrides: { taskResourceLocalHandlers: bindings as never } }).result) as Record<string, Record<string, unknown>>;
    expect(output.escalationStep1).toMatchObject({ escalated: true, reason: expect.stringContaining('written report overdue') });
    expect(notifier.sent.map((message) => message.channel)).toEqual(['sms', 'email']);
    expect(notifier.sent.every((message) => message.context.incidentId === incidentId)).toBe(true);
    expect((await table.store.getObligation(incidentId, 'written-report'))?.status).toBe('overdue');
  });

  it('R-LIFECYCLE: filed after the escalation → late', async () => {
    const { incidentId, input } = await givenPhoneReport();
    const { machine, bindings } = stateMachine();
    await machine.run(input, { overrides: { taskResourceLocalHandlers: bindings as never } }).result;
    const response = await fileWrittenReport(incidentId);
    expect(JSON.parse(response.body!).obligations[0]).toMatchObject({ status: 'late' });
    expect(notifier.sent).toHaveLength(2);
  });

  it('R-LADDER: an SNS failure is retried by the state machine and each message still goes out once', async () => {
    const { input } = await givenPhoneReport();
    const { machine, bindings } = stateMachine();
    notifier.failNext.sms = 2;
    const output = (await machine.run(input, {
      overrides: { taskResourceLocalHandlers: bindings as never, retryIntervalOverrides: { "Escalate to the unit's duty contact": 0 } },
    }).result) as Record<string, Record<string, unknown>>;
    expect(output.escalationStep1).toMatchObject({ escalated: true });
    expect(notifier.sent.map((message) => message.channel)).toEqual(['email', 'sms']);
  });

  it('R-WRITTEN-30: a written first report owes nothing: the execution ends at once', async () => {
    const { machine, bindings } = stateMachine();
    const output = await machine.run({ incidentId: 'INC-20261128-NOWAIT' }, { overrides: { taskResourceLocalHandlers: bindings as never } }).result;
    expect(output).toEqual({ incidentId: 'INC-20261128-NOWAIT' });
    expect(notifier.sent).toEqual([]);
  });
});
