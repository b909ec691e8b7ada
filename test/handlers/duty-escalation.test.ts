import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Directory, Unit } from '../../functions/domain/directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { beijingToIso, makeOverride, makeShift } from '../../functions/domain/roster';
import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { RecordingAlarms, startTestTable, type TestTable } from '../support/table';

// The night of 1–2 December 2026, Beijing time: 夜班 20:00–08:00, then 白班.
const NIGHT = { startsAt: beijingToIso('2026-12-01', '20:00'), endsAt: beijingToIso('2026-12-02', '08:00') };
const DAY = { startsAt: beijingToIso('2026-12-02', '08:00'), endsAt: beijingToIso('2026-12-02', '20:00') };
const staff = (unitId: string, id: string, name: string, phone: string) => ({
  contactId: `${unitId}.${id}`,
  name,
  role: 'staff' as const,
  phone,
  locale: 'zh-CN' as const,
});

function withStaff(unit: Unit): Unit {
  return {
    ...unit,
    staff: [
      staff(
        unit.unitId,
        'night',
        '夜班值班员张三',
        unit.unitId === 'gaosheng-zone' ? '+8613900000401' : '+8613900000501',
      ),
      staff(
        unit.unitId,
        'deputy',
        '带班副主任李四',
        unit.unitId === 'gaosheng-zone' ? '+8613900000402' : '+8613900000502',
      ),
      staff(
        unit.unitId,
        'standin',
        '替班值班员王五',
        unit.unitId === 'gaosheng-zone' ? '+8613900000403' : '+8613900000503',
      ),
    ],
  };
}

describe('issue 15 item 4, R-LADDER: escalations reach whoever is on duty at the moment of sending', () => {
  let table: TestTable;
  const directory: Directory = {
    units: defaultDirectory.units.map((unit) =>
      ['gaosheng-zone', 'example-town-a'].includes(unit.unitId) ? withStaff(unit) : unit,
    ),
  };
  const escalate = (notifier: RecordingNotifier, alarms: RecordingAlarms, at: string) =>
    makeEscalate({
      ...table.repositories,
      notifier,
      alarms,
      directory: fixedDirectory(directory),
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'https://api.example.org/',
      consoleUrl: 'https://console.example.org/console/',
      now: () => new Date(at),
    });
  const smsTo = (notifier: RecordingNotifier) =>
    notifier.sent.filter((message) => message.channel === 'sms').map((message) => message.to);

  beforeAll(async () => {
    table = await startTestTable();
    // Prepare: gaosheng-zone's roster for the night and the day after
    const shifts = [
      makeShift({
        unitId: 'gaosheng-zone',
        ...NIGHT,
        label: '夜班',
        dutyOfficerContactId: 'gaosheng-zone.night',
        shiftLeaderContactId: 'gaosheng-zone.deputy',
      }),
      makeShift({
        unitId: 'gaosheng-zone',
        ...DAY,
        label: '白班',
        dutyOfficerContactId: 'gaosheng-zone.duty',
        shiftLeaderContactId: 'gaosheng-zone.leader',
      }),
    ];
    await table.rosters.replacePeriod('gaosheng-zone', NIGHT.startsAt, DAY.endsAt, shifts);
  });
  afterAll(async () => table.stop());

  it('R-LADDER: a deadline missed at 02:00 escalates to that night’s duty officer; the message record names the shift', async () => {
    // Prepare: phoned in at 01:20, the written report was due at 01:50
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DUTY01',
      unitId: 'gaosheng-zone',
      phoneReportAt: new Date(beijingToIso('2026-12-02', '01:20')),
    });
    const notifier = new RecordingNotifier();
    // Act
    await escalate(
      notifier,
      new RecordingAlarms(),
      beijingToIso('2026-12-02', '02:00'),
    )({
      incidentId: obligation.incidentId,
      obligationId: obligation.obligationId,
      escalationStep: 1,
      repeat: 0,
    });
    // Assess
    expect(smsTo(notifier)).toEqual(['+8613900000401']);
    const [record] = (await table.messages.escalationMessagesOf(obligation.incidentId, obligation.obligationId)).filter(
      (message) => message.channel === 'sms',
    );
    expect(record).toMatchObject({
      contactId: 'gaosheng-zone.night',
      contactName: '夜班值班员张三',
      onDuty: { role: 'duty-officer', source: { kind: 'shift', shiftId: expect.stringMatching(/^SHF-/) as unknown } },
    });
    const events = await table.audit.auditEvents(obligation.incidentId);
    expect(events.find((event) => event.type === 'escalation-sent')!.detail.onDuty).toMatchObject({
      role: 'duty-officer',
    });
  });

  it('R-LADDER: the leader step goes to the shift leader on duty, then the principal leader', async () => {
    // Prepare
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DUTY02',
      unitId: 'gaosheng-zone',
      phoneReportAt: new Date(beijingToIso('2026-12-02', '01:20')),
    });
    const notifier = new RecordingNotifier();
    // Act
    await escalate(
      notifier,
      new RecordingAlarms(),
      beijingToIso('2026-12-02', '02:20'),
    )({
      incidentId: obligation.incidentId,
      obligationId: obligation.obligationId,
      escalationStep: 2,
      repeat: 0,
    });
    // Assess
    const leader = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!.contacts.principalLeader;
    expect(smsTo(notifier)).toEqual(['+8613900000402', leader.phone]);
  });

  it('R-LADDER: a swap recorded for the rest of the night moves the next escalation to the stand-in', async () => {
    // Prepare: at 02:05 the stand-in takes the duty officer's place until 08:00
    await table.rosters.addOverride(
      makeOverride(
        {
          unitId: 'gaosheng-zone',
          startsAt: beijingToIso('2026-12-02', '02:05'),
          endsAt: NIGHT.endsAt,
          role: 'duty-officer',
          contactId: 'gaosheng-zone.standin',
          reason: '换班',
        },
        new Date(beijingToIso('2026-12-02', '02:05')),
      ),
    );
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DUTY03',
      unitId: 'gaosheng-zone',
      phoneReportAt: new Date(beijingToIso('2026-12-02', '01:40')),
    });
    const notifier = new RecordingNotifier();
    // Act
    await escalate(
      notifier,
      new RecordingAlarms(),
      beijingToIso('2026-12-02', '02:15'),
    )({
      incidentId: obligation.incidentId,
      obligationId: obligation.obligationId,
      escalationStep: 1,
      repeat: 0,
    });
    // Assess
    expect(smsTo(notifier)).toEqual(['+8613900000403']);
    const [record] = (await table.messages.escalationMessagesOf(obligation.incidentId, obligation.obligationId)).filter(
      (message) => message.channel === 'sms',
    );
    expect(record.onDuty!.source.kind).toBe('override');
  });

  it('R-LADDER: a roster gap sends to the unit’s standing duty phone and alerts the operators “roster gap”', async () => {
    // Prepare: example-town-a's last shift ended at 01:00; nobody is rostered after it
    await table.rosters.replacePeriod(
      'example-town-a',
      beijingToIso('2026-12-01', '13:00'),
      beijingToIso('2026-12-02', '13:00'),
      [
        makeShift({
          unitId: 'example-town-a',
          startsAt: beijingToIso('2026-12-01', '13:00'),
          endsAt: beijingToIso('2026-12-02', '01:00'),
          dutyOfficerContactId: 'example-town-a.night',
          shiftLeaderContactId: 'example-town-a.deputy',
        }),
      ],
    );
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DUTY04',
      unitId: 'example-town-a',
      phoneReportAt: new Date(beijingToIso('2026-12-02', '01:20')),
    });
    const notifier = new RecordingNotifier();
    const alarms = new RecordingAlarms();
    // Act
    await escalate(
      notifier,
      alarms,
      beijingToIso('2026-12-02', '02:00'),
    )({
      incidentId: obligation.incidentId,
      obligationId: obligation.obligationId,
      escalationStep: 1,
      repeat: 0,
    });
    // Assess
    const town = defaultDirectory.units.find((unit) => unit.unitId === 'example-town-a')!;
    expect(smsTo(notifier)).toEqual([town.contacts.dutyContact.phone]);
    expect(alarms.raised).toHaveLength(1);
    expect(alarms.raised[0].subject).toBe('【值班表空档】example-town-a INC-20261202-DUTY04');
    expect(alarms.raised[0].message).toContain('此刻无人在班');
  });

  it('a unit that keeps no roster escalates to its standing duty contact, with no alert', async () => {
    // Prepare
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DUTY05',
      unitId: 'example-town-b',
      phoneReportAt: new Date(beijingToIso('2026-12-02', '01:20')),
    });
    const notifier = new RecordingNotifier();
    const alarms = new RecordingAlarms();
    // Act
    await escalate(
      notifier,
      alarms,
      beijingToIso('2026-12-02', '02:00'),
    )({
      incidentId: obligation.incidentId,
      obligationId: obligation.obligationId,
      escalationStep: 1,
      repeat: 0,
    });
    // Assess
    const town = defaultDirectory.units.find((unit) => unit.unitId === 'example-town-b')!;
    expect(smsTo(notifier)).toEqual([town.contacts.dutyContact.phone]);
    expect(alarms.raised).toEqual([]);
  });
});
