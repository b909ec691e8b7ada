import { MissingElementsError } from '../../functions/domain/errors';
import { describeElements, requireReportElements, writtenReport } from '../../functions/domain/reports';
import { phoneReportedIncident } from '../support/fixtures';

const incident = phoneReportedIncident({
  incidentId: 'INC-20261128-REP001',
  phoneReportAt: new Date('2026-11-28T00:05:00Z'),
});
const complete = {
  cause: '法兰垫片老化',
  casualties: { deaths: 0, injured: 2, missing: 0 },
  measuresTaken: '堵漏',
  trend: '已消除',
  reporter: { name: '王某', phone: '+8613800000003' },
};

describe('reports: what a written, follow-up or final report files', () => {
  it('R-ELEMENTS: a written report lacking elements is accepted and names what it lacks; the incident supplies time, place and unit', () => {
    // Act
    const missing = requireReportElements({ kind: 'written', summary: '已堵漏' }, incident);
    // Assess
    expect(missing).toEqual([
      'natureAndCause',
      'casualtiesAndLosses',
      'measuresTaken',
      'trendAndNextSteps',
      'reporterAndPhone',
    ]);
    expect(describeElements(['measuresTaken'])).toEqual([
      {
        element: 'measuresTaken',
        field: 'measuresTaken',
        name: expect.objectContaining({ 'zh-CN': expect.any(String), en: expect.any(String) }),
      },
    ]);
  });

  it('R-ELEMENTS, R-LIFECYCLE: a final report lacking any element is refused before anything is written; a complete one lacks nothing', () => {
    // Act / Assess
    expect(() =>
      requireReportElements({ kind: 'final', summary: '处置完毕', ...complete, trend: undefined }, incident),
    ).toThrow(MissingElementsError);
    expect(requireReportElements({ kind: 'final', summary: '处置完毕', ...complete }, incident)).toEqual([]);
  });

  it("R-LIFECYCLE: the report is received at the request's pinned time, its ID from the request's seed, so a retry files the same report", () => {
    // Prepare
    const input = {
      request: {
        kind: 'follow-up' as const,
        summary: '续报',
        occurredAt: '2026-11-28T08:00:00+08:00',
        lateReason: '通信中断',
      },
      incident,
      missing: [],
      receivedAt: new Date('2026-11-28T01:00:00Z'),
      seed: 'seed',
    };
    // Act
    const [report, again] = [writtenReport(input), writtenReport(input)];
    // Assess
    expect(again).toEqual(report);
    expect(report).toMatchObject({
      incidentId: incident.incidentId,
      kind: 'follow-up',
      channel: 'written',
      unitId: incident.unitId,
      receivedAt: '2026-11-28T01:00:00.000Z',
      occurredAt: '2026-11-28T00:00:00.000Z',
      lateReason: '通信中断',
    });
    expect(report).not.toHaveProperty('missingElements');
  });
});
