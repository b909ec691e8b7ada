import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretString } from './secrets';

/** The key that signs acknowledgement links (R-LADDER). */
export interface SigningKeySource {
  signingKey(): Promise<string>;
}

/**
 * The signing key kept in AWS Secrets Manager (never in the repo or in plain environment
 * variables): fetched on first use and kept for the life of the Lambda container.
 *
 * @example
 * ```ts
 * const source = new SecretsManagerSigningKey(new SecretsManagerClient({}), process.env.ACK_SIGNING_KEY_SECRET_ARN!);
 * const key = await source.signingKey();
 * ```
 */
export class SecretsManagerSigningKey implements SigningKeySource {
  public readonly signingKey: () => Promise<string>;

  public constructor(client: SecretsManagerClient, secretId: string) {
    this.signingKey = secretString(client, secretId);
  }
}
