import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { rpcSignature, SEND_SMS_VERSION, type AliyunCredentials } from '../../functions/shared/aliyun-sms';

/** One SMS the stand-in accepted, as the provider would deliver it. */
export interface ProviderSms {
  bizId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId?: string;
  acceptedAt: string;
}

/** How the stand-in misbehaves, for the tests: throttle or fail the next N requests. */
export interface ProviderFaults {
  throttleNext: number;
  outageNext: number;
}

export interface LocalSmsProviderOptions {
  /** The AccessKey pairs it knows. */
  credentials: AliyunCredentials[];
  /** Approved signature names and template codes; anything else is refused as Alibaba Cloud refuses it. */
  signNames: string[];
  templateCodes: string[];
  /** Called with every accepted SMS (the local runtime writes it to the outbox). */
  onAccepted: (sms: ProviderSms) => void;
}

// Alibaba Cloud refuses a request whose Timestamp is more than 15 minutes off.
const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * A stand-in for Alibaba Cloud SMS `SendSms` on 127.0.0.1 (issue 7), strict where the real one
 * is strict: it recomputes the RPC signature with the caller's secret and refuses a mismatch
 * (`SignatureDoesNotMatch`), an unknown key, a stale timestamp, a reused nonce, an unapproved
 * signature name or template, and missing template variables; it can throttle
 * (`isv.BUSINESS_LIMIT_CONTROL`) or be down (HTTP 503) on demand.
 */
export class LocalSmsProvider {
  public readonly faults: ProviderFaults = { throttleNext: 0, outageNext: 0 };
  public readonly accepted: ProviderSms[] = [];
  private readonly options: LocalSmsProviderOptions;
  private readonly nonces = new Set<string>();
  private server?: Server;

  public constructor(options: LocalSmsProviderOptions) {
    this.options = options;
  }

  /** Answers one request: the HTTP status and the JSON body Alibaba Cloud would send. */
  public answer(
    method: string,
    form: Record<string, string>,
    now: Date,
  ): { status: number; body: Record<string, string> } {
    const requestId = randomUUID();
    const refuse = (status: number, code: string, message: string) => ({
      status,
      body: { RequestId: requestId, Code: code, Message: message },
    });
    if (this.faults.outageNext > 0) {
      this.faults.outageNext -= 1;
      return refuse(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
    }
    const credentials = this.options.credentials.find((candidate) => candidate.accessKeyId === form.AccessKeyId);
    if (!credentials) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (form.Signature !== rpcSignature(method === 'GET' ? 'GET' : 'POST', form, credentials.accessKeySecret)) {
      return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    if (form.SignatureMethod !== 'HMAC-SHA1' || form.SignatureVersion !== '1.0')
      return refuse(400, 'InvalidParameter', 'Unsupported signature method or version.');
    if (!form.Timestamp || Math.abs(Date.parse(form.Timestamp) - now.getTime()) > CLOCK_SKEW_MS)
      return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (!form.SignatureNonce || this.nonces.has(form.SignatureNonce))
      return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.add(form.SignatureNonce);
    if (form.Action !== 'SendSms' || form.Version !== SEND_SMS_VERSION)
      return refuse(400, 'InvalidAction.NotFound', 'Specified api is not found.');
    if (!/^(1\d{10}|00\d{6,14})$/.test(form.PhoneNumbers ?? ''))
      return refuse(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (!this.options.signNames.includes(form.SignName ?? ''))
      return refuse(200, 'isv.SMS_SIGNATURE_ILLEGAL', '签名不合法（不存在或被拉黑）');
    if (!this.options.templateCodes.includes(form.TemplateCode ?? ''))
      return refuse(200, 'isv.SMS_TEMPLATE_ILLEGAL', '模板不合法（不存在或被拉黑）');
    let templateParam: Record<string, string>;
    try {
      templateParam = JSON.parse(form.TemplateParam ?? '') as Record<string, string>;
    } catch {
      return refuse(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法');
    }
    if (this.faults.throttleNext > 0) {
      this.faults.throttleNext -= 1;
      return refuse(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控');
    }
    const sms: ProviderSms = {
      bizId: `${Date.now()}^${randomUUID().slice(0, 8)}`,
      phoneNumbers: form.PhoneNumbers,
      signName: form.SignName,
      templateCode: form.TemplateCode,
      templateParam,
      ...(form.OutId ? { outId: form.OutId } : {}),
      acceptedAt: now.toISOString(),
    };
    this.accepted.push(sms);
    this.options.onAccepted(sms);
    return { status: 200, body: { RequestId: requestId, Code: 'OK', Message: 'OK', BizId: sms.bizId } };
  }

  /** Serves `SendSms` (POST form body or GET query) on 127.0.0.1; resolves to its endpoint. */
  public async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const form = Object.fromEntries(
          new URLSearchParams(request.method === 'GET' ? url.search : Buffer.concat(chunks).toString('utf8')),
        );
        const { status, body } = this.answer(request.method ?? 'POST', form, new Date());
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
