import { createHash } from 'node:crypto';
import {
  incidentExecutionInput,
  newDocumentId,
  newIncidentId,
  newReportId,
  obligationExecutionInput,
  obligationExecutionName,
  randomIdPart,
  SEVERITIES,
  SEVERITY_NAMES,
} from '../../functions/domain/incident';
import { openObligation } from '../../functions/domain/obligations';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]+$/;

describe('incidents and their IDs', () => {
  it('R-INTAKE: the four national severities, in order, with their Chinese and English names', () => {
    // Assess
    expect(SEVERITIES).toEqual(['especially-major', 'major', 'relatively-major', 'general']);
    expect(SEVERITIES.map((severity) => SEVERITY_NAMES[severity]['zh-CN'])).toEqual([
      '特别重大',
      '重大',
      '较大',
      '一般',
    ]);
    expect(SEVERITIES.map((severity) => SEVERITY_NAMES[severity].en)).toEqual([
      'especially major',
      'major',
      'relatively major',
      'general',
    ]);
  });

  it("an ID part is Crockford base32 of the length asked for: random without a seed, the seed's SHA-256 bytes with one", () => {
    // Prepare
    const seed = 'idempotency-key-1';
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const expected = Array.from(
      createHash('sha256').update(seed).digest().subarray(0, 12),
      (byte) => alphabet[byte % 32],
    ).join('');
    // Act
    const seeded = randomIdPart(12, seed);
    const randomParts = new Set(Array.from({ length: 50 }, () => randomIdPart(8)));
    // Assess
    expect(seeded).toBe(expected);
    expect(randomIdPart(12, seed)).toBe(seeded);
    expect(randomParts.size).toBe(50);
    expect([...randomParts].every((part) => part.length === 8 && CROCKFORD.test(part))).toBe(true);
  });

  it('R-INTAKE: a retried request (the same seed) names the same incident, report and documents; each kind from its own part of the seed', () => {
    // Prepare
    const at = new Date('2026-11-28T00:05:00Z');
    // Act
    const incidentId = newIncidentId(at, 'key');
    const reportId = newReportId('key');
    const documents = (['VRQ', 'ANS', 'INS', 'FBK'] as const).map((prefix) => newDocumentId(prefix, 'key'));
    // Assess
    expect(incidentId).toBe(`INC-20261128-${randomIdPart(6, 'key|INC')}`);
    expect(reportId).toBe(`RPT-${randomIdPart(10, 'key|RPT')}`);
    expect(documents).toEqual(
      ['VRQ', 'ANS', 'INS', 'FBK'].map((prefix) => `${prefix}-${randomIdPart(8, `key|${prefix}`)}`),
    );
    expect(newIncidentId(at, 'key')).toBe(incidentId);
    expect(newReportId()).toMatch(/^RPT-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(newReportId()).not.toBe(newReportId());
    expect(newDocumentId('VRQ')).toMatch(/^VRQ-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(newDocumentId('VRQ')).not.toBe(newDocumentId('VRQ'));
    expect(newIncidentId(at)).not.toBe(newIncidentId(at));
  });

  it('R-FOLLOWUP, R-LADDER: the executions start from IDs and times only; the reminder only when there is one', () => {
    // Prepare
    const openedAt = new Date('2026-11-28T00:05:00Z');
    const open = (policy: ReportingPolicy) =>
      openObligation({
        incidentId: 'INC-20261128-7K3Q9P',
        obligationId: 'written-report',
        kind: 'written-report',
        unit: { unitId: 'gaosheng-zone', kind: 'zone' },
        openedAt,
        now: openedAt,
        dueAt: new Date('2026-11-28T00:35:00Z'),
        policy,
        drillSpeed: 1,
      });
    const reminded = open(defaultPolicy);
    const unreminded = open({
      ...defaultPolicy,
      reminder: { ...defaultPolicy.reminder, disabledForUnits: ['gaosheng-zone'] },
    });
    // Act, Assess
    expect(incidentExecutionInput({ incidentId: 'INC-1', receivedAt: '2026-11-28T00:06:00.000Z' })).toEqual({
      incidentId: 'INC-1',
      followUp: { number: 0, dueAt: '2026-11-28T00:06:00.000Z' },
    });
    expect(obligationExecutionInput(reminded)).toEqual({
      incidentId: 'INC-20261128-7K3Q9P',
      obligationId: 'written-report',
      dueAt: '2026-11-28T00:35:00.000Z',
      remindAt: reminded.remindAt,
    });
    expect(reminded.remindAt).toBeDefined();
    expect(obligationExecutionInput(unreminded)).toEqual({
      incidentId: 'INC-20261128-7K3Q9P',
      obligationId: 'written-report',
      dueAt: '2026-11-28T00:35:00.000Z',
    });
    expect(obligationExecutionName(reminded)).toBe('INC-20261128-7K3Q9P_written-report');
  });
});
