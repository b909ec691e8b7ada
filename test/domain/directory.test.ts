import {
  allContacts,
  contactOf,
  findContact,
  findContactByPhone,
  findUnit,
  parseDirectory,
  requireUnit,
  type Directory,
} from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { UnknownUnitError } from '../../functions/domain/errors';
import { ConfigurationError } from '../../functions/domain/errors';

describe('the directory of units and contacts (functions/config/units.json)', () => {
  it('the shipped directory is valid: E.164 phones, e-mail addresses, SMS-sized short names, unique contacts', () => {
    const contacts = defaultDirectory.units.flatMap((unit) => [
      unit.contacts.dutyContact,
      unit.contacts.principalLeader,
    ]);
    expect(new Set(contacts.map((contact) => contact.contactId)).size).toBe(contacts.length);
    expect(new Set(contacts.map((contact) => contact.phone)).size).toBe(contacts.length);
  });

  it('a bad phone number or e-mail address fails loudly when loaded, naming the entry', () => {
    const broken = structuredClone(defaultDirectory);
    broken.units[1].contacts.dutyContact.phone = '13800000003';
    broken.units[2].contacts.principalLeader.email = 'not-an-address';
    expect(() => parseDirectory(broken)).toThrow(ConfigurationError);
    expect(() => parseDirectory(broken)).toThrow(
      /units\.1\.contacts\.dutyContact\.phone: Must be an E\.164 phone number; units\.2\.contacts\.principalLeader\.email: Must be an e-mail address/,
    );
  });

  it('refuses a phone with anything before or after the E.164 number, a unit ID that is not lower-case with hyphens, a long Chinese short name, an unknown locale', () => {
    // Prepare: one fault per copy, so each refusal is its own
    const withFault = (fault: (directory: Directory) => void) => {
      const broken = structuredClone(defaultDirectory);
      fault(broken);
      return () => parseDirectory(broken);
    };
    // Act, Assess
    expect(
      withFault((d) => {
        d.units[0].contacts.dutyContact.phone = 'tel+8613800000003';
      }),
    ).toThrow(/units\.0\.contacts\.dutyContact\.phone: Must be an E\.164 phone number/);
    expect(
      withFault((d) => {
        d.units[0].contacts.dutyContact.phone = '+8613800000003x';
      }),
    ).toThrow(/Must be an E\.164 phone number/);
    expect(
      withFault((d) => {
        d.units[0].unitId = 'Gaosheng-zone';
      }),
    ).toThrow(/units\.0\.unitId: Lower-case letters, digits and hyphens/);
    expect(
      withFault((d) => {
        d.units[0].unitId = 'gaosheng zone';
      }),
    ).toThrow(/units\.0\.unitId: Lower-case letters, digits and hyphens/);
    expect(
      withFault((d) => {
        d.units[0].shortName['zh-CN'] = '一二三四五六七八九';
      }),
    ).toThrow(/units\.0\.shortName: The Chinese short name must fit an SMS: at most 8 characters/);
    expect(
      withFault((d) => {
        d.units[0].contacts.dutyContact.locale = 'fr' as never;
      }),
    ).toThrow(/units\.0\.contacts\.dutyContact\.locale/);
    expect(
      withFault((d) => {
        d.units[0].shortName['zh-CN'] = '一二三四五六七八';
        d.units[0].contacts.dutyContact.locale = 'en';
      }),
    ).not.toThrow();
  });

  it('finds units and contacts by ID and by phone; an unknown unit is an UnknownUnitError naming unitId', () => {
    // Prepare
    const zone = requireUnit(defaultDirectory, 'gaosheng-zone');
    const leader = zone.contacts.principalLeader;
    // Act, Assess
    expect(findUnit(defaultDirectory, 'gaosheng-zone')).toBe(zone);
    expect(findUnit(defaultDirectory, 'nowhere')).toBeUndefined();
    expect(() => requireUnit(defaultDirectory, 'nowhere')).toThrow(UnknownUnitError);
    expect(contactOf(zone, 'dutyContact')).toBe(zone.contacts.dutyContact);
    expect(contactOf(zone, 'principalLeader')).toBe(leader);
    expect(findContact(defaultDirectory, leader.contactId)).toEqual({ unit: zone, contact: leader });
    expect(findContactByPhone(defaultDirectory, leader.phone)).toEqual({ unit: zone, contact: leader });
    expect(findContact(defaultDirectory, 'nobody')).toBeUndefined();
    expect(findContactByPhone(defaultDirectory, '+8600000000000')).toBeUndefined();
    expect(allContacts(defaultDirectory)).toHaveLength(defaultDirectory.units.length * 2);
    expect(allContacts(defaultDirectory).slice(0, 2)).toEqual([
      defaultDirectory.units[0].contacts.dutyContact,
      defaultDirectory.units[0].contacts.principalLeader,
    ]);
  });
});
