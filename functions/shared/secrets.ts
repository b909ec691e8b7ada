import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../domain/errors';

/**
 * A secret's string value from AWS Secrets Manager (never the repo or plain environment
 * variables), fetched on first use and kept for the life of the Lambda container. A failed
 * fetch is not kept: the next call tries again.
 *
 * @example
 * ```ts
 * const signingKey = secretString(new SecretsManagerClient({}), process.env.ACK_SIGNING_KEY_SECRET_ARN!);
 * const key = await signingKey();
 * ```
 */
export function secretString(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then(({ SecretString }) => {
      if (!SecretString) throw new ConfigurationError(`Secret ${secretId} has no string value`);
      return SecretString;
    });
    cached.catch(() => (cached = undefined));
    return cached;
  };
}
