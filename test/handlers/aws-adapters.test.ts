import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ExecutionAlreadyExists, ExecutionDoesNotExist, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDirectory } from '../../functions/domain/directory';
import { SnsEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { StepFunctionsIncidentWorkflow } from '../../functions/shared/incident-workflow';

const stateMachineArn = 'arn:test:states:us-east-1:test:stateMachine:incident';
const stateMachineArns = { incident: stateMachineArn, obligation: 'arn:test:states:us-east-1:test:stateMachine:obligation' };
const followUpZero = { number: 0, dueAt: '2026-11-28T00:00:00.000Z' };
const contact = defaultDirectory.units[1].contacts.dutyContact;
const context = { kind: 'escalation' as const, incidentId: 'INC-20261128-7K3Q9P', obligationId: 'written-report', escalationStep: 1 };

describe('Step Functions workflow adapter', () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => sfn.reset());

  it('names the incident execution after the incident, with a small input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:INC-1` });
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).startIncident({ incidentId: 'INC-1', followUp: followUpZero });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({ stateMachineArn, name: 'INC-1', input: JSON.stringify({ incidentId: 'INC-1', followUp: followUpZero }) });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it('names an obligation execution <incidentId>_<obligationId>, with IDs and timestamps only', async () => {
    sfn.on(StartExecutionCommand).resolves({});
    const obligation = {
      incidentId: 'INC-1', obligationId: 'VRQ-1-phone', kind: 'verification-phone' as const, unitId: 'gaosheng-zone', status: 'pending' as const,
      openedAt: '2026-11-28T00:00:00.000Z', dueAt: '2026-11-28T00:20:00.000Z', remindAt: '2026-11-28T00:13:20.000Z', escalationSchedule: [], policyVersion: 'v', drillSpeed: 1,
    };
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).watchObligation(obligation);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: stateMachineArns.obligation, name: 'INC-1_VRQ-1-phone',
      input: JSON.stringify({ incidentId: 'INC-1', obligationId: 'VRQ-1-phone', dueAt: '2026-11-28T00:20:00.000Z', remindAt: '2026-11-28T00:13:20.000Z' }),
    });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:obligation:INC-1_VRQ-1-phone');
  });

  it('R-LIFECYCLE: stopping the incident execution; one that has already ended is not an error', async () => {
    sfn.on(StopExecutionCommand).resolvesOnce({}).rejectsOnce(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));
    const workflow = new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns);
    expect(await workflow.stopIncident('INC-1', 'final report')).toBe(true);
    expect(await workflow.stopIncident('INC-1', 'final report')).toBe(false);
    expect(sfn.commandCalls(StopExecutionCommand)[0].args[0].input).toEqual({ executionArn: 'arn:test:states:us-east-1:test:execution:incident:INC-1', cause: 'final report' });
  });

  it('idempotent start: an execution that already exists is the same watch, not an error', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).startIncident({ incidentId: 'INC-1', followUp: followUpZero });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it('other Step Functions errors are not swallowed', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArns).startIncident({ incidentId: 'INC-1', followUp: followUpZero })).rejects.toThrow('throttled');
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
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']).toEqual({ DataType: 'String', StringValue: 'Transactional' });
    expect(input.MessageAttributes?.incidentId?.StringValue).toBe('INC-20261128-7K3Q9P');
  });

  it('R-LADDER: an e-mail is published to the topic with the contactId the subscription filters on', async () => {
    await new SnsEscalationNotifier(new SNSClient({}), 'topic-arn').sendEmail(contact, '主题', '正文', context);
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input).toMatchObject({ TopicArn: 'topic-arn', Subject: '主题', Message: '正文' });
    expect(input.MessageAttributes?.contactId).toEqual({ DataType: 'String', StringValue: contact.contactId });
  });
});
