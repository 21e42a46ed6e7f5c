import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapRole, type RoleMap } from './external-identity.ts';
import { USER_ROLES } from './ports.ts';

const MAP: RoleMap = { 'vigil-admins': 'admin', 'vigil-officers': 'officer', auditors: 'auditor' };

describe('mapRole', () => {
  it('maps one string or an array of groups', () => {
    expect(mapRole('vigil-officers', MAP)).toBe('officer');
    expect(mapRole(['staff', 'auditors'], MAP)).toBe('auditor');
  });

  it('gives the most privileged of several mapped roles, whatever their order', () => {
    expect(mapRole(['auditors', 'vigil-admins', 'vigil-officers'], MAP)).toBe('admin');
    expect(mapRole(['vigil-officers', 'auditors'], MAP)).toBe('officer');
  });

  it('maps nothing else: unmapped groups, other types, inherited keys', () => {
    for (const claim of [undefined, null, 42, {}, ['everyone'], [1, 2], 'toString', ['__proto__'], '']) {
      expect(mapRole(claim, MAP)).toBeNull();
    }
  });

  it('only ever answers a role some claimed group maps to', () => {
    const map = fc.dictionary(fc.string({ maxLength: 6 }), fc.constantFrom(...USER_ROLES));
    fc.assert(
      fc.property(map, fc.array(fc.string({ maxLength: 6 })), (m, groups) => {
        const role = mapRole(groups, m);
        const mapped = groups.filter((g) => Object.hasOwn(m, g)).map((g) => m[g]);
        if (role === null) expect(mapped).toEqual([]);
        else expect(mapped).toContain(role);
      }),
    );
  });
});
