import { createHmac, randomUUID } from 'node:crypto';

/**
 * Alibaba Cloud SMS (阿里云短信服务) `SendSms`, API version 2017-05-25, for the `gateway` SMS
 * mode of the China regions, where SNS sends no SMS (issue 7): how R-LADDER's SMS leave there. Requests are signed with
 * the
 * RPC signature, version 1.0 (HMAC-SHA1), exactly as Alibaba Cloud documents it ("Signature
 * mechanism", help.aliyun.com/document_detail/69009 and its translations); the test checks
 * this implementation against the documented example.
 */

/** The AccessKey pair of a RAM user allowed `dysms:SendSms`, read from Secrets Manager. */
export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** One SMS as a template (模板) with its variables, under the registered signature (签名). */
export interface TemplateSms {
  /** E.164; Alibaba Cloud takes mainland numbers without +86. */
  phone: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  /** Ours, echoed in delivery receipts: the message key. */
  outId?: string;
}

export const SEND_SMS_VERSION = '2017-05-25';
export const DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

/**
 * RFC 3986 percent-encoding as the signature needs it: `encodeURIComponent`, plus `!'()*`,
 * so that a space is `%20` (not `+`), `*` is `%2A` and `~` stays `~`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The RPC signature of a request: every parameter but `Signature`, sorted by name, each name
 * and value percent-encoded, joined as `a=1&b=2`; the string to sign is
 * `METHOD&%2F&<that, percent-encoded again>`; the signature is Base64(HMAC-SHA1(secret + "&")).
 *
 * @example
 * ```ts
 * // The documented example (testid / testsecret, DescribeRegions at 2016-02-23T12:46:24Z):
 * rpcSignature('GET', { AccessKeyId: 'testid', Action: 'DescribeRegions', … }, 'testsecret'); //
 * 'CT9X0VtwR86fNWSnsc6v8YGOjuE='
 * ```
 */
export function rpcSignature(
  method: 'GET' | 'POST',
  parameters: Record<string, string>,
  accessKeySecret: string,
): string {
  const canonical = Object.keys(parameters)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name])}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/**
 * A mainland number as Alibaba Cloud takes it: +8613800000001 → 13800000001; others stay E.164 digits with their code.
 */
export function providerPhoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '00');
}

/** The `SendSms` parameters with their signature, for a POST form body. */
export function signedSendSmsParameters(
  sms: TemplateSms,
  credentials: AliyunCredentials,
  now: Date,
  nonce: string = randomUUID(),
): Record<string, string> {
  const parameters: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: providerPhoneNumber(sms.phone),
    RegionId: 'cn-hangzhou',
    SignName: sms.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: sms.templateCode,
    TemplateParam: JSON.stringify(sms.templateParam),
    // ISO 8601 in UTC, without milliseconds, as the API requires.
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: SEND_SMS_VERSION,
    ...(sms.outId ? { OutId: sms.outId } : {}),
  };
  return { ...parameters, Signature: rpcSignature('POST', parameters, credentials.accessKeySecret) };
}

/**
 * What a provider answer means for the message:
 * - `sent`: accepted (`Code: OK`);
 * - `retry`: the provider is busy or down (throttling, `isp.*`, HTTP 5xx, no answer) — try again later, then fall back;
 * - `fallback-email`: it will never send this one as asked (bad signature or key, template or
 *   signature name not approved, number refused, balance exhausted) — e-mail it now and tell the operators.
 */
export type ProviderVerdict = 'sent' | 'retry' | 'fallback-email';

const RETRYABLE_CODES = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailable',
  'InternalError',
]);

export function verdictOf(httpStatus: number, code: string | undefined): ProviderVerdict {
  if (httpStatus >= 200 && httpStatus < 300 && code === 'OK') return 'sent';
  if (
    httpStatus >= 500 ||
    httpStatus === 429 ||
    (code !== undefined && (RETRYABLE_CODES.has(code) || code.startsWith('isp.')))
  )
    return 'retry';
  return 'fallback-email';
}

/** What one `SendSms` call came to. */
export interface SendSmsOutcome {
  verdict: ProviderVerdict;
  code: string;
  message: string;
  /** The provider's receipt, when it accepted the message. */
  bizId?: string;
}

export interface AliyunSmsGatewayOptions {
  endpoint?: string;
  credentials: () => Promise<AliyunCredentials>;
  now?: () => Date;
  /** Give up waiting for an answer after this long (then: retry). */
  timeoutMs?: number;
}

/**
 * Sends template SMS through Alibaba Cloud's `SendSms`. Never throws for a provider answer:
 * it returns the verdict, so the caller records it and retries or falls back to e-mail.
 *
 * @example
 * ```ts
 * const gateway = new AliyunSmsGateway({ credentials: () => secretCredentials() });
 * const outcome = await gateway.send({ phone: '+8613800000001', signName: '某县应急办', templateCode: 'SMS_123',
 * templateParam: { unit: '高升经济区' } });
 * ```
 */
export class AliyunSmsGateway {
  private readonly endpoint: string;
  private readonly credentials: () => Promise<AliyunCredentials>;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  public constructor(options: AliyunSmsGatewayOptions) {
    this.endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
    this.credentials = options.credentials;
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  public async send(sms: TemplateSms): Promise<SendSmsOutcome> {
    const parameters = signedSendSmsParameters(sms, await this.credentials(), this.now());
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: Object.entries(parameters)
          .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
          .join('&'),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { verdict: 'retry', code: 'NetworkError', message: (error as Error).message };
    }
    const body = (await response.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
    return {
      verdict: verdictOf(response.status, body.Code),
      code: body.Code ?? `HTTP ${response.status}`,
      message: body.Message ?? response.statusText,
      ...(body.BizId ? { bizId: body.BizId } : {}),
    };
  }
}
