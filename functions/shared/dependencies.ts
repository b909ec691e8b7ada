import * as z from 'zod/mini';
import { ConfigurationError } from '../domain/errors';
import { AliyunSmsGateway, type AliyunCredentials } from './aliyun-sms';
import { repositoriesOver, type Repositories } from './repositories';
import { RequestPins } from './request-pins';
import { ReplyGuard } from './reply-guard';
import { SmsQueue } from './sms-queue';
import { StepFunctionsIncidentWorkflow } from './incident-workflow';
import { GatewayEscalationNotifier, SnsEscalationNotifier } from './escalation-notifier';
import {
  attachmentS3Client,
  documentClient,
  dynamoDbClient,
  s3Client,
  secretsManagerClient,
  snsClient,
  stepFunctionsClient,
} from './aws-clients';
import { S3AuditAnchors } from './audit-anchors';
import { S3AttachmentStore } from './attachment-store';
import { SnsEmailSubscriptions } from './email-subscriptions';
import { dynamoDbIdempotencyStore, type IdempotencyStore } from './idempotency';
import type { ObligationOpeningDependencies } from './obligation-watch';
import { SnsOperatorAlarms } from './operator-alarms';
import { secretString } from './secrets';
import { SecretsManagerSigningKey } from './signing-key';
import { TableDirectory, type DirectorySource } from './directory-source';
import { scaledMilliseconds } from '../domain/deadlines';
import { defaultPolicy } from '../domain/policy';
import { drillSpeedFromEnvironment, requireEnvironment, smsDeliveryFromEnvironment } from './environment';

// The production dependencies of the handlers, each read from the environment once, at cold start.

/** The gateway's credentials as Secrets Manager holds them. */
const aliyunCredentialsSchema = z.object({
  accessKeyId: z.string().check(z.minLength(1)),
  accessKeySecret: z.string().check(z.minLength(1)),
});

/** The repositories over the incident table named by TABLE_NAME; a handler takes those it uses. */
export function repositoriesFromEnvironment(): Repositories {
  return repositoriesOver(documentClient(), requireEnvironment('TABLE_NAME'), {
    // The local runtime's store has no transactions (issue 15: rosters).
    rosterWriteMode: process.env.ROSTER_WRITE_MODE === 'one-by-one' ? 'one-by-one' : 'transactions',
  });
}

let tableDirectory: TableDirectory | undefined;

/** Issue 15: the directory of units and contacts in the table named by TABLE_NAME, at most a minute old. */
export function directoryFromEnvironment(): DirectorySource {
  tableDirectory ??= new TableDirectory(repositoriesFromEnvironment().units);
  return tableDirectory;
}

/** Issue 15: the directory as the table holds it at this moment, for the pages that edit it (no cache). */
export function freshDirectoryFromEnvironment(): DirectorySource {
  return new TableDirectory(repositoriesFromEnvironment().units, { maxAgeMs: 0 });
}

/**
 * Issue 15 item 2: the e-mail topic's subscriptions (EMAIL_TOPIC_ARN), kept to the directory. The shipped
 * placeholders (example.org) are subscribed only where EMAIL_SUBSCRIBE_PLACEHOLDERS=true (the local runtime).
 */
export function emailSubscriptionsFromEnvironment(): { store: SnsEmailSubscriptions; includePlaceholders: boolean } {
  return {
    store: new SnsEmailSubscriptions(snsClient(), requireEnvironment('EMAIL_TOPIC_ARN')),
    includePlaceholders: process.env.EMAIL_SUBSCRIBE_PLACEHOLDERS === 'true',
  };
}

/** The request pins (Idempotency-Key → clock and ID seed) on the incident table named by TABLE_NAME. */
export function requestPinsFromEnvironment(): RequestPins {
  return new RequestPins(documentClient(), requireEnvironment('TABLE_NAME'));
}

/** R-LADDER: the per-number count of unknown reply codes, on the incident table named by TABLE_NAME. */
export function replyGuardFromEnvironment(): ReplyGuard {
  return new ReplyGuard(documentClient(), requireEnvironment('TABLE_NAME'));
}

/** R-AUDIT: the write-once anchor store: the Object Lock bucket named by AUDIT_ANCHOR_BUCKET. */
export function anchorStoreFromEnvironment(): S3AuditAnchors {
  return new S3AuditAnchors(s3Client(), requireEnvironment('AUDIT_ANCHOR_BUCKET'));
}

/** R-INTAKE: the photos and videos from the scene: the private bucket named by ATTACHMENT_BUCKET. */
export function attachmentStoreFromEnvironment(): S3AttachmentStore {
  return new S3AttachmentStore(attachmentS3Client(), requireEnvironment('ATTACHMENT_BUCKET'));
}

/** The state machines named by INCIDENT_STATE_MACHINE_ARN and OBLIGATION_STATE_MACHINE_ARN. */
export function incidentWorkflowFromEnvironment(): StepFunctionsIncidentWorkflow {
  return new StepFunctionsIncidentWorkflow(stepFunctionsClient(), {
    incident: requireEnvironment('INCIDENT_STATE_MACHINE_ARN'),
    obligation: requireEnvironment('OBLIGATION_STATE_MACHINE_ARN'),
  });
}

/**
 * E-mail through the topic named by EMAIL_TOPIC_ARN; SMS straight through SNS (SMS_DELIVERY=sns,
 * the default), or through the domestic provider behind the topic named by SMS_GATEWAY_TOPIC_ARN
 * (SMS_DELIVERY=gateway: the China regions, issue 7).
 */
export function escalationNotifierFromEnvironment(): SnsEscalationNotifier {
  if (smsDeliveryFromEnvironment() === 'gateway') {
    return new GatewayEscalationNotifier(
      snsClient(),
      requireEnvironment('EMAIL_TOPIC_ARN'),
      requireEnvironment('SMS_GATEWAY_TOPIC_ARN'),
    );
  }
  return new SnsEscalationNotifier(snsClient(), requireEnvironment('EMAIL_TOPIC_ARN'));
}

/** The acknowledgement-link signing key, from the secret named by ACK_SIGNING_KEY_SECRET_ARN. */
export function signingKeyFromEnvironment(): SecretsManagerSigningKey {
  return new SecretsManagerSigningKey(secretsManagerClient(), requireEnvironment('ACK_SIGNING_KEY_SECRET_ARN'));
}

/**
 * What every handler that opens obligations needs (R-LIFECYCLE): the table, the workflow that
 * watches them, the directory, the policy in force and the drill speed.
 */
export function obligationOpeningDependenciesFromEnvironment(): ObligationOpeningDependencies & Repositories {
  return {
    ...repositoriesFromEnvironment(),
    workflow: incidentWorkflowFromEnvironment(),
    directory: directoryFromEnvironment(),
    policy: defaultPolicy,
    drillSpeed: drillSpeedFromEnvironment(),
    idempotency: idempotencyStoreFromEnvironment(),
    pins: requestPinsFromEnvironment(),
    now: () => new Date(),
  };
}

/** Idempotency records on the incident table named by TABLE_NAME. */
export function idempotencyStoreFromEnvironment(): IdempotencyStore {
  return dynamoDbIdempotencyStore(dynamoDbClient(), requireEnvironment('TABLE_NAME'));
}

/** The operators' alarm topic named by OPERATORS_TOPIC_ARN. */
export function operatorAlarmsFromEnvironment(): SnsOperatorAlarms {
  return new SnsOperatorAlarms(snsClient(), requireEnvironment('OPERATORS_TOPIC_ARN'));
}

/**
 * The per-recipient SMS window of the policy, in this deployment's time (divided by DRILL_SPEED), and the queue of SMS
 * held back.
 */
export function smsRateLimitFromEnvironment(): { windowMs: number; queue: SmsQueue } {
  return {
    windowMs: scaledMilliseconds(
      defaultPolicy.smsRateLimit.minSecondsBetweenPerRecipient / 60,
      drillSpeedFromEnvironment(),
    ),
    queue: smsQueueFromEnvironment(),
  };
}

/** The SMS rate limit's windows, held SMS and digests, on the incident table named by TABLE_NAME. */
export function smsQueueFromEnvironment(): SmsQueue {
  return new SmsQueue(documentClient(), requireEnvironment('TABLE_NAME'));
}

/**
 * The `gateway` SMS mode's provider (issue 7): Alibaba Cloud SMS, its AccessKey pair from the
 * secret named by SMS_PROVIDER_SECRET_ARN (JSON `{"accessKeyId","accessKeySecret"}`), fetched
 * on first use; SMS_PROVIDER_ENDPOINT only where the provider is a local stand-in.
 */
export function smsProviderFromEnvironment(): AliyunSmsGateway {
  const secretId = requireEnvironment('SMS_PROVIDER_SECRET_ARN');
  const secret = secretString(secretsManagerClient(), secretId);
  const credentials = async (): Promise<AliyunCredentials> => {
    const malformed = (cause?: unknown) =>
      new ConfigurationError(`Secret ${secretId} must hold {"accessKeyId","accessKeySecret"}`, { cause });
    let parsed: unknown;
    try {
      parsed = JSON.parse(await secret());
    } catch (error) {
      throw malformed(error);
    }
    const result = aliyunCredentialsSchema.safeParse(parsed);
    if (!result.success) throw malformed(result.error);
    return result.data;
  };
  return new AliyunSmsGateway({
    credentials,
    ...(process.env.SMS_PROVIDER_ENDPOINT ? { endpoint: process.env.SMS_PROVIDER_ENDPOINT } : {}),
  });
}
