import { ForbiddenError, UnauthenticatedError } from './errors';

/**
 * Who may do what (README "Security model"):
 * - `reporter`: bound to one unit; reads and files only for that unit's incidents;
 * - `duty-officer`: the county duty office; every incident, verification requests,
 *   instructions, spot checks and evaluation;
 * - `admin`: the directory of units and contacts; no incident data.
 */
export const ROLES = ['reporter', 'duty-officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The JWT claims that carry the role and the unit (Cognito custom attributes, and the local tokens alike). */
export const ROLE_CLAIM = 'custom:role';
export const UNIT_CLAIM = 'custom:unitId';

/** The authenticated caller. */
export interface Principal {
  subject: string;
  role: Role;
  /** Set for reporters: the one unit they act for. */
  unitId?: string;
}

/**
 * The principal in a verified token's claims (API Gateway's JWT authorizer, or the local
 * runtime, has already checked the signature, issuer, audience and expiry).
 *
 * @throws {UnauthenticatedError} when there are no claims, or they name no known role, or a reporter without a unit.
 * @example
 * ```ts
 * principalFromClaims({ sub: 'u-1', 'custom:role': 'reporter', 'custom:unitId': 'gaosheng-zone' });
 * // { subject: 'u-1', role: 'reporter', unitId: 'gaosheng-zone' }
 * ```
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  if (!claims) throw new UnauthenticatedError();
  const subject = claims.sub;
  const role = claims[ROLE_CLAIM];
  const unitId = claims[UNIT_CLAIM];
  if (typeof subject !== 'string' || subject === '') throw new UnauthenticatedError('The token has no subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw new UnauthenticatedError(`The token names no known role (${ROLES.join(', ')})`);
  if (role === 'reporter' && (typeof unitId !== 'string' || unitId === ''))
    throw new UnauthenticatedError('A reporter token must name its unit');
  return { subject, role: role as Role, ...(typeof unitId === 'string' && unitId !== '' ? { unitId } : {}) };
}

/** @throws {ForbiddenError} unless the principal has one of the roles. */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role))
    throw new ForbiddenError(`Role ${principal.role} may not do this (allowed: ${roles.join(', ')})`);
}

/** A reporter acts only for its own unit; the duty office for every unit; an admin for none. */
export function canActFor(principal: Principal, unitId: string): boolean {
  return principal.role === 'duty-officer' || (principal.role === 'reporter' && principal.unitId === unitId);
}

/**
 * For what the caller names itself (the unit a first report is filed for): 403 when it may not.
 * What the caller reaches by ID (an incident, a spot check) is answered 404 instead, like an ID
 * that does not exist (`api/incident-guards.ts`).
 * @throws {ForbiddenError} unless the principal may act for the unit.
 */
export function requireUnitAccess(principal: Principal, unitId: string): void {
  if (canActFor(principal, unitId)) return;
  throw new ForbiddenError(
    principal.role === 'reporter'
      ? `A reporter of ${principal.unitId} may not file for ${unitId}`
      : `Role ${principal.role} has no access to incidents`,
  );
}

/**
 * The actor an audit event records (R-AUDIT): role, unit and subject.
 *
 * @example
 * ```ts
 * actorOf({ subject: 'u-1', role: 'reporter', unitId: 'gaosheng-zone' }); // 'reporter:gaosheng-zone:u-1'
 * ```
 */
export function actorOf(principal: Principal): string {
  return principal.role === 'reporter'
    ? `reporter:${principal.unitId}:${principal.subject}`
    : `${principal.role}:${principal.subject}`;
}
