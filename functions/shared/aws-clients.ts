import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Created once per module (per Lambda container), outside any handler. Endpoints come from
// the standard AWS_ENDPOINT_URL_<SERVICE> variables, which is how the local runtime points
// these same clients at dynalite and its local SNS and Step Functions.
const retryPolicy = { maxAttempts: 5 } as const;

export const dynamoDbClient = new DynamoDBClient(retryPolicy);
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
export const snsClient = new SNSClient(retryPolicy);
export const stepFunctionsClient = new SFNClient(retryPolicy);
export const secretsManagerClient = new SecretsManagerClient(retryPolicy);
