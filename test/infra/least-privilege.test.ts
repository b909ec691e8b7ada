import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ServiceFunction } from '../../infra/constructs/lambda-function';
import { IncidentReportingStack } from '../../infra/stack';

/**
 * Least privilege that a test can see (issue 13, item 5). Every grant of a principal of the stack
 * (a Lambda function's role, a state machine's role, …) that reaches beyond named resources — an
 * Allow on Resource "*", or an Allow with NotResource — must be listed here: principal → grant →
 * why. A grant not listed fails with the principal and the action; a listed grant that is no longer
 * made fails too, so the list stays the truth. A principal is named by its construct path in the
 * stack (the function's, or the role's where no function assumes it).
 */
type Allowlist = Record<string, Record<string, string>>;

const XRAY_FROM_FUNCTIONS = {
  'xray:PutTraceSegments on *':
    "X-Ray tracing of the function (no resource ARN); through the stack's LambdaTracingPolicy",
  'xray:PutTelemetryRecords on *':
    "X-Ray tracing of the function (no resource ARN); through the stack's LambdaTracingPolicy",
};
const SMS_TO_PHONE_NUMBERS = {
  'sns:Publish on all but arn:<AWS::Partition>:sns:*:*:*':
    'R-LADDER: SMS straight to a phone number (a Publish with PhoneNumber names no ARN); no topic or endpoint is covered (infra/constructs/notifications.ts smsToPhoneNumbersStatement)',
};
const STATE_MACHINE_ROLE = {
  ...Object.fromEntries(
    ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'].map(
      (action) => [
        `${action} on *`,
        'X-Ray tracing of the executions (no resource ARN), as CDK writes it for tracingEnabled',
      ],
    ),
  ),
  ...Object.fromEntries(
    [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ].map((action) => [
      `${action} on *`,
      'Execution logs to CloudWatch Logs: the log-delivery actions take no resource ARN (as CDK writes them for logs)',
    ]),
  ),
};

/** Functions that send SMS in `sns` mode (the route and the tasks with sendsMessages). */
const SMS_SENDERS = [
  'Api/StartSpotCheckFunction',
  'Workflow/RecordFailureFunction',
  'Workflow/NotifyAtOnceFunction',
  'Workflow/RemindObligationFunction',
  'Workflow/EscalateObligationFunction',
  'Workflow/SendSmsDigestsFunction',
];

// Issue 15 item 2: the functions that keep the e-mail topic's subscriptions to the directory. SNS defines no resource
// type for these three actions: they can only be granted on "*".
const SUBSCRIPTION_REASON =
  'SNS defines no resource type for it (Service Authorization Reference): the e-mail topic follows the directory';
const EMAIL_SUBSCRIPTION_KEEPERS = Object.fromEntries(
  [
    'Api/CreateUnitFunction',
    'Api/GetUnitFunction',
    'Api/UpdateUnitFunction',
    'Api/DeactivateUnitFunction',
    'Api/SaveContactFunction',
    'Api/RemoveContactFunction',
    'DirectorySeed/SeedDirectoryFunction',
  ].map((keeper) => [
    keeper,
    {
      'sns:GetSubscriptionAttributes on *': SUBSCRIPTION_REASON,
      'sns:SetSubscriptionAttributes on *': SUBSCRIPTION_REASON,
      'sns:Unsubscribe on *': SUBSCRIPTION_REASON,
    },
  ]),
);

const ALLOWLIST: Record<'aws' | 'aws-cn', Allowlist> = {
  aws: {
    ...EMAIL_SUBSCRIPTION_KEEPERS,
    ...Object.fromEntries(SMS_SENDERS.map((sender) => [sender, SMS_TO_PHONE_NUMBERS])),
    'Workflow/IncidentStateMachine/Role': STATE_MACHINE_ROLE,
    'Workflow/ObligationStateMachine/Role': STATE_MACHINE_ROLE,
    // CDK's AwsCustomResource provider (a singleton named by CDK's fixed id): sets the SMS attributes.
    AWS679f53fac002430cb0da5b7982bd2287: {
      'sns:SetSMSAttributes on *':
        'The account-wide SMS settings have no ARN: turns SMS delivery-status logging on, once, at deploy',
    },
    // CDK's BucketDeployment (publishing the console; a singleton named by CDK).
    'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB': {
      'cloudfront:GetInvalidation on *':
        "After copying the console, CDK invalidates the distribution's cache (as CDK writes the grant); deploy time only",
      'cloudfront:CreateInvalidation on *':
        "After copying the console, CDK invalidates the distribution's cache (as CDK writes the grant); deploy time only",
    },
  },
  // The China regions: SMS go to the gateway topic (a named resource), Lambda has no X-Ray, no console deployment.
  'aws-cn': {
    ...EMAIL_SUBSCRIPTION_KEEPERS,
    'Workflow/IncidentStateMachine/Role': STATE_MACHINE_ROLE,
    'Workflow/ObligationStateMachine/Role': STATE_MACHINE_ROLE,
  },
};
/** Granted to every function of the service where Lambda traces (not in aws-cn). */
const EVERY_SERVICE_FUNCTION: Record<'aws' | 'aws-cn', Record<string, string>> = {
  aws: XRAY_FROM_FUNCTIONS,
  'aws-cn': {},
};

/** AWS-managed policies a role may carry (their statements are not in the template). */
const AWS_MANAGED_POLICIES = ['arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'];

type Json = unknown;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: Json;
  NotResource?: Json;
  Condition?: Json;
  Principal?: Json;
}
interface TemplateResource {
  Type: string;
  Properties: Record<string, Json>;
}

/** A CloudFormation value as one string, the way cdk-nag names findings (`<Id>`, `<Id.Attr>`). */
function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const object = value as Record<string, Json>;
    if ('Fn::Join' in object) {
      const [delimiter, parts] = object['Fn::Join'] as [string, Json[]];
      return parts.map(flatten).join(delimiter);
    }
    if ('Ref' in object) return `<${String(object.Ref)}>`;
    // CDK's own providers (the deploy-time trigger's) write an ARN as a substitution: the same ARN, told the same way.
    if (typeof object['Fn::Sub'] === 'string') return object['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
    if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return JSON.stringify(value);
}
const refOf = (value: Json): string | undefined =>
  value && typeof value === 'object' && 'Ref' in value ? String((value as { Ref: string }).Ref) : undefined;
const roleOfFunction = (value: Json): string | undefined => {
  const getAtt = (value as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt'];
  return getAtt?.[1] === 'Arn' ? getAtt[0] : undefined;
};

interface BroadGrants {
  /** principal → the grants beyond named resources, as "<action> on *" or "<action> on all but <NotResource>". */
  grants: Map<string, Set<string>>;
  /** principal → AWS-managed policy ARNs attached. */
  awsManaged: Map<string, string[]>;
  /** The principals that are functions of the service. */
  serviceFunctions: Set<string>;
}

/** Reads, for every IAM role of the synthesized stack, every Allow that reaches beyond named resources. */
function broadGrantsOf(stack: Stack): BroadGrants {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, TemplateResource>;
  // Construct paths by logical ID, without the stack's name and CDK's trailing "/Resource".
  const pathOf = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof CfnResource)
      pathOf.set(
        stack.resolve(construct.logicalId),
        construct.node.path.replace(`${stack.node.id}/`, '').replace(/\/Resource$/, ''),
      );
  }
  const serviceFunctionIds = new Set(
    stack.node
      .findAll()
      .filter((construct) => construct instanceof ServiceFunction)
      .map((fn) => stack.resolve((fn.node.defaultChild as CfnResource).logicalId)),
  );
  const principalOf = new Map<string, string>();
  const serviceFunctions = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const functions = Object.entries(resources).filter(
      ([, fn]) => fn.Type === 'AWS::Lambda::Function' && roleOfFunction(fn.Properties.Role) === id,
    );
    principalOf.set(id, functions.length === 1 ? pathOf.get(functions[0][0])! : pathOf.get(id)!);
    if (functions.length === 1 && serviceFunctionIds.has(functions[0][0])) serviceFunctions.add(principalOf.get(id)!);
  }
  const statementsOf = new Map<string, Statement[]>([...principalOf.keys()].map((id) => [id, []]));
  const awsManaged = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[])
        statementsOf.get(id)!.push(...policy.PolicyDocument.Statement);
      for (const arn of (resource.Properties.ManagedPolicyArns ?? []) as Json[]) {
        const managed = refOf(arn);
        if (managed && resources[managed]?.Type === 'AWS::IAM::ManagedPolicy')
          statementsOf
            .get(id)!
            .push(...(resources[managed].Properties.PolicyDocument as { Statement: Statement[] }).Statement);
        else awsManaged.set(principalOf.get(id)!, [...(awsManaged.get(principalOf.get(id)!) ?? []), flatten(arn)]);
      }
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const role of (resource.Properties.Roles ?? []) as Json[]) {
        const roleId = refOf(role);
        if (!roleId || !statementsOf.has(roleId))
          throw new Error(`${id} is attached to a role that is not in the stack: ${JSON.stringify(role)}`);
        statementsOf.get(roleId)!.push(...(resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      }
      if (resource.Properties.Users || resource.Properties.Groups)
        throw new Error(`${id} is attached to users or groups: the stack has none`);
    }
  }
  // A policy attached to no role grants nothing today, but would the moment someone attaches it: none is left lying
  // about.
  const attached = new Set(
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Role')
      .flatMap((role) => ((role.Properties.ManagedPolicyArns ?? []) as Json[]).map(refOf)),
  );
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::ManagedPolicy' && !attached.has(id) && !resource.Properties.Roles)
      throw new Error(`${id} is a managed policy attached to no role`);
  }
  const grants = new Map<string, Set<string>>();
  for (const [roleId, statements] of statementsOf) {
    const principal = principalOf.get(roleId)!;
    const broad = new Set<string>();
    for (const statement of statements.filter((candidate) => candidate.Effect === 'Allow')) {
      const resourcesOf = [statement.Resource ?? []].flat().map(flatten);
      const scope =
        statement.NotResource !== undefined
          ? `all but ${[statement.NotResource].flat().map(flatten).join(', ')}`
          : resourcesOf.includes('*')
            ? '*'
            : undefined;
      if (!scope) continue;
      for (const action of [statement.Action].flat()) broad.add(`${action} on ${scope}`);
    }
    grants.set(principal, broad);
  }
  return { grants, awsManaged, serviceFunctions };
}

/** What differs from the allowlist: each line names the principal and the grant. */
function violationsOf(
  found: BroadGrants,
  allowlist: Allowlist,
  everyServiceFunction: Record<string, string>,
): string[] {
  const violations: string[] = [];
  for (const [principal, grants] of found.grants) {
    const allowed = {
      ...(found.serviceFunctions.has(principal) ? everyServiceFunction : {}),
      ...(allowlist[principal] ?? {}),
    };
    for (const grant of grants)
      if (!(grant in allowed)) violations.push(`${principal} is granted ${grant}, which is not in the allowlist`);
    for (const grant of Object.keys(allowed))
      if (!grants.has(grant)) violations.push(`${principal} no longer holds ${grant}: remove it from the allowlist`);
  }
  for (const principal of Object.keys(allowlist))
    if (!found.grants.has(principal)) violations.push(`${principal} is in the allowlist but not in the stack`);
  for (const [principal, arns] of found.awsManaged)
    for (const arn of arns)
      if (!AWS_MANAGED_POLICIES.includes(arn))
        violations.push(`${principal} has the AWS-managed policy ${arn}, which is not in the allowlist`);
  return violations;
}

function synthesize(target: 'aws' | 'aws-cn', change?: (stack: IncidentReportingStack) => void) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IncidentReportingStack(app, 'IncidentReporting', { target });
  change?.(stack);
  return stack;
}
const unacknowledgedNagFindings = (stack: Stack) =>
  new AwsSolutionsChecks(stack)
    .validateScope(stack)
    .violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} ${resource.constructPath ?? resource.resourceLogicalId}`,
      ),
    );

describe.each(['aws', 'aws-cn'] as const)(
  'least privilege, partition %s: every grant beyond named resources is in the allowlist',
  (target) => {
    const stack = synthesize(target);
    const found = broadGrantsOf(stack);

    it('each principal holds on "*" (or on all but …) exactly what the allowlist gives it, with its reason', () => {
      expect(violationsOf(found, ALLOWLIST[target], EVERY_SERVICE_FUNCTION[target])).toEqual([]);
      // The check sees the service's functions (one role each) at all.
      expect(found.serviceFunctions.size).toBeGreaterThan(25);
    });

    it('SMS: no sns:Publish on Resource "*" anywhere; the phone-number grant excludes every SNS ARN of the partition', () => {
      const publishes = [...found.grants.values()]
        .flatMap((grants) => [...grants])
        .filter((grant) => grant.startsWith('sns:Publish '));
      expect(publishes.filter((grant) => grant === 'sns:Publish on *')).toEqual([]);
      for (const grant of publishes) expect(grant).toBe('sns:Publish on all but arn:<AWS::Partition>:sns:*:*:*');
      expect(publishes.length).toBe(target === 'aws' ? SMS_SENDERS.length : 0);
      // The stack's own topics are granted by name, next to it (grantPublish): the e-mail topic to every sender.
      const template = Template.fromStack(stack).toJSON();
      const emailTopicId = stack.resolve((stack.notifications.emailTopic.node.defaultChild as CfnResource).logicalId);
      const senderPolicies = Object.values(template.Resources as Record<string, TemplateResource>)
        .filter(
          (resource) =>
            resource.Type === 'AWS::IAM::Policy' &&
            JSON.stringify(resource.Properties.PolicyDocument).includes('"NotResource"'),
        )
        .map((resource) => (resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      expect(senderPolicies).toHaveLength(publishes.length);
      for (const statements of senderPolicies) {
        expect(statements).toContainEqual(
          expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: emailTopicId } }),
        );
      }
    });

    it('the topic key: every statement for an AWS service principal holds only on behalf of this account (aws:SourceAccount)', () => {
      const template = Template.fromStack(stack);
      const keys = Object.values(template.findResources('AWS::KMS::Key')).map(
        (key) => key.Properties.KeyPolicy.Statement as Statement[],
      );
      const forServices = keys
        .flat()
        .filter((statement) => JSON.stringify(statement.Principal ?? {}).includes('"Service"'));
      expect(forServices.map((statement) => JSON.stringify(statement.Principal)).sort()).toEqual([
        '{"Service":"cloudwatch.amazonaws.com"}',
        '{"Service":"sms-voice.amazonaws.com"}',
      ]);
      for (const statement of forServices)
        expect(statement.Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
      // End User Messaging SMS: and only for its resources in this account and region (its own guide's key policy).
      const smsVoice = forServices.find((statement) => JSON.stringify(statement.Principal).includes('sms-voice'))!;
      expect(flatten((smsVoice.Condition as { ArnLike: Record<string, Json> }).ArnLike['aws:SourceArn'])).toBe(
        'arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:*',
      );
    });
  },
);

describe('least privilege: the checks bite', () => {
  // What issue 13 item 5 was about: this grant passed every stack test while IAM5[Resource::*] was acknowledged
  // stack-wide.
  const deleteTableOnEverything = (stack: IncidentReportingStack) =>
    stack.api.routeFunctions['GET /units'].addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:DeleteTable'], resources: ['*'] }),
    );

  it('dynamodb:DeleteTable on "*" added to the GET /units function fails the allowlist, naming the function and the action, and is a cdk-nag finding', () => {
    const stack = synthesize('aws', deleteTableOnEverything);
    expect(violationsOf(broadGrantsOf(stack), ALLOWLIST.aws, EVERY_SERVICE_FUNCTION.aws)).toEqual([
      'Api/ListUnitsFunction is granted dynamodb:DeleteTable on *, which is not in the allowlist',
    ]);
    expect(unacknowledgedNagFindings(stack)).toEqual([
      'AwsSolutions-IAM5[Resource::*] IncidentReporting/Api/ListUnitsFunction/ServiceRole/DefaultPolicy/Resource',
    ]);
  });

  it('…and so does any other action on "*" added to a function that already sends SMS (cdk-nag cannot tell actions apart; the allowlist can)', () => {
    const stack = synthesize('aws', (incidentStack) =>
      incidentStack.workflow.taskFunctions['escalate-obligation'].addToRolePolicy(
        new PolicyStatement({ actions: ['sns:DeleteTopic'], resources: ['*'] }),
      ),
    );
    expect(violationsOf(broadGrantsOf(stack), ALLOWLIST.aws, EVERY_SERVICE_FUNCTION.aws)).toEqual([
      'Workflow/EscalateObligationFunction is granted sns:DeleteTopic on *, which is not in the allowlist',
    ]);
    expect(unacknowledgedNagFindings(stack)).toEqual([
      'AwsSolutions-IAM5[Resource::*] IncidentReporting/Workflow/EscalateObligationFunction/ServiceRole/DefaultPolicy/Resource',
    ]);
  });

  it('a grant through NotResource, which cdk-nag does not see, fails the allowlist', () => {
    const stack = synthesize('aws-cn', (incidentStack) =>
      incidentStack.api.routeFunctions['GET /units'].addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          notResources: [`arn:${Stack.of(incidentStack).partition}:s3:::nothing/*`],
        }),
      ),
    );
    expect(violationsOf(broadGrantsOf(stack), ALLOWLIST['aws-cn'], EVERY_SERVICE_FUNCTION['aws-cn'])).toEqual([
      'Api/ListUnitsFunction is granted s3:GetObject on all but arn:<AWS::Partition>:s3:::nothing/*, which is not in the allowlist',
    ]);
  });
});
