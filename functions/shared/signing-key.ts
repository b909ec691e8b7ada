import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

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
  private readonly client: SecretsManagerClient;
  private readonly secretId: string;
  private cached?: Promise<string>;

  public constructor(client: SecretsManagerClient, secretId: string) {
    this.client = client;
    this.secretId = secretId;
  }

  public signingKey(): Promise<string> {
    this.cached ??= this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })).then(({ SecretString }) => {
      if (!SecretString) throw new Error(`Secret ${this.secretId} has no string value`);
      return SecretString;
    });
    // A failed fetch is not cached: the next invocation tries again.
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }
}
