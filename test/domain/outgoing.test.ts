import { acknowledgementSignature } from '../../functions/domain/acknowledgements';
import { requireUnit } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { deadlineFor, openObligation, type EscalationRound } from '../../functions/domain/obligations';
import {
  escalationMessages,
  immediateNotificationMessages,
  reminderMessages,
  smsFallbackMessage,
  spotCheckMessages,
} from '../../functions/domain/outgoing';
import { defaultPolicy } from '../../functions/domain/policy';
import { startSpotCheck } from '../../functions/domain/spot-checks';
import { phoneReportedIncident } from '../support/fixtures';

const reportedAt = new Date('2026-11-28T00:05:00Z');
const incident = phoneReportedIncident({ incidentId: 'INC-20261128-OUT001', phoneReportAt: reportedAt });
const obligation = openObligation({
  incidentId: incident.incidentId,
  obligationId: 'written-report',
  kind: 'written-report',
  unit: requireUnit(defaultDirectory, 'gaosheng-zone'),
  openedAt: reportedAt,
  now: reportedAt,
  dueAt: deadlineFor('written-report', reportedAt, defaultPolicy, 1),
  policy: defaultPolicy,
  drillSpeed: 1,
});
const apiUrl = 'https://api.example.org';
const consoleUrl = 'https://console.example.org/console/';
const escalation = (round: EscalationRound) =>
  escalationMessages({
    obligation,
    incident,
    round,
    directory: defaultDirectory,
    policy: defaultPolicy,
    overdueByMilliseconds: 300_000,
    code: 'K7Q3PA',
    signingKey: 'test-key',
    apiUrl,
    consoleUrl,
    now: new Date('2026-11-28T00:40:00Z'),
  });

describe('outgoing messages: recipient → contact → message', () => {
  it("R-LADDER: step 1 goes to the duty contact of the unit that owes the document, told to file now, with the step's code and its own signed link", () => {
    // Prepare
    const round = obligation.escalationSchedule.find((each) => each.escalationStep === 1 && each.repeat === 0)!;
    // Act
    const outgoing = escalation(round);
    // Assess
    expect(outgoing.map(({ unitId, contact }) => `${unitId}:${contact.contactId}`)).toEqual([
      'gaosheng-zone:gaosheng-zone.duty',
    ]);
    expect(outgoing[0].message.sms).toContain('请立即报送。回复K7Q3PA确认');
    // Issue 14 item 6: the unit is sent to the obligation's page in the console, not told to POST to the API.
    expect(outgoing[0].message.email).toContain(
      `报送方式：登录值班台报送 ${consoleUrl}#/incidents/${obligation.incidentId}/obligations/written-report`,
    );
    expect(outgoing[0].message.email).toContain(
      `signature=${acknowledgementSignature('test-key', 'K7Q3PA', 'gaosheng-zone.duty')}`,
    );
  });

  it('R-LADDER, R-DUAL: the county step reaches both duty offices and the county leadership, each asked to see that it is filed, each with the same code', () => {
    // Prepare
    const round: EscalationRound = {
      escalationStep: 4,
      repeat: 0,
      audience: 'county-duty-offices-and-leadership',
      at: '2026-11-28T02:00:00.000Z',
    };
    // Act
    const outgoing = escalation(round);
    // Assess
    expect(outgoing.map(({ unitId, contact }) => `${unitId}:${contact.contactId}`)).toEqual([
      'county-gov-duty-office:county-gov-duty-office.duty',
      'county-gov-duty-office:county-gov-duty-office.leader',
      'county-party-duty-office:county-party-duty-office.duty',
      'county-party-duty-office:county-party-duty-office.leader',
    ]);
    for (const { message } of outgoing) expect(message.sms).toMatch(/请督促报送。回复K7Q3PA确认$/);
    expect(new Set(outgoing.map(({ message }) => message.email.match(/signature=([^\s&]+)/)?.[1])).size).toBe(4);
  });

  it("R-DIRECT-CITY, R-DUAL: every unit that must know at once gets the notice at its duty contact, in the routing's order", () => {
    // Prepare
    const severe = {
      ...incident,
      unitId: 'example-town-a',
      category: 'earthquake',
      severity: 'especially-major' as const,
    };
    // Act
    const { routed, outgoing } = immediateNotificationMessages({
      incident: severe,
      policy: defaultPolicy,
      directory: defaultDirectory,
      consoleUrl,
    });
    // Assess
    expect(outgoing.map(({ unitId }) => unitId)).toEqual(routed.map(({ unitId }) => unitId));
    expect(outgoing.map(({ unitId }) => unitId).sort()).toEqual([
      'city-gov-duty-office',
      'county-gov-duty-office',
      'county-party-duty-office',
    ]);
    expect(
      outgoing.every(({ contact, unitId }) => contact === requireUnit(defaultDirectory, unitId).contacts.dutyContact),
    ).toBe(true);
    expect(outgoing.find(({ unitId }) => unitId === 'county-party-duty-office')!.message.email).toContain(
      '通知原因：县委县政府同报',
    );
  });

  it('R-LADDER: the reminder goes to the duty contact of the unit that owes the document, by SMS and e-mail', () => {
    // Act
    const outgoing = reminderMessages({
      obligation,
      incident,
      directory: defaultDirectory,
      consoleUrl,
      now: new Date('2026-11-28T00:25:00Z'),
    });
    // Assess
    expect(outgoing).toEqual([
      expect.objectContaining({
        unitId: 'gaosheng-zone',
        contact: requireUnit(defaultDirectory, 'gaosheng-zone').contacts.dutyContact,
      }),
    ]);
    expect(outgoing[0].channels).toBeUndefined();
    expect(outgoing[0].message.sms).toContain('书面报告将于08:35到期');
  });

  it("R-SPOTCHECK: the spot check goes to the unit's duty contact by SMS only, with the code to reply", () => {
    // Prepare
    const now = new Date('2026-11-28T00:35:00Z');
    const spotCheck = startSpotCheck({
      unitId: 'example-town-a',
      startedBy: 'duty',
      now,
      policy: defaultPolicy,
      drillSpeed: 1,
      seed: 'seed',
    });
    // Act
    const outgoing = spotCheckMessages({ spotCheck, code: 'K7Q3PA', directory: defaultDirectory, now });
    // Assess
    expect(outgoing).toEqual([expect.objectContaining({ unitId: 'example-town-a', channels: ['sms'] })]);
    expect(outgoing[0].contact.contactId).toBe('example-town-a.duty');
    expect(outgoing[0].message.sms).toBe(
      '【值班抽查】示例镇甲：县政府总值班室值班抽查，请于08:45前回复K7Q3PA确认在岗。',
    );
    expect(outgoing[0].message.smsTemplate).toEqual({
      templateId: 'spot-check',
      variables: { unit: '示例镇甲', due: '08:45', code: 'K7Q3PA' },
    });
  });

  it('R-SPOTCHECK: a spot check started again from the same request seed has the same ID', () => {
    // Prepare
    const input = {
      unitId: 'example-town-a',
      startedBy: 'duty',
      now: new Date('2026-11-28T00:35:00Z'),
      policy: defaultPolicy,
      drillSpeed: 1,
      seed: 'seed',
    };
    // Act
    const [first, again, unseeded] = [
      startSpotCheck(input),
      startSpotCheck(input),
      startSpotCheck({ ...input, seed: undefined }),
    ];
    // Assess
    expect(again.spotCheckId).toBe(first.spotCheckId);
    expect(unseeded.spotCheckId).not.toBe(first.spotCheckId);
  });

  it('R-LADDER: an SMS that failed after every retry goes to its contact by e-mail, saying so; a contact without an address is left for the operators', () => {
    // Prepare
    const withAddress = defaultDirectory.units
      .flatMap((unit) => [unit.contacts.dutyContact])
      .find((contact) => contact.email && contact.locale === 'zh-CN')!;
    const withoutAddress = defaultDirectory.units
      .flatMap((unit) => [unit.contacts.dutyContact, unit.contacts.principalLeader])
      .find((contact) => !contact.email);
    // Act
    const fallback = smsFallbackMessage(
      { unitId: 'some-unit', contactId: withAddress.contactId, text: '原短信' },
      incident.incidentId,
      defaultDirectory,
    );
    // Assess
    expect(fallback).toMatchObject({
      unitId: 'some-unit',
      contact: withAddress,
      channels: ['email'],
      message: {
        subject: `【短信未送达，改发邮件】${incident.incidentId}`,
        email: '发给您的短信多次发送失败，内容如下：\n\n原短信',
      },
    });
    if (withoutAddress)
      expect(
        smsFallbackMessage(
          { unitId: 'some-unit', contactId: withoutAddress.contactId },
          incident.incidentId,
          defaultDirectory,
        ),
      ).toBeUndefined();
    expect(
      smsFallbackMessage({ unitId: 'some-unit', contactId: 'nobody' }, incident.incidentId, defaultDirectory),
    ).toBeUndefined();
  });
});
