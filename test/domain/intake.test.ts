import { requireUnit } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { firstReportIntake, type FirstReport, type IntakeInput } from '../../functions/domain/intake';
import { defaultPolicy } from '../../functions/domain/policy';

const receivedAt = new Date('2026-11-28T00:06:00Z');
const phoneReport: FirstReport = {
  title: '某化工企业储罐泄漏',
  severity: 'relatively-major',
  occurredAt: '2026-11-28T08:05:00+08:00',
  location: '高升经济区',
  channel: 'phone',
  summary: '储罐法兰泄漏',
  casualties: { deaths: 0, injured: 2, missing: 0 },
  reporter: { name: '王某', phone: '+8613800000000' },
  source: 'unit',
};
const intakeOf = (report: Partial<FirstReport> = {}, overrides: Partial<IntakeInput> = {}) =>
  firstReportIntake({
    report: { ...phoneReport, ...report },
    unit: requireUnit(defaultDirectory, 'gaosheng-zone'),
    category: { categoryId: 'hazardous-chemicals', incidentClassId: 'accident' },
    actor: 'reporter:gaosheng-zone:u-1',
    receivedAt,
    seed: 'idempotency-key-1',
    policy: defaultPolicy,
    drillSpeed: 1,
    ...overrides,
  });
const minutesAfterReceipt = (iso: string) => (Date.parse(iso) - receivedAt.getTime()) / 60_000;

describe('R-INTAKE: what a first report creates', () => {
  it("R-INTAKE, R-WRITTEN-30: a phone report from the unit is an open, unverified incident that owes the written report in the policy's minutes", () => {
    // Act
    const { incident, report, obligations, verificationRequests, events } = intakeOf();
    // Assess
    expect(incident).toMatchObject({
      unitId: 'gaosheng-zone',
      title: phoneReport.title,
      category: 'hazardous-chemicals',
      incidentClass: 'accident',
      severity: 'relatively-major',
      occurredAt: '2026-11-28T00:05:00.000Z',
      location: '高升经济区',
      receivedAt: receivedAt.toISOString(),
      status: 'open',
      source: 'unit',
      verified: false,
      firstReportChannel: 'phone',
      summary: '储罐法兰泄漏',
      casualties: phoneReport.casualties,
      reporter: phoneReport.reporter,
    });
    expect(incident.incidentId).toMatch(/^INC-20261128-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(incident).not.toHaveProperty('mediaSource');
    expect(report).toMatchObject({
      incidentId: incident.incidentId,
      kind: 'first',
      channel: 'phone',
      unitId: 'gaosheng-zone',
      receivedAt: receivedAt.toISOString(),
      summary: '储罐法兰泄漏',
      location: '高升经济区',
    });
    expect(
      obligations.map((obligation) => [obligation.obligationId, obligation.kind, obligation.status, obligation.unitId]),
    ).toEqual([['written-report', 'written-report', 'pending', 'gaosheng-zone']]);
    expect(minutesAfterReceipt(obligations[0].dueAt)).toBe(defaultPolicy.obligations['written-report'].dueMinutes);
    expect(verificationRequests).toEqual([]);
    expect(events.map((event) => [event.type, event.actor])).toEqual([
      ['incident-reported', 'reporter:gaosheng-zone:u-1'],
      ['obligation-opened', 'system:deadline-watch'],
    ]);
    expect(events[0]).toMatchObject({
      incidentId: incident.incidentId,
      at: receivedAt.toISOString(),
      unitId: 'gaosheng-zone',
      detail: {
        reportId: report.reportId,
        channel: 'phone',
        severity: 'relatively-major',
        category: 'hazardous-chemicals',
        source: 'unit',
      },
    });
  });

  it('R-WRITTEN-30: a call logged after it came owes the written report 30 minutes after the call, not after the record; the call time is kept with who logged it', () => {
    // Act: the duty office logs at 08:06 a call that came at 08:01 (Beijing time)
    const { incident, obligations, events } = intakeOf(
      { phonedAt: '2026-11-28T08:01:00+08:00' },
      { loggedByDutyOffice: true, actor: 'duty-officer:d-1' },
    );
    // Assess
    expect(incident).toMatchObject({ phonedAt: '2026-11-28T00:01:00.000Z', phonedAtLoggedBy: 'duty-office' });
    expect(obligations[0].openedAt).toBe('2026-11-28T00:01:00.000Z');
    expect(minutesAfterReceipt(obligations[0].dueAt)).toBe(defaultPolicy.obligations['written-report'].dueMinutes - 5);
    // The record itself is still made when it was made.
    expect(events[0].at).toBe(receivedAt.toISOString());
  });

  it('R-WRITTEN-30: a call time after the record, or on a written first report, changes nothing (a call time never buys time)', () => {
    const later = intakeOf({ phonedAt: '2026-11-28T08:20:00+08:00' });
    expect(later.incident).not.toHaveProperty('phonedAt');
    expect(minutesAfterReceipt(later.obligations[0].dueAt)).toBe(
      defaultPolicy.obligations['written-report'].dueMinutes,
    );
    const written = intakeOf({ channel: 'written', phonedAt: '2026-11-28T08:01:00+08:00' });
    expect(written.incident).not.toHaveProperty('phonedAt');
    expect(written.obligations).toEqual([]);
  });

  it("R-EVAL: a unit's own word on when it phoned is kept (phonedAtLoggedBy 'unit'), not the duty office's", () => {
    const { incident } = intakeOf({ phonedAt: '2026-11-28T08:01:00+08:00' });
    expect(incident).toMatchObject({ phonedAt: '2026-11-28T00:01:00.000Z', phonedAtLoggedBy: 'unit' });
  });

  it('R-INTAKE: a written first report is verified and owes no written report; a summary left out is the title', () => {
    // Act
    const { incident, report, obligations, events } = intakeOf({ channel: 'written', summary: undefined });
    // Assess
    expect(incident.verified).toBe(true);
    expect(obligations).toEqual([]);
    expect(report.summary).toBe(phoneReport.title);
    expect(events.map((event) => event.type)).toEqual(['incident-reported']);
  });

  it('R-MEDIA: an item from the media is unverified, keeps its source, and opens a phone verification on the unit at once instead of the written report', () => {
    // Act
    const { incident, obligations, verificationRequests, events } = intakeOf(
      { source: 'media', mediaSource: '微博', channel: 'written' },
      { actor: 'duty-officer:d-1' },
    );
    // Assess
    expect(incident).toMatchObject({ source: 'media', mediaSource: '微博', verified: false });
    expect(verificationRequests).toEqual([
      {
        incidentId: incident.incidentId,
        requestId: expect.stringMatching(/^VRQ-/),
        question: '核实媒体/网络信息：微博',
        writtenAnswerRequired: false,
        requestedAt: receivedAt.toISOString(),
        requestedBy: 'duty-officer:d-1',
        origin: 'media',
      },
    ]);
    const requestId = verificationRequests[0].requestId;
    expect(obligations.map((obligation) => [obligation.obligationId, obligation.kind, obligation.origin])).toEqual([
      [
        `${requestId}-phone`,
        defaultPolicy.media.verificationObligation,
        { verificationRequestId: requestId, source: 'media' },
      ],
    ]);
    expect(minutesAfterReceipt(obligations[0].dueAt)).toBe(defaultPolicy.obligations['verification-phone'].dueMinutes);
    expect(events.map((event) => event.type)).toEqual([
      'incident-reported',
      'verification-requested',
      'obligation-opened',
    ]);
    expect(events[1]).toMatchObject({
      actor: 'duty-officer:d-1',
      unitId: 'gaosheng-zone',
      detail: { requestId, origin: 'media', mediaSource: '微博' },
    });
  });

  it('R-MEDIA: a media item logged as a phone call still owes no written report from the unit', () => {
    // Act
    const { obligations } = intakeOf({ source: 'media', mediaSource: '抖音', channel: 'phone' });
    // Assess
    expect(obligations.map((obligation) => obligation.kind)).toEqual(['verification-phone']);
  });

  it('R-INTAKE: the same seed names the same incident, report and request (a retried request converges); another seed others', () => {
    // Act
    const first = intakeOf({ source: 'media', mediaSource: '微博' });
    const again = intakeOf({ source: 'media', mediaSource: '微博' });
    const other = intakeOf({ source: 'media', mediaSource: '微博' }, { seed: 'idempotency-key-2' });
    // Assess
    expect(again).toEqual(first);
    expect(other.incident.incidentId).not.toBe(first.incident.incidentId);
    expect(other.report.reportId).not.toBe(first.report.reportId);
    expect(other.verificationRequests[0].requestId).not.toBe(first.verificationRequests[0].requestId);
  });
});
