import { defaultDirectory } from '../../functions/domain/default-directory';
import { findUnit, type Unit } from '../../functions/domain/directory';
import { resolveRole, type DutyCoverage } from '../../functions/domain/duty-resolution';
import { messagesTo } from '../../functions/domain/outgoing';

const zone = (): Unit => {
  const unit = structuredClone(findUnit(defaultDirectory, 'gaosheng-zone')!);
  unit.staff = [
    { contactId: 'gaosheng-zone.night', name: '夜班值班员', role: 'staff', phone: '+8613900000201', locale: 'zh-CN' },
    { contactId: 'gaosheng-zone.deputy', name: '带班副主任', role: 'staff', phone: '+8613900000202', locale: 'zh-CN' },
  ];
  return unit;
};
const onShift = (dutyOfficer?: string, shiftLeader?: string): DutyCoverage => ({
  dutyOfficer: dutyOfficer ? { contactId: dutyOfficer, source: { kind: 'shift', shiftId: 'SHF-1' } } : undefined,
  shiftLeader: shiftLeader ? { contactId: shiftLeader, source: { kind: 'shift', shiftId: 'SHF-1' } } : undefined,
  rostered: true,
});

describe('issue 15 item 4, R-LADDER: who a message reaches at the moment of sending (duty-resolution)', () => {
  it('R-LADDER: the duty-contact step goes to the duty officer on shift, named with the shift that made them it', () => {
    // Act
    const resolved = resolveRole(zone(), 'dutyContact', onShift('gaosheng-zone.night', 'gaosheng-zone.deputy'));
    // Assess
    expect(resolved).toEqual([
      {
        contact: expect.objectContaining({ contactId: 'gaosheng-zone.night', phone: '+8613900000201' }) as unknown,
        onDuty: { role: 'duty-officer', source: { kind: 'shift', shiftId: 'SHF-1' } },
      },
    ]);
  });

  it('R-LADDER: the leader step goes to the shift leader, then the principal leader (once when the same person)', () => {
    // Act
    const both = resolveRole(zone(), 'principalLeader', onShift('gaosheng-zone.night', 'gaosheng-zone.deputy'));
    const same = resolveRole(zone(), 'principalLeader', onShift('gaosheng-zone.night', 'gaosheng-zone.leader'));
    // Assess
    expect(both.map((entry) => entry.contact.contactId)).toEqual(['gaosheng-zone.deputy', 'gaosheng-zone.leader']);
    expect(both[1].onDuty).toBeUndefined();
    expect(same.map((entry) => entry.contact.contactId)).toEqual(['gaosheng-zone.leader']);
  });

  it('R-LADDER: a roster gap sends to the standing duty phone and says so; a unit with no roster is no gap', () => {
    // Act
    const gap = resolveRole(zone(), 'dutyContact', { ...onShift(), rostered: true });
    const none = resolveRole(zone(), 'dutyContact', undefined);
    // Assess
    expect(gap).toEqual([{ contact: zone().contacts.dutyContact, rosterGap: true }]);
    expect(none).toEqual([{ contact: zone().contacts.dutyContact }]);
  });

  it('a rostered person no longer among the unit’s contacts is passed over for the standing contact, as a gap', () => {
    // Act
    const resolved = resolveRole(zone(), 'dutyContact', onShift('gaosheng-zone.removed'));
    // Assess
    expect(resolved).toEqual([{ contact: zone().contacts.dutyContact, rosterGap: true }]);
  });

  it('one person holding two roles of a round gets one message', () => {
    // Prepare: the night officer is also the shift leader tonight
    const directory = {
      units: defaultDirectory.units.map((unit) => (unit.unitId === 'gaosheng-zone' ? zone() : unit)),
    };
    const coverage = new Map([['gaosheng-zone', onShift('gaosheng-zone.night', 'gaosheng-zone.night')]]);
    // Act
    const outgoing = messagesTo(
      [
        { unitId: 'gaosheng-zone', role: 'dutyContact' },
        { unitId: 'gaosheng-zone', role: 'principalLeader' },
      ],
      directory,
      () => ({ sms: 'x', subject: 'x', email: 'x', digestLine: 'x' }),
      coverage,
    );
    // Assess
    expect(outgoing.map((message) => message.contact.contactId)).toEqual([
      'gaosheng-zone.night',
      'gaosheng-zone.leader',
    ]);
  });
});
