import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// One client per service per module instance (per Lambda container), created when a handler's
// dependencies are built at load — outside any handler. Getters rather than module-level
// constants, so a function bundles only the clients it uses (issue 6: bundle size and init
// time). Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE> variables, which is how
// the local runtime points these same clients at dynalite and its local SNS and Step Functions.
const retryPolicy = { maxAttempts: 5 } as const;

/**
 * Creates on first call, then returns the same instance. (`@__PURE__` lets a bundle drop the getters it does not use.)
 */
function once<T>(create: () => T): () => T {
  let instance: T | undefined;
  return () => (instance ??= create());
}

export const dynamoDbClient = /* @__PURE__ */ once(() => new DynamoDBClient(retryPolicy));
export const documentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } }),
);
export const snsClient = /* @__PURE__ */ once(() => new SNSClient(retryPolicy));
export const stepFunctionsClient = /* @__PURE__ */ once(() => new SFNClient(retryPolicy));
export const secretsManagerClient = /* @__PURE__ */ once(() => new SecretsManagerClient(retryPolicy));
// Path-style only where a local stand-in answers (AWS_ENDPOINT_URL_S3 is 127.0.0.1): bucket names are not hostnames
// there.
export const s3Client = /* @__PURE__ */ once(
  () => new S3Client({ ...retryPolicy, forcePathStyle: !!process.env.AWS_ENDPOINT_URL_S3 }),
);
// R-INTAKE: the attachments' client presigns uploads. Checksums only when an operation requires one: by default the SDK
// would add a CRC32 of the (empty) body being presigned, and every real upload would then fail it; the SHA-256 the
// reporter declared is signed instead (attachment-store.ts).
export const attachmentS3Client = /* @__PURE__ */ once(
  () =>
    new S3Client({
      ...retryPolicy,
      forcePathStyle: !!process.env.AWS_ENDPOINT_URL_S3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
);
