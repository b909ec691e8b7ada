import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultDirectory } from '../../functions/domain/directory';
import { SnsEscalationNotifier } from '../../functions/shared/escalation-notifier';
import { StepFunctionsIncidentWorkflow } from '../../functions/shared/incident-workflow';

const stateMachineArn = 'arn:test:states:us-east-1:test:stateMachine:incident';
const contact = defaultDirectory.units[1].contacts.dutyContact;
const context = { kind: 'escalation' as const, incidentId: 'INC-20261128-7K3Q9P', obligationId: 'written-report', escalationStep: 1 };

describe('Step Functions workflow adapter', () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => sfn.reset());

  it('names the execution after the incident, with a small input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:INC-1` });
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArn).start({ incidentId: 'INC-1' });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({ stateMachineArn, name: 'INC-1', input: '{"incidentId":"INC-1"}' });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it('idempotent start: an execution that already exists is the same watch, not an error', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const arn = await new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArn).start({ incidentId: 'INC-1' });
    expect(arn).toBe('arn:test:states:us-east-1:test:execution:incident:INC-1');
  });

  it('other Step Functions errors are not swallowed', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(new StepFunctionsIncidentWorkflow(new SFNClient({}), stateMachineArn).start({ incidentId: 'INC-1' })).rejects.toThrow('throttled');
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
