import { defaultDirectory, parseDirectory } from '../../functions/domain/directory';
import { ConfigurationError } from '../../functions/domain/errors';

describe('the directory of units and contacts (functions/config/units.json)', () => {
  it('the shipped directory is valid: E.164 phones, e-mail addresses, SMS-sized short names, unique contacts', () => {
    const contacts = defaultDirectory.units.flatMap((unit) => [unit.contacts.dutyContact, unit.contacts.principalLeader]);
    expect(new Set(contacts.map((contact) => contact.contactId)).size).toBe(contacts.length);
    expect(new Set(contacts.map((contact) => contact.phone)).size).toBe(contacts.length);
  });

  it('a bad phone number or e-mail address fails loudly when loaded, naming the entry', () => {
    const broken = structuredClone(defaultDirectory);
    broken.units[1].contacts.dutyContact.phone = '13800000003';
    broken.units[2].contacts.principalLeader.email = 'not-an-address';
    expect(() => parseDirectory(broken)).toThrow(ConfigurationError);
    expect(() => parseDirectory(broken)).toThrow(/units\.1\.contacts\.dutyContact\.phone: Must be an E\.164 phone number; units\.2\.contacts\.principalLeader\.email: Must be an e-mail address/);
  });
});
