import {
  actorOf,
  canActFor,
  principalFromClaims,
  requireRole,
  requireUnitAccess,
  ROLE_CLAIM,
  ROLES,
  UNIT_CLAIM,
  type Principal,
} from '../../functions/domain/access';
import { ForbiddenError, UnauthenticatedError } from '../../functions/domain/errors';

const reporter: Principal = { subject: 'u-1', role: 'reporter', unitId: 'gaosheng-zone' };
const dutyOfficer: Principal = { subject: 'd-1', role: 'duty-officer' };
const admin: Principal = { subject: 'a-1', role: 'admin' };

describe('access (README "Security model")', () => {
  it('R-AUDIT: the principal is read from the verified claims: subject, role and, for a reporter, its unit', () => {
    // Act
    const fromReporter = principalFromClaims({ sub: 'u-1', [ROLE_CLAIM]: 'reporter', [UNIT_CLAIM]: 'gaosheng-zone' });
    const fromDutyOfficer = principalFromClaims({ sub: 'd-1', [ROLE_CLAIM]: 'duty-officer' });
    const withEmptyUnit = principalFromClaims({ sub: 'a-1', [ROLE_CLAIM]: 'admin', [UNIT_CLAIM]: '' });
    // Assess
    expect(ROLE_CLAIM).toBe('custom:role');
    expect(UNIT_CLAIM).toBe('custom:unitId');
    expect(fromReporter).toEqual(reporter);
    expect(fromDutyOfficer).toEqual(dutyOfficer);
    expect(withEmptyUnit).toEqual(admin);
    expect(Object.keys(withEmptyUnit)).not.toContain('unitId');
    expect(Object.keys(fromDutyOfficer)).not.toContain('unitId');
    expect(principalFromClaims({ sub: 'a-1', [ROLE_CLAIM]: 'admin', [UNIT_CLAIM]: 7 })).toStrictEqual(admin);
  });

  it('no claims, no subject, an unknown role, or a reporter without a unit is unauthenticated, and says why', () => {
    // Prepare
    const refusal = (claims: Record<string, unknown> | undefined) => {
      try {
        principalFromClaims(claims);
      } catch (error) {
        expect(error).toBeInstanceOf(UnauthenticatedError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    // Act, Assess
    expect(refusal(undefined)).toBe('Send Authorization: Bearer <token>');
    expect(refusal({ [ROLE_CLAIM]: 'duty-officer' })).toBe('The token has no subject');
    expect(refusal({ sub: '', [ROLE_CLAIM]: 'duty-officer' })).toBe('The token has no subject');
    expect(refusal({ sub: 42, [ROLE_CLAIM]: 'duty-officer' })).toBe('The token has no subject');
    expect(refusal({ sub: 'u-1', [ROLE_CLAIM]: 'mayor' })).toBe(`The token names no known role (${ROLES.join(', ')})`);
    expect(refusal({ sub: 'u-1', [ROLE_CLAIM]: ['reporter'] })).toContain('no known role');
    expect(refusal({ sub: 'u-1', [ROLE_CLAIM]: 'reporter' })).toBe('A reporter token must name its unit');
    expect(refusal({ sub: 'u-1', [ROLE_CLAIM]: 'reporter', [UNIT_CLAIM]: '' })).toBe(
      'A reporter token must name its unit',
    );
    expect(refusal({ sub: 'u-1', [ROLE_CLAIM]: 'reporter', [UNIT_CLAIM]: 7 })).toBe(
      'A reporter token must name its unit',
    );
  });

  it("a role outside the route's roles is forbidden, naming the role and what is allowed", () => {
    // Act, Assess
    expect(() => requireRole(dutyOfficer, ['duty-officer', 'admin'])).not.toThrow();
    expect(() => requireRole(reporter, ['duty-officer', 'admin'])).toThrow(
      new ForbiddenError('Role reporter may not do this (allowed: duty-officer, admin)'),
    );
  });

  it('a reporter acts only for its own unit, the duty office for every unit, an admin for none', () => {
    // Act, Assess
    expect(canActFor(reporter, 'gaosheng-zone')).toBe(true);
    expect(canActFor(reporter, 'example-town-a')).toBe(false);
    expect(canActFor(dutyOfficer, 'example-town-a')).toBe(true);
    expect(canActFor(admin, 'gaosheng-zone')).toBe(false);
    // A unitless principal that is not a reporter never matches a unit by accident.
    expect(canActFor({ subject: 'a-2', role: 'admin', unitId: 'gaosheng-zone' }, 'gaosheng-zone')).toBe(false);
  });

  it('a first report for another unit is forbidden, and the refusal says whose unit it is', () => {
    // Act, Assess
    expect(() => requireUnitAccess(reporter, 'gaosheng-zone')).not.toThrow();
    expect(() => requireUnitAccess(dutyOfficer, 'gaosheng-zone')).not.toThrow();
    expect(() => requireUnitAccess(reporter, 'example-town-a')).toThrow(
      new ForbiddenError('A reporter of gaosheng-zone may not file for example-town-a'),
    );
    expect(() => requireUnitAccess(admin, 'gaosheng-zone')).toThrow(
      new ForbiddenError('Role admin has no access to incidents'),
    );
  });

  it("R-AUDIT: the actor names the role, the reporter's unit and the subject", () => {
    // Act, Assess
    expect(actorOf(reporter)).toBe('reporter:gaosheng-zone:u-1');
    expect(actorOf(dutyOfficer)).toBe('duty-officer:d-1');
    expect(actorOf({ subject: 'a-1', role: 'admin', unitId: 'gaosheng-zone' })).toBe('admin:a-1');
  });
});
