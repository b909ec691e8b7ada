import {
  acknowledgementCodesIn,
  acknowledgementUrl,
  isValidAcknowledgementSignature,
} from '../../functions/domain/acknowledgements';
import {
  missingElements,
  REPORT_ELEMENT_FIELDS,
  REPORT_ELEMENT_NAMES,
  REPORT_ELEMENTS,
} from '../../functions/domain/elements';
import { spotCheckResult, startSpotCheck } from '../../functions/domain/spot-checks';
import { defaultPolicy } from '../../functions/domain/policy';

const incident = { occurredAt: '2026-11-28T00:00:00.000Z', location: '高升经济区', unitId: 'gaosheng-zone' };
const complete = {
  cause: '储罐阀门老化',
  casualties: { deaths: 0, injured: 0, missing: 0 },
  measuresTaken: '已堵漏',
  trend: '已控制，继续监测',
  reporter: { name: '王某', phone: '+8613800000003' },
};

describe('R-ELEMENTS: report elements', () => {
  it('a complete report lacks nothing; time, place and unit come from the incident unless restated', () => {
    expect(missingElements(complete, incident)).toEqual([]);
  });

  it("names each missing element, in the notice's order", () => {
    expect(missingElements({ measuresTaken: '已堵漏' }, incident)).toEqual([
      'natureAndCause',
      'casualtiesAndLosses',
      'trendAndNextSteps',
      'reporterAndPhone',
    ]);
    expect(missingElements({ ...complete, cause: '   ' }, { unitId: 'gaosheng-zone' })).toEqual([
      'time',
      'place',
      'natureAndCause',
    ]);
  });

  it('losses alone count for "casualties and losses"; a reporter without a phone does not count', () => {
    expect(missingElements({ ...complete, casualties: undefined, losses: '直接经济损失约20万元' }, incident)).toEqual(
      [],
    );
    expect(missingElements({ ...complete, reporter: { name: '王某' } }, incident)).toEqual(['reporterAndPhone']);
  });
});

describe('R-ELEMENTS: what a refused report names', () => {
  it("R-ELEMENTS: the elements are the notice's eight (四(四) 要素完整), each with its Chinese and English name", () => {
    // Act
    const names = REPORT_ELEMENTS.map((element) => [
      REPORT_ELEMENT_NAMES[element]['zh-CN'],
      REPORT_ELEMENT_NAMES[element].en,
    ]);
    // Assess
    expect(names).toEqual([
      ['时间', 'time'],
      ['地点', 'place'],
      ['报告单位', 'reporting unit'],
      ['事件性质和原因', 'nature and cause'],
      ['人员伤亡和财产损失', 'casualties and losses'],
      ['已采取的措施', 'measures taken'],
      ['发展趋势和下一步工作', 'trend and next steps'],
      ['报告人及联系电话', 'reporter and contact phone'],
    ]);
  });

  it.each(REPORT_ELEMENTS.map((element) => [element]))(
    'R-ELEMENTS: %s is missing exactly when the request field it names is left out',
    (element) => {
      // Prepare: a complete report and incident, less the one field this element names
      const field = REPORT_ELEMENT_FIELDS[element];
      const report: Record<string, unknown> = {
        ...complete,
        occurredAt: incident.occurredAt,
        location: incident.location,
      };
      const about: Record<string, unknown> = { ...incident };
      delete report[field];
      delete about[field];
      if (field === 'casualties') delete report.losses;
      // Act
      const missing = missingElements(report, about);
      // Assess
      expect(missing).toEqual([element]);
    },
  );
});

describe('R-LADDER: acknowledgement codes and signed links', () => {
  it('finds the code in a reply, forgiving case and look-alike letters', () => {
    expect(acknowledgementCodesIn('收到 k7q3pa')).toEqual(['K7Q3PA']);
    expect(acknowledgementCodesIn('K7Q3PO')).toEqual(['K7Q3P0']);
    expect(acknowledgementCodesIn('好的，马上报')).toEqual([]);
    expect(acknowledgementCodesIn('UUUUUU')).toEqual([]);
  });

  it('R-LADDER: the code may stand anywhere in the reply — "THANKS K7Q3PA" offers both words, the store knows which is a code', () => {
    expect(acknowledgementCodesIn('THANKS K7Q3PA')).toEqual(['THANKS', 'K7Q3PA']);
    expect(acknowledgementCodesIn('收到，确认码K7Q3PA，马上报送')).toEqual(['K7Q3PA']);
    // A list of guesses in one SMS is not a reply: only the first three are tried.
    expect(acknowledgementCodesIn('AAAAA1 AAAAA2 AAAAA3 AAAAA4 AAAAA5')).toEqual(['AAAAA1', 'AAAAA2', 'AAAAA3']);
  });

  it('a link is valid only for the contact it was signed for, with the key it was signed with', () => {
    const url = new URL(acknowledgementUrl('https://api.example.org/', 'key-1', 'K7Q3PA', 'gaosheng-zone.duty'));
    const signature = url.searchParams.get('signature')!;
    expect(url.pathname).toBe('/acknowledgements/K7Q3PA');
    expect(isValidAcknowledgementSignature('key-1', 'K7Q3PA', 'gaosheng-zone.duty', signature)).toBe(true);
    expect(isValidAcknowledgementSignature('key-1', 'K7Q3PA', 'gaosheng-zone.leader', signature)).toBe(false);
    expect(isValidAcknowledgementSignature('key-2', 'K7Q3PA', 'gaosheng-zone.duty', signature)).toBe(false);
    expect(isValidAcknowledgementSignature('key-1', 'K7Q3PA', 'gaosheng-zone.duty', 'short')).toBe(false);
  });
});

describe('R-SPOTCHECK: spot checks', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  const started = () =>
    startSpotCheck({ unitId: 'example-town-a', startedBy: 'duty-office', now, policy: defaultPolicy, drillSpeed: 1 });

  it('is due the configured minutes after it starts', () => {
    const spotCheck = started();
    expect(spotCheck.dueAt).toBe('2026-11-28T00:10:00.000Z');
    expect(spotCheck.policyVersion).toBe(defaultPolicy.version);
  });

  it('passed when acknowledged in time; missed when not, even if acknowledged later', () => {
    const spotCheck = started();
    expect(spotCheckResult(spotCheck, new Date('2026-11-28T00:05:00Z'))).toBe('pending');
    expect(
      spotCheckResult({ ...spotCheck, acknowledgedAt: '2026-11-28T00:09:59.000Z' }, new Date('2026-11-28T01:00:00Z')),
    ).toBe('passed');
    expect(spotCheckResult(spotCheck, new Date('2026-11-28T00:10:01Z'))).toBe('missed');
    expect(
      spotCheckResult({ ...spotCheck, acknowledgedAt: '2026-11-28T00:12:00.000Z' }, new Date('2026-11-28T00:12:00Z')),
    ).toBe('missed');
  });
});
