import { createHmac } from 'node:crypto';
import {
  ACKNOWLEDGEMENT_CODE_LENGTH,
  acknowledgementCodesIn,
  acknowledgementRefusal,
  acknowledgementSignature,
  acknowledgementUrl,
  isSpotCheckCode,
  latestStepReaching,
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

  describe('R-LADDER 确认催报: the step a unit acknowledges in the console', () => {
    const message = (
      escalationStep: number | undefined,
      contactId: string,
      sentAt: string,
      overrides: Partial<Parameters<typeof latestStepReaching>[0][number]> = {},
    ) => ({
      purpose: 'escalation' as const,
      escalationStep,
      unitId: contactId.split('.')[0],
      contactId,
      status: 'sent' as const,
      claimedAt: sentAt,
      sentAt,
      ...overrides,
    });

    it("R-LADDER: the highest step that reached the unit's own contacts, with each contact once and when it first reached them", () => {
      // Prepare: step 1 to the duty contact (twice: a repeat), step 2 to the leader (twice), step 3 to the county
      const messages = [
        message(1, 'gaosheng-zone.duty', '2026-11-28T00:35:00.000Z'),
        message(1, 'gaosheng-zone.duty', '2026-11-28T00:45:00.000Z'),
        message(2, 'gaosheng-zone.leader', '2026-11-28T00:51:00.000Z'),
        message(2, 'gaosheng-zone.leader', '2026-11-28T00:50:00.000Z'),
        message(3, 'county-duty-office.duty', '2026-11-28T01:05:00.000Z'),
      ];
      // Act, Assess
      expect(latestStepReaching(messages, 'gaosheng-zone')).toEqual({
        escalationStep: 2,
        contactIds: ['gaosheng-zone.leader'],
        firstSentAt: '2026-11-28T00:50:00.000Z',
      });
      expect(latestStepReaching(messages, 'county-duty-office')?.escalationStep).toBe(3);
      expect(latestStepReaching(messages, 'example-town-a')).toBeUndefined();
    });

    it('R-LADDER: a failed send reached nobody, a reminder is no step; one held for a digest did reach the unit', () => {
      // Prepare
      const messages = [
        message(1, 'gaosheng-zone.duty', '2026-11-28T00:35:00.000Z', { status: 'queued', sentAt: undefined }),
        message(2, 'gaosheng-zone.leader', '2026-11-28T00:50:00.000Z', { status: 'failed' }),
        message(undefined, 'gaosheng-zone.duty', '2026-11-28T00:55:00.000Z', { purpose: 'reminder' }),
      ];
      // Act, Assess
      expect(latestStepReaching(messages, 'gaosheng-zone')).toEqual({
        escalationStep: 1,
        contactIds: ['gaosheng-zone.duty'],
        firstSentAt: '2026-11-28T00:35:00.000Z',
      });
      expect(latestStepReaching([], 'gaosheng-zone')).toBeUndefined();
    });
  });
});
