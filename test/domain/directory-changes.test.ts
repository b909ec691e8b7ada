import { defaultDirectory } from '../../functions/domain/default-directory';
import {
  applyDirectoryChange,
  changesSomething,
  unitProblems,
  withUnit,
} from '../../functions/domain/directory-changes';
import { findUnit, requireActiveUnit, type Unit } from '../../functions/domain/directory';
import {
  DirectoryChangeRefusedError,
  DirectoryConflictError,
  DocumentNotFoundError,
  UnknownReferenceError,
} from '../../functions/domain/errors';

const unit = (unitId: string): Unit => structuredClone(findUnit(defaultDirectory, unitId)!);

describe('issue 15: deciding a change of the directory (functions/domain/directory-changes.ts)', () => {
  it('the shipped directory is a tree (属地管理): enterprises under their town or zone, the rest under the county duty office', () => {
    // Assess
    expect(defaultDirectory.units.flatMap((each) => unitProblems(defaultDirectory, each))).toEqual([]);
    expect(unit('example-chemical-enterprise').parentUnitId).toBe('gaosheng-zone');
    expect(unit('gaosheng-zone').parentUnitId).toBe('county-gov-duty-office');
    expect(unit('county-gov-duty-office').parentUnitId).toBeUndefined();
  });

  it('a parent beneath the unit makes a cycle, named with its path; two steps up as well', () => {
    // Prepare: town-a → zone → county; then the county under town-a's enterprise
    const directory = withUnit(defaultDirectory, { ...unit('example-town-a'), parentUnitId: 'gaosheng-zone' });
    const county = { ...unit('county-gov-duty-office'), parentUnitId: 'example-food-enterprise' };
    // Act
    const act = () => applyDirectoryChange(directory, { kind: 'unit-updated', unit: county });
    // Assess
    expect(act).toThrow(DirectoryChangeRefusedError);
    expect(act).toThrow(
      'Would make a cycle in the unit tree: county-gov-duty-office → example-food-enterprise → example-town-a → gaosheng-zone → county-gov-duty-office',
    );
  });

  it('a contact ID used twice in a unit, or another unit’s, is named by its field', () => {
    // Prepare
    const zone = unit('gaosheng-zone');
    zone.staff = [
      { ...zone.contacts.dutyContact, role: 'staff' },
      { ...unit('example-town-a').contacts.principalLeader, role: 'staff' },
    ];
    // Act
    const problems = unitProblems(defaultDirectory, zone);
    // Assess
    expect(problems).toEqual([
      { field: 'staff.0.contactId', message: 'Contact ID "gaosheng-zone.duty" is used twice in this unit' },
      { field: 'staff.1.contactId', message: 'Contact ID "example-town-a.leader" belongs to unit "example-town-a"' },
    ]);
  });

  it('saving a standing contact keeps its role; any other contact becomes staff; a standing one is never removed', () => {
    // Act
    const standing = applyDirectoryChange(defaultDirectory, {
      kind: 'contact-saved',
      unitId: 'gaosheng-zone',
      contactId: 'gaosheng-zone.leader',
      contact: { name: '新主任', role: 'staff', phone: '+8613900000001', locale: 'zh-CN' },
    });
    const staff = applyDirectoryChange(defaultDirectory, {
      kind: 'contact-saved',
      unitId: 'gaosheng-zone',
      contactId: 'gaosheng-zone.night',
      contact: { name: '夜班', phone: '+8613900000002', locale: 'zh-CN' },
    });
    // Assess
    expect(standing.after.contacts.principalLeader).toEqual({
      contactId: 'gaosheng-zone.leader',
      name: '新主任',
      role: 'principal-leader',
      phone: '+8613900000001',
      locale: 'zh-CN',
    });
    expect(staff.after.staff).toEqual([
      { contactId: 'gaosheng-zone.night', name: '夜班', role: 'staff', phone: '+8613900000002', locale: 'zh-CN' },
    ]);
    expect(() =>
      applyDirectoryChange(defaultDirectory, {
        kind: 'contact-removed',
        unitId: 'gaosheng-zone',
        contactId: 'gaosheng-zone.duty',
      }),
    ).toThrow(DirectoryConflictError);
    expect(() =>
      applyDirectoryChange(defaultDirectory, { kind: 'contact-removed', unitId: 'gaosheng-zone', contactId: 'nobody' }),
    ).toThrow(DocumentNotFoundError);
  });

  it('the same unit, its fields in another order (as DynamoDB returns them), changes nothing; another unit under a taken ID conflicts', () => {
    // Prepare
    const zone = unit('gaosheng-zone');
    const reordered = Object.fromEntries(Object.entries(zone).reverse()) as unknown as Unit;
    // Act
    const same = applyDirectoryChange(withUnit(defaultDirectory, reordered), { kind: 'unit-created', unit: zone });
    // Assess
    expect(changesSomething(same)).toBe(false);
    expect(() =>
      applyDirectoryChange(defaultDirectory, { kind: 'unit-created', unit: { ...zone, example: !zone.example } }),
    ).toThrow(DirectoryConflictError);
  });

  it('a deactivated unit keeps its history but takes nothing new; a unit update leaves it deactivated', () => {
    // Act
    const { after } = applyDirectoryChange(defaultDirectory, {
      kind: 'unit-deactivated',
      unitId: 'example-town-b',
      at: '2026-12-02T02:00:00.000Z',
    });
    const directory = withUnit(defaultDirectory, after);
    const updated = applyDirectoryChange(directory, { kind: 'unit-updated', unit: unit('example-town-b') });
    // Assess
    expect(after.deactivatedAt).toBe('2026-12-02T02:00:00.000Z');
    expect(updated.after.deactivatedAt).toBe('2026-12-02T02:00:00.000Z');
    expect(() => requireActiveUnit(directory, 'example-town-b')).toThrow(UnknownReferenceError);
    expect(() => requireActiveUnit(directory, 'example-town-b')).toThrow('Unit "example-town-b" is deactivated');
    expect(findUnit(directory, 'example-town-b')).toBeDefined();
  });
});
