import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { SnsEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { StepFunctionsIncidentWorkflow } from '../../functions/shared/incident-workflow';
import { TableRepository, type ItemKey } from '../../functions/shared/table';
import { MessageNotPublishedError, StoreError, WorkflowError } from '../../functions/domain/errors';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const stateMachineArn = 'arn:test:states:us-east-1:test:stateMachine:incident';
const stateMachineArns = {
  incident: stateMachineArn,
  obligation: 'arn:test:states:us-east-1:test:stateMachine:obligation',
};
const followUpZero = { number: 0, dueAt: '2026-11-28T00:00:00.000Z' };
const contact = defaultDirectory.units[1].contacts.dutyContact;
const context = {
  kind: 'escalation' as const,
  incidentId: 'INC-20261128-7K3Q9P',
  obligationId: 'written-report',
  escalationStep: 1,
};

describe('Step Functions workflow adapter', () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => sfn.reset());

  it('names the incident execution after the incident, with a small input', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:INC-1` });
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).startIncident({
      incidentId: 'INC-1',
      followUp: followUpZero,
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn,
      name: 'INC-1',
      input: JSON.stringify({ incidentId: 'INC-1', followUp: followUpZero }),
    });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it('names an obligation execution <incidentId>_<obligationId>, with IDs and timestamps only', async () => {
    sfn.on(StartExecutionCommand).resolves({});
    const obligation = {
      incidentId: 'INC-1',
      obligationId: 'VRQ-1-phone',
      kind: 'verification-phone' as const,
      unitId: 'gaosheng-zone',
      status: 'pending' as const,
      openedAt: '2026-11-28T00:00:00.000Z',
      dueAt: '2026-11-28T00:20:00.000Z',
      remindAt: '2026-11-28T00:13:20.000Z',
      escalationSchedule: [],
      policyVersion: 'v',
      drillSpeed: 1,
    };
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).watchObligation(
      obligation,
    );
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: stateMachineArns.obligation,
      name: 'INC-1_VRQ-1-phone',
      input: JSON.stringify({
        incidentId: 'INC-1',
        obligationId: 'VRQ-1-phone',
        dueAt: '2026-11-28T00:20:00.000Z',
        remindAt: '2026-11-28T00:13:20.000Z',
      }),
    });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:obligation:INC-1_VRQ-1-phone');
  });

  it('R-LIFECYCLE: stopping the incident execution; one that has already ended is not an error', async () => {
    sfn
      .on(StopExecutionCommand)
      .resolvesOnce({})
      .rejectsOnce(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));
    const workflow = new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns);
    expect(await workflow.stopIncident('INC-1', 'final report')).toBe(true);
    expect(await workflow.stopIncident('INC-1', 'final report')).toBe(false);
    expect(sfn.commandCalls(StopExecutionCommand)[0].args[0].input).toEqual({
      executionArn: 'arn:test:states:us-east-1:test:execution:incident:INC-1',
      cause: 'final report',
    });
  });

  it('idempotent start: an execution that already exists is the same watch, not an error', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).startIncident({
      incidentId: 'INC-1',
      followUp: followUpZero,
    });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it("other Step Functions errors are not swallowed: a WorkflowError naming the execution, with the SDK's error as its cause", async () => {
    // Prepare
    const throttled = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    sfn.on(StartExecutionCommand).rejects(throttled);
    // Act
    const failure = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns)
      .startIncident({ incidentId: 'INC-1', followUp: followUpZero })
      .catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(WorkflowError);
    expect(failure).toMatchObject({
      name: 'WorkflowError',
      message: 'Step Functions StartExecution of INC-1 failed: ThrottlingException: throttled',
      cause: throttled,
    });
  });
});

describe('DynamoDB table primitives', () => {
  /** The base every repository shares, with its primitives opened up for the test. */
  class OpenRepository extends TableRepository {
    public get = (key: ItemKey) => this.getItem(key);
    public put = (key: ItemKey) => this.putNew(key, 'test', {});
  }
  const failingClient = (error: Error) =>
    ({ send: async () => Promise.reject(error) }) as unknown as DynamoDBDocumentClient;

  it("a DynamoDB failure is a StoreError naming the operation and the key, with the SDK's error as its cause", async () => {
    // Prepare
    const outage = Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    const repository = new OpenRepository(failingClient(outage), 'table');
    // Act
    const failures = await Promise.all([
      repository.get({ pk: 'INC#1', sk: 'INCIDENT' }).catch((error: unknown) => error),
      repository.put({ pk: 'INC#1', sk: 'X' }).catch((error: unknown) => error),
    ]);
    // Assess
    expect(failures.map((failure) => failure instanceof StoreError)).toEqual([true, true]);
    expect(failures).toMatchObject([
      {
        name: 'StoreError',
        message: 'DynamoDB GetItem on INC#1 / INCIDENT failed: InternalServerError: Internal server error',
        cause: outage,
      },
      {
        name: 'StoreError',
        message: 'DynamoDB PutItem on INC#1 / X failed: InternalServerError: Internal server error',
        cause: outage,
      },
    ]);
  });

  it('a failed condition is an answer, not a failure: putNew says false', async () => {
    // Prepare
    const refused = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    // Act / Assess
    await expect(new OpenRepository(failingClient(refused), 'table').put({ pk: 'INC#1', sk: 'X' })).resolves.toBe(
      false,
    );
  });
});

describe('SNS notifier', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('R-LADDER: an SMS is published to the contact phone number as Transactional', async () => {
    const messageId = await new SnsEscalationNotifier(new SNSClient({}), 'topic-arn').sendSms(contact, '短信', context);
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(messageId).toBe('m-1');
    expect(input).toMatchObject({ PhoneNumber: contact.phone, Message: '短信' });
    expect(input.TopicArn).toBeUndefined();
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']).toEqual({
      DataType: 'String',
      StringValue: 'Transactional',
    });
    expect(input.MessageAttributes?.incidentId?.StringValue).toBe('INC-20261128-7K3Q9P');
  });

  it('R-LADDER: an e-mail is published to the topic with the contactId the subscription filters on', async () => {
    await new SnsEscalationNotifier(new SNSClient({}), 'topic-arn').sendEmail(contact, '主题', '正文', context);
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input).toMatchObject({ TopicArn: 'topic-arn', Subject: '主题', Message: '正文' });
    expect(input.MessageAttributes?.contactId).toEqual({ DataType: 'String', StringValue: contact.contactId });
  });

  it("R-LADDER: SNS not taking a message now (throttled) is a MessageNotPublishedError worth retrying, with the SDK's error as its cause", async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
    sns.on(PublishCommand).rejects(throttled);
    // Act
    const failure = await new SnsEscalationNotifier(new SNSClient({}), 'topic-arn')
      .sendSms(contact, '短信', context)
      .catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(MessageNotPublishedError);
    expect(failure).toMatchObject({
      message: 'SNS did not take the message: ThrottledException: Rate exceeded',
      cause: throttled,
    });
  });
});
