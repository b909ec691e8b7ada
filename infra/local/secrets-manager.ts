import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSecretsManagerOptions {
  /** The acknowledgement-link signing key. */
  secretArn: string;
  /** Where the key is kept across restarts (created on first start, readable by the owner only). */
  keyFile: string;
  /** The `gateway` SMS mode's provider AccessKey pair (JSON), created on first start like the key. */
  smsProvider?: { secretArn: string; file: string };
}

/** A local AccessKey pair for the stand-in SMS provider: random, kept in DATA_DIR, never in the repo. */
export function localProviderCredentials(file: string): { accessKeyId: string; accessKeySecret: string } {
  if (!existsSync(file)) {
    writeFileSync(
      file,
      JSON.stringify({
        accessKeyId: `LTAI-local-${randomBytes(6).toString('hex')}`,
        accessKeySecret: randomBytes(24).toString('base64url'),
      }),
      { mode: 0o600 },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId: string; accessKeySecret: string };
}

/**
 * Secrets Manager on 127.0.0.1, `GetSecretValue` only (AWS JSON 1.1), so the handlers read the
 * signing key through the same SDK client as in Lambda. The key is random per data directory,
 * so links signed before a restart still verify after it.
 */
export class LocalSecretsManager {
  private readonly options: LocalSecretsManagerOptions;
  private readonly secret: string;
  private server?: Server;

  public constructor(options: LocalSecretsManagerOptions) {
    this.options = options;
    if (!existsSync(options.keyFile))
      writeFileSync(options.keyFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
    this.secret = readFileSync(options.keyFile, 'utf8').trim();
  }

  public async listen(): Promise<string> {
    const handle = async (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const operation = String(request.headers['x-amz-target'] ?? '');
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      if (operation !== 'secretsmanager.GetSecretValue')
        return reply(400, {
          __type: 'InvalidRequestException',
          message: `The local Secrets Manager does not implement ${operation}`,
        });
      if (this.options.smsProvider && SecretId === this.options.smsProvider.secretArn) {
        return reply(200, {
          ARN: SecretId,
          Name: 'sms-provider',
          SecretString: JSON.stringify(localProviderCredentials(this.options.smsProvider.file)),
          VersionId: 'local',
          CreatedDate: 0,
        });
      }
      if (SecretId !== this.options.secretArn)
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret: ${SecretId}`,
        });
      reply(200, {
        ARN: this.options.secretArn,
        Name: 'ack-signing-key',
        SecretString: this.secret,
        VersionId: 'local',
        CreatedDate: 0,
      });
    };
    // A malformed request gets a 500 as from AWS, never an unhandled rejection.
    this.server = createServer((request, response) => {
      handle(request, response).catch((error: Error) => {
        response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'InternalServiceError', message: error.message }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
