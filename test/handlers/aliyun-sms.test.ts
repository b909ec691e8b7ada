import {
  AliyunSmsGateway,
  percentEncode,
  providerPhoneNumber,
  rpcSignature,
  verdictOf,
  type TemplateSms,
} from '../../functions/shared/aliyun-sms';
import { LocalSmsProvider, type ProviderSms } from '../../infra/local/sms-provider';

const credentials = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-not-real' };
const sms: TemplateSms = {
  phone: '+8613800000003',
  signName: '县应急办',
  templateCode: 'SMS_ESCALATION_1',
  templateParam: { unit: '高升经济区', incident: 'INC-20261128-7K3Q9P', overdue: '5分钟', code: 'J1FZP0' },
  outId: 'written-report#step-1#repeat-0',
};

describe('R-LADDER: escalation SMS through Alibaba Cloud SMS SendSms (issue 7: gateway mode)', () => {
  let provider: LocalSmsProvider;
  let endpoint: string;
  const delivered: ProviderSms[] = [];

  beforeAll(async () => {
    provider = new LocalSmsProvider({
      credentials: [credentials],
      signNames: ['县应急办'],
      templateCodes: ['SMS_ESCALATION_1'],
      onAccepted: (message) => delivered.push(message),
    });
    endpoint = await provider.listen();
  });
  afterAll(async () => provider.stop());

  it('signs exactly as Alibaba Cloud documents it: the documented example gives the documented signature', () => {
    // Prepare: "Signature mechanism", the DescribeRegions example with testid / testsecret.
    const documented = {
      TimeStamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };
    // Act / Assess
    expect(rpcSignature('GET', documented, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    expect(percentEncode("a b*c~d'()!+")).toBe('a%20b%2Ac~d%27%28%29%21%2B');
    expect(providerPhoneNumber('+8613800000003')).toBe('13800000003');
  });

  it('a good signature: the provider accepts the template SMS and returns its receipt', async () => {
    // Act
    const outcome = await new AliyunSmsGateway({ endpoint, credentials: async () => credentials }).send(sms);
    // Assess
    expect(outcome).toMatchObject({ verdict: 'sent', code: 'OK', bizId: expect.any(String) });
    expect(delivered.at(-1)).toMatchObject({
      phoneNumbers: '13800000003',
      signName: '县应急办',
      templateCode: 'SMS_ESCALATION_1',
      templateParam: sms.templateParam,
      outId: sms.outId,
    });
  });

  it('a bad signature (wrong secret) is refused, and the message falls back to e-mail', async () => {
    const before = delivered.length;
    const outcome = await new AliyunSmsGateway({
      endpoint,
      credentials: async () => ({ ...credentials, accessKeySecret: 'wrong-secret' }),
    }).send(sms);
    expect(outcome).toMatchObject({ verdict: 'fallback-email', code: 'SignatureDoesNotMatch' });
    expect(delivered).toHaveLength(before);
  });

  it('provider throttling and a provider outage are retried later; nothing is delivered meanwhile', async () => {
    const gateway = new AliyunSmsGateway({ endpoint, credentials: async () => credentials });
    const before = delivered.length;
    provider.faults.throttleNext = 1;
    expect(await gateway.send(sms)).toMatchObject({ verdict: 'retry', code: 'isv.BUSINESS_LIMIT_CONTROL' });
    provider.faults.outageNext = 1;
    expect(await gateway.send(sms)).toMatchObject({ verdict: 'retry', code: 'ServiceUnavailable' });
    expect(delivered).toHaveLength(before);
    // The retry goes through, once.
    expect(await gateway.send(sms)).toMatchObject({ verdict: 'sent' });
    expect(delivered).toHaveLength(before + 1);
  });

  it('no answer at all (provider unreachable) is retried, not given up', async () => {
    const outcome = await new AliyunSmsGateway({
      endpoint: 'http://127.0.0.1:9/',
      credentials: async () => credentials,
      timeoutMs: 1_000,
    }).send(sms);
    expect(outcome.verdict).toBe('retry');
  });

  it('the stand-in is as strict as the provider: a replayed request, a stale timestamp and an unapproved template are refused', () => {
    const form = {
      AccessKeyId: credentials.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: '13800000003',
      RegionId: 'cn-hangzhou',
      SignName: '县应急办',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'nonce-1',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_ESCALATION_1',
      TemplateParam: '{}',
      Timestamp: '2026-11-28T00:00:00Z',
      Version: '2017-05-25',
    };
    const signed = (fields: Record<string, string>) => ({
      ...fields,
      Signature: rpcSignature('POST', fields, credentials.accessKeySecret),
    });
    const at = new Date('2026-11-28T00:01:00Z');
    expect(provider.answer('POST', signed(form), at).body.Code).toBe('OK');
    expect(provider.answer('POST', signed(form), at).body.Code).toBe('SignatureNonceUsed');
    expect(
      provider.answer('POST', signed({ ...form, SignatureNonce: 'nonce-2' }), new Date('2026-11-28T01:00:00Z')).body
        .Code,
    ).toBe('InvalidTimeStamp.Expired');
    expect(
      provider.answer('POST', signed({ ...form, SignatureNonce: 'nonce-3', TemplateCode: 'SMS_UNKNOWN' }), at).body
        .Code,
    ).toBe('isv.SMS_TEMPLATE_ILLEGAL');
  });

  it('maps every provider answer to sent / retry / fall back to e-mail', () => {
    expect(verdictOf(200, 'OK')).toBe('sent');
    expect(verdictOf(200, 'isv.BUSINESS_LIMIT_CONTROL')).toBe('retry');
    expect(verdictOf(500, 'isp.SYSTEM_ERROR')).toBe('retry');
    expect(verdictOf(200, 'isv.AMOUNT_NOT_ENOUGH')).toBe('fallback-email');
    expect(verdictOf(200, 'isv.MOBILE_NUMBER_ILLEGAL')).toBe('fallback-email');
    expect(verdictOf(404, 'InvalidAccessKeyId.NotFound')).toBe('fallback-email');
  });
});
