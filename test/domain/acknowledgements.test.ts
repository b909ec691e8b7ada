import { createHmac } from 'node:crypto';
import {
  ACKNOWLEDGEMENT_CODE_LENGTH,
  acknowledgementCodesIn,
  acknowledgementRefusal,
  acknowledgementSignature,
  acknowledgementUrl,
  isSpotCheckCode,
  newAcknowledgementCode,
} from '../../functions/domain/acknowledgements';

describe('R-LADDER: acknowledgement codes', () => {
  it('R-LADDER: a new code is six Crockford characters, and codes differ', () => {
    // Act
    const codes = new Set(Array.from({ length: 50 }, () => newAcknowledgementCode()));
    // Assess
    expect(ACKNOWLEDGEMENT_CODE_LENGTH).toBe(6);
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('R-LADDER: only six-character words are candidates; I and L read as 1, O as 0; a word with a letter outside the alphabet anywhere is none', () => {
    // Act, Assess
    expect(acknowledgementCodesIn('K7Q3PAX K7Q3P')).toEqual([]);
    expect(acknowledgementCodesIn('k7q3pl k7q3pi')).toEqual(['K7Q3P1']);
    expect(acknowledgementCodesIn('UAAAAA AAAAAU AAUAAA')).toEqual([]);
    expect(acknowledgementCodesIn('收到！！K7Q3PA，，，HMTJY7')).toEqual(['K7Q3PA', 'HMTJY7']);
    // The same code twice is one candidate, and leaves room for a third.
    expect(acknowledgementCodesIn('K7Q3PA K7Q3PA HMTJY7 AAAAA1 AAAAA2')).toEqual(['K7Q3PA', 'HMTJY7', 'AAAAA1']);
  });

  it('R-LADDER: only a contact the step was sent to, while the document is still owed, may acknowledge it', () => {
    // Prepare
    const recipients = new Set(['gaosheng-zone.duty', 'gaosheng-zone.leader']);
    // Act, Assess
    expect(acknowledgementRefusal(true, recipients, 'gaosheng-zone.duty')).toBeUndefined();
    expect(acknowledgementRefusal(true, recipients, 'example-town-a.duty')).toBe('not-a-recipient');
    expect(acknowledgementRefusal(false, recipients, 'gaosheng-zone.duty')).toBe('expired');
    expect(acknowledgementRefusal(false, recipients, 'example-town-a.duty')).toBe('expired');
  });

  it('R-SPOTCHECK: a code points at a spot check or at a ladder step', () => {
    // Act, Assess
    expect(isSpotCheckCode({ code: 'K7Q3PA', spotCheckId: 'SPC-1' })).toBe(true);
    expect(
      isSpotCheckCode({ code: 'K7Q3PA', incidentId: 'INC-1', obligationId: 'written-report', escalationStep: 1 }),
    ).toBe(false);
  });

  it("R-LADDER: a link's signature is the first 22 characters of the HMAC-SHA256 of code and contact, base64url; the link has one slash before its path", () => {
    // Prepare
    const expected = createHmac('sha256', 'key-1')
      .update('K7Q3PA\ngaosheng-zone.duty')
      .digest('base64url')
      .slice(0, 22);
    // Act
    const signature = acknowledgementSignature('key-1', 'K7Q3PA', 'gaosheng-zone.duty');
    // Assess
    expect(signature).toBe(expected);
    expect(signature).toHaveLength(22);
    expect(acknowledgementUrl('https://api.example.org/', 'key-1', 'K7Q3PA', 'gaosheng-zone.duty')).toBe(
      `https://api.example.org/acknowledgements/K7Q3PA?contact=gaosheng-zone.duty&signature=${expected}`,
    );
    expect(acknowledgementUrl('https://api.example.org', 'key-1', 'K7Q3PA', 'gaosheng-zone.duty')).toBe(
      acknowledgementUrl('https://api.example.org/', 'key-1', 'K7Q3PA', 'gaosheng-zone.duty'),
    );
  });
});
