import { findUnit, requireUnit, type ContactRole, type Directory, type Unit } from './directory';
import type { Casualties, Severity } from './incident';
import type { LadderAudience, ReportingPolicy } from './policy';

/** Why a unit is told about an incident at once. */
export const ROUTING_REASONS = ['R-DIRECT-CITY', 'R-DUAL', 'R-ENTERPRISE', 'R-HORIZONTAL'] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

/** One contact of one unit a message goes to. */
export interface Recipient {
  unitId: string;
  role: ContactRole;
}

/** A unit told about an incident the moment it is reported, and why. */
export interface ImmediateNotification extends Recipient {
  reasons: RoutingReason[];
}

/** What routing needs to know about an incident. */
export interface RoutedIncident {
  unitId: string;
  category: string;
  severity: Severity;
  casualties?: Casualties;
}

/**
 * R-DIRECT-CITY: the highest severity, or casualties at or over the configured thresholds
 * ("群死群伤"), go to the city government duty office at once.
 */
export function requiresDirectCityReport(incident: RoutedIncident, policy: ReportingPolicy): boolean {
  const rule = policy.routing.directCity;
  const casualties = incident.casualties;
  return (
    rule.severities.includes(incident.severity) ||
    (casualties !== undefined &&
      (casualties.deaths >= rule.deathsAtLeast ||
        casualties.injured >= rule.injuredAtLeast ||
        casualties.missing >= rule.missingAtLeast))
  );
}

/**
 * R-DUAL: whoever at the county government duty office gets a message, the same role at the
 * county party committee duty office gets it too — two recipient groups, always together.
 */
export function withDualReporting<T extends Recipient>(
  recipients: T[],
  policy: ReportingPolicy,
  tag: (recipient: T) => T = (recipient) => recipient,
): T[] {
  const { countyGovernmentDutyOffice, countyPartyDutyOffice } = policy.routing.dual;
  const result = [...recipients];
  for (const recipient of recipients) {
    if (recipient.unitId !== countyGovernmentDutyOffice) continue;
    if (result.some((other) => other.unitId === countyPartyDutyOffice && other.role === recipient.role)) continue;
    result.push(tag({ ...recipient, unitId: countyPartyDutyOffice }));
  }
  return result;
}

/**
 * Who is told about a new incident at once, besides the county duty office that receives
 * every report: R-DIRECT-CITY (city and county government duty offices), R-ENTERPRISE (an
 * enterprise's local government, and the county government duty office for hazardous-chemical
 * or flammable/explosive enterprises), R-HORIZONTAL (the departments responsible for the
 * category, an enterprise's industry authority), then R-DUAL (the county party committee duty
 * office beside the county government's). The reporting unit itself is never on the list.
 *
 * @example
 * ```ts
 * immediateNotifications({ unitId: 'example-chemical-enterprise', category: 'hazardous-chemicals', severity: 'general'
 * },
 *   defaultPolicy, defaultDirectory).map((n) => `${n.unitId}:${n.reasons.join('+')}`);
 * // ['gaosheng-zone:R-ENTERPRISE', 'county-gov-duty-office:R-ENTERPRISE', 'county-work-safety:R-HORIZONTAL', …,
 * 'county-party-duty-office:R-DUAL']
 * ```
 */
export function immediateNotifications(
  incident: RoutedIncident,
  policy: ReportingPolicy,
  directory: Directory,
): ImmediateNotification[] {
  const unit = requireUnit(directory, incident.unitId);
  const notifications: ImmediateNotification[] = [];
  const add = (unitId: string, reason: RoutingReason) => {
    if (unitId === unit.unitId || !findUnit(directory, unitId)) return;
    const existing = notifications.find((notification) => notification.unitId === unitId);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    notifications.push({ unitId, role: 'dutyContact', reasons: [reason] });
  };
  if (requiresDirectCityReport(incident, policy))
    for (const unitId of policy.routing.directCity.notifyUnits) add(unitId, 'R-DIRECT-CITY');
  if (unit.enterprise) {
    add(unit.enterprise.localGovernmentUnitId, 'R-ENTERPRISE');
    if (unit.enterprise.hazardFlags.some((flag) => policy.routing.enterprise.hazardFlags.includes(flag))) {
      for (const unitId of policy.routing.enterprise.notifyUnits) add(unitId, 'R-ENTERPRISE');
    }
    for (const unitId of unit.enterprise.industryAuthorityUnitIds) add(unitId, 'R-HORIZONTAL');
  }
  for (const unitId of policy.routing.horizontal.departmentsByCategory[incident.category] ?? [])
    add(unitId, 'R-HORIZONTAL');
  return withDualReporting(notifications, policy, (recipient) => ({ ...recipient, reasons: ['R-DUAL'] }));
}

/**
 * R-LADDER: the contacts a ladder step's audience means for the unit that owes the document.
 * The county step always includes the county party committee duty office (R-DUAL).
 */
export function ladderRecipients(audience: LadderAudience, unit: Unit, policy: ReportingPolicy): Recipient[] {
  switch (audience) {
    case 'unit-duty-contact':
      return [{ unitId: unit.unitId, role: 'dutyContact' }];
    case 'unit-principal-leader':
      return [{ unitId: unit.unitId, role: 'principalLeader' }];
    case 'local-government':
      // A unit that reports to no local government goes straight to the county at this step.
      return unit.enterprise
        ? [
            { unitId: unit.enterprise.localGovernmentUnitId, role: 'dutyContact' },
            { unitId: unit.enterprise.localGovernmentUnitId, role: 'principalLeader' },
          ]
        : ladderRecipients('county-duty-offices-and-leadership', unit, policy);
    case 'county-duty-offices-and-leadership': {
      const office = policy.routing.dual.countyGovernmentDutyOffice;
      return withDualReporting(
        [
          { unitId: office, role: 'dutyContact' },
          { unitId: office, role: 'principalLeader' },
        ],
        policy,
      );
    }
  }
}
