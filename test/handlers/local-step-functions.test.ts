import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { LocalStepFunctions } from '../../infra/local/step-functions';

const stateMachineArn = 'arn:test:states:us-east-1:local:stateMachine:incident';
const waitingArn = 'arn:test:states:us-east-1:local:stateMachine:waiting';

describe('local Step Functions (StartExecution semantics the handlers rely on)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'incident-sfn-'));
  const service = new LocalStepFunctions({
    stateMachines: [
      {
        stateMachineArn,
        definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed', Comment: 'test' } } },
        taskBindings: {},
      },
      {
        stateMachineArn: waitingArn,
        definition: {
          StartAt: 'Wait',
          States: { Wait: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
        },
        taskBindings: {},
      },
    ],
    executionsFile: join(dataDir, 'executions.jsonl'),
    log: () => undefined,
  });
  let client: SFNClient;

  beforeAll(async () => {
    client = new SFNClient({
      endpoint: await service.listen(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('idempotent start: the same name and input return the same execution; another input is ExecutionAlreadyExists', async () => {
    // Act
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'INC-1', input: '{"incidentId":"INC-1"}' }),
    );
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'INC-1', input: '{"incidentId":"INC-1"}' }),
    );
    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toBe('arn:test:states:us-east-1:local:execution:incident:INC-1');
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, name: 'INC-1', input: '{"other":true}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    expect((await service.settled(first.executionArn!))?.status).toBe('SUCCEEDED');
    expect(service.listExecutions()).toHaveLength(1);
  });

  it('R-LIFECYCLE: StopExecution ends a waiting execution ABORTED with its cause; the same name on another state machine is another execution', async () => {
    // Prepare
    const waiting = await client.send(
      new StartExecutionCommand({ stateMachineArn: waitingArn, name: 'INC-1', input: '{}' }),
    );
    // Act
    await client.send(new StopExecutionCommand({ executionArn: waiting.executionArn, cause: 'final report' }));
    // Assess
    const stopped = await service.settled(waiting.executionArn!);
    expect(stopped).toMatchObject({ status: 'ABORTED', cause: 'final report' });
    const described = await client.send(new DescribeExecutionCommand({ executionArn: waiting.executionArn }));
    expect(described.status).toBe('ABORTED');
    await expect(
      client.send(new StopExecutionCommand({ executionArn: `${waiting.executionArn}-none` })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
