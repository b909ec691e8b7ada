import { requireUnit } from '../../functions/domain/directory';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy, type ReportingPolicy } from '../../functions/domain/policy';
import {
  immediateNotifications,
  ladderRecipients,
  requiresDirectCityReport,
  withDualReporting,
} from '../../functions/domain/routing';

const routed = (incident: Parameters<typeof immediateNotifications>[0]) =>
  immediateNotifications(incident, defaultPolicy, defaultDirectory)
    .map((notification) => `${notification.unitId}:${notification.reasons.join('+')}`)
    .sort();

describe('routing', () => {
  it('R-DIRECT-CITY: the highest severity, or casualties at the configured thresholds, go to the city at once', () => {
    expect(
      requiresDirectCityReport(
        { unitId: 'gaosheng-zone', category: 'fire', severity: 'especially-major' },
        defaultPolicy,
      ),
    ).toBe(true);
    expect(
      requiresDirectCityReport(
        {
          unitId: 'gaosheng-zone',
          category: 'fire',
          severity: 'general',
          casualties: { deaths: 3, injured: 0, missing: 0 },
        },
        defaultPolicy,
      ),
    ).toBe(true);
    expect(
      requiresDirectCityReport(
        {
          unitId: 'gaosheng-zone',
          category: 'fire',
          severity: 'general',
          casualties: { deaths: 0, injured: 10, missing: 0 },
        },
        defaultPolicy,
      ),
    ).toBe(true);
    expect(
      requiresDirectCityReport(
        {
          unitId: 'gaosheng-zone',
          category: 'fire',
          severity: 'major',
          casualties: { deaths: 2, injured: 9, missing: 2 },
        },
        defaultPolicy,
      ),
    ).toBe(false);
  });

  it('R-DIRECT-CITY: each casualty threshold counts on its own, from exactly the configured number (missing: 2 stays with the county, 3 goes to the city)', () => {
    // Prepare: an incident the city would not hear of but for its casualties
    const { deathsAtLeast, injuredAtLeast, missingAtLeast } = defaultPolicy.routing.directCity;
    const withCasualties = (casualties: { deaths: number; injured: number; missing: number }) =>
      requiresDirectCityReport(
        { unitId: 'gaosheng-zone', category: 'fire', severity: 'general', casualties },
        defaultPolicy,
      );
    // Act, Assess: one below each threshold alone is not enough; the threshold itself is
    expect(missingAtLeast).toBe(3);
    expect(withCasualties({ deaths: 0, injured: 0, missing: missingAtLeast - 1 })).toBe(false);
    expect(withCasualties({ deaths: 0, injured: 0, missing: missingAtLeast })).toBe(true);
    expect(withCasualties({ deaths: deathsAtLeast - 1, injured: 0, missing: 0 })).toBe(false);
    expect(withCasualties({ deaths: deathsAtLeast, injured: 0, missing: 0 })).toBe(true);
    expect(withCasualties({ deaths: 0, injured: injuredAtLeast - 1, missing: 0 })).toBe(false);
    expect(withCasualties({ deaths: 0, injured: injuredAtLeast, missing: 0 })).toBe(true);
    // …and the city is then told at once, with both county offices
    expect(
      routed({
        unitId: 'example-town-a',
        category: 'earthquake',
        severity: 'general',
        casualties: { deaths: 0, injured: 0, missing: missingAtLeast },
      }),
    ).toEqual([
      'city-gov-duty-office:R-DIRECT-CITY',
      'county-gov-duty-office:R-DIRECT-CITY',
      'county-party-duty-office:R-DUAL',
    ]);
    expect(
      routed({
        unitId: 'example-town-a',
        category: 'earthquake',
        severity: 'general',
        casualties: { deaths: 0, injured: 0, missing: missingAtLeast - 1 },
      }),
    ).toEqual([]);
  });

  it('R-DIRECT-CITY: the thresholds are read from the policy, not fixed in code', () => {
    // Prepare: a county that sends 2 missing to the city already
    const stricter: ReportingPolicy = {
      ...defaultPolicy,
      routing: { ...defaultPolicy.routing, directCity: { ...defaultPolicy.routing.directCity, missingAtLeast: 2 } },
    };
    const twoMissing = {
      unitId: 'gaosheng-zone',
      category: 'fire',
      severity: 'general' as const,
      casualties: { deaths: 0, injured: 0, missing: 2 },
    };
    // Act, Assess
    expect(requiresDirectCityReport(twoMissing, defaultPolicy)).toBe(false);
    expect(requiresDirectCityReport(twoMissing, stricter)).toBe(true);
  });

  it('R-DIRECT-CITY, R-DUAL: the city and county government duty offices, and always the county party committee beside the county government', () => {
    expect(routed({ unitId: 'example-town-a', category: 'earthquake', severity: 'especially-major' })).toEqual([
      'city-gov-duty-office:R-DIRECT-CITY',
      'county-gov-duty-office:R-DIRECT-CITY',
      'county-party-duty-office:R-DUAL',
    ]);
  });

  it('R-ENTERPRISE, R-HORIZONTAL, R-DUAL: a hazardous-chemical enterprise tells its local government and the county at once, and its industry authority', () => {
    expect(
      routed({ unitId: 'example-chemical-enterprise', category: 'hazardous-chemicals', severity: 'general' }),
    ).toEqual([
      'county-environment:R-HORIZONTAL',
      'county-gov-duty-office:R-ENTERPRISE',
      'county-party-duty-office:R-DUAL',
      'county-work-safety:R-HORIZONTAL',
      'gaosheng-zone:R-ENTERPRISE',
    ]);
  });

  it('R-ENTERPRISE: an ordinary enterprise tells its local government and industry authority, not the county duty office', () => {
    expect(routed({ unitId: 'example-food-enterprise', category: 'food-safety', severity: 'general' })).toEqual([
      'county-health:R-HORIZONTAL',
      'example-town-a:R-ENTERPRISE',
    ]);
  });

  it('R-HORIZONTAL: a category tells its departments, never the reporting unit itself', () => {
    expect(routed({ unitId: 'county-public-security', category: 'fire', severity: 'general' })).toEqual([]);
    expect(routed({ unitId: 'example-town-a', category: 'flood', severity: 'general' })).toEqual([
      'county-water:R-HORIZONTAL',
    ]);
  });

  it("R-LADDER, R-DUAL: the county step reaches both duty offices and the county leadership; an enterprise's local-government step its town", () => {
    const zone = requireUnit(defaultDirectory, 'gaosheng-zone');
    expect(ladderRecipients('county-duty-offices-and-leadership', zone, defaultPolicy)).toEqual([
      { unitId: 'county-gov-duty-office', role: 'dutyContact' },
      { unitId: 'county-gov-duty-office', role: 'principalLeader' },
      { unitId: 'county-party-duty-office', role: 'dutyContact' },
      { unitId: 'county-party-duty-office', role: 'principalLeader' },
    ]);
    expect(
      ladderRecipients('local-government', requireUnit(defaultDirectory, 'example-chemical-enterprise'), defaultPolicy),
    ).toEqual([
      { unitId: 'gaosheng-zone', role: 'dutyContact' },
      { unitId: 'gaosheng-zone', role: 'principalLeader' },
    ]);
    expect(ladderRecipients('unit-principal-leader', zone, defaultPolicy)).toEqual([
      { unitId: 'gaosheng-zone', role: 'principalLeader' },
    ]);
  });

  it('every unit the routing configuration names is in the directory', () => {
    const named = [
      ...defaultPolicy.routing.directCity.notifyUnits,
      ...defaultPolicy.routing.enterprise.notifyUnits,
      defaultPolicy.routing.dual.countyGovernmentDutyOffice,
      defaultPolicy.routing.dual.countyPartyDutyOffice,
      ...Object.values(defaultPolicy.routing.horizontal.departmentsByCategory).flat(),
      ...defaultDirectory.units.flatMap((unit) =>
        unit.enterprise ? [unit.enterprise.localGovernmentUnitId, ...unit.enterprise.industryAuthorityUnitIds] : [],
      ),
    ];
    for (const unitId of named) expect(() => requireUnit(defaultDirectory, unitId)).not.toThrow();
  });

  it('R-DUAL: the party committee office is added once per role beside the county government office, never twice, and tagged as the caller asks', () => {
    // Prepare
    const { countyGovernmentDutyOffice: government, countyPartyDutyOffice: party } = defaultPolicy.routing.dual;
    const tag = (recipient: { unitId: string; role: 'dutyContact' | 'principalLeader'; why?: string }) => ({
      ...recipient,
      why: 'R-DUAL',
    });
    // Act
    const added = withDualReporting([{ unitId: government, role: 'dutyContact' as const }], defaultPolicy, tag);
    const alreadyThere = withDualReporting(
      [
        { unitId: government, role: 'dutyContact' as const },
        { unitId: party, role: 'dutyContact' as const },
      ],
      defaultPolicy,
      tag,
    );
    const otherRole = withDualReporting(
      [
        { unitId: government, role: 'principalLeader' as const },
        { unitId: party, role: 'dutyContact' as const },
      ],
      defaultPolicy,
    );
    // Assess
    expect(added).toEqual([
      { unitId: government, role: 'dutyContact' },
      { unitId: party, role: 'dutyContact', why: 'R-DUAL' },
    ]);
    expect(alreadyThere).toEqual([
      { unitId: government, role: 'dutyContact' },
      { unitId: party, role: 'dutyContact' },
    ]);
    expect(otherRole).toEqual([
      { unitId: government, role: 'principalLeader' },
      { unitId: party, role: 'dutyContact' },
      { unitId: party, role: 'principalLeader' },
    ]);
    expect(withDualReporting([{ unitId: 'gaosheng-zone', role: 'dutyContact' as const }], defaultPolicy)).toEqual([
      { unitId: 'gaosheng-zone', role: 'dutyContact' },
    ]);
  });

  it('R-DIRECT-CITY, R-ENTERPRISE: a unit told for two reasons is told once, to its duty contact, with both reasons in order', () => {
    // Prepare: a hazardous-chemical enterprise's especially major incident: the county office is told for the city rule
    // and the enterprise rule
    const incident = {
      unitId: 'example-chemical-enterprise',
      category: 'hazardous-chemicals',
      severity: 'especially-major' as const,
    };
    // Act
    const notifications = immediateNotifications(incident, defaultPolicy, defaultDirectory);
    // Assess
    const county = notifications.filter(
      (notification) => notification.unitId === defaultPolicy.routing.dual.countyGovernmentDutyOffice,
    );
    expect(county).toEqual([
      {
        unitId: defaultPolicy.routing.dual.countyGovernmentDutyOffice,
        role: 'dutyContact',
        reasons: ['R-DIRECT-CITY', 'R-ENTERPRISE'],
      },
    ]);
    expect(notifications.every((notification) => notification.role === 'dutyContact')).toBe(true);
    expect(new Set(notifications.map((notification) => notification.unitId)).size).toBe(notifications.length);
  });

  it("R-LADDER: step 1 is the unit's own duty contact; a unit that reports to no local government goes to the county at the local-government step", () => {
    // Prepare
    const town = requireUnit(defaultDirectory, 'example-town-a');
    // Act, Assess
    expect(ladderRecipients('unit-duty-contact', town, defaultPolicy)).toEqual([
      { unitId: 'example-town-a', role: 'dutyContact' },
    ]);
    expect(ladderRecipients('local-government', town, defaultPolicy)).toEqual(
      ladderRecipients('county-duty-offices-and-leadership', town, defaultPolicy),
    );
    expect(ladderRecipients('local-government', town, defaultPolicy)).toHaveLength(4);
  });
});
