import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { secretString } from '../../functions/shared/secrets';

describe("secrets from Secrets Manager (the link-signing key R-LADDER, the SMS provider's AccessKey)", () => {
  const secretsManager = mockClient(SecretsManagerClient);
  afterEach(() => secretsManager.reset());

  it('fetches a secret once per container, and fetches again after a failed fetch', async () => {
    // Prepare
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: 'the-secret' });
    const secret = secretString(new SecretsManagerClient({ region: 'us-east-1' }), 'arn:test:secret');
    // Act / Assess
    await expect(secret()).rejects.toThrow('throttled');
    await expect(secret()).resolves.toBe('the-secret');
    await expect(secret()).resolves.toBe('the-secret');
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('a secret without a string value is an error, not an empty key', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({});
    await expect(secretString(new SecretsManagerClient({ region: 'us-east-1' }), 'arn:test:empty')()).rejects.toThrow(
      'has no string value',
    );
  });
});
