/**
 * Single sign-on's pure half: which Vigil role a provider's role claim maps to. The OpenID exchange itself is the oidc adapter's; the service
 * (UserService.signInExternal) only ever sees an issuer, a subject and the mapped role.
 */
import type { UserRole } from './ports.ts';

/** Claim value (a group or role name at the provider) → Vigil role. */
export type RoleMap = Readonly<Record<string, UserRole>>;

/** The most privileged first: a person in several mapped groups gets the highest of their roles. */
const PRECEDENCE: readonly UserRole[] = ['admin', 'officer', 'technician', 'auditor', 'staff'];

/**
 * The role a claim value maps to: the claim may be one string or an array of strings (groups);
 * anything else, or values none of which is mapped, map to null (the sign-in is refused).
 */
export function mapRole(claim: unknown, map: RoleMap): UserRole | null {
  const values = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const roles = new Set<UserRole>();
  for (const v of values) {
    if (typeof v !== 'string' || !Object.hasOwn(map, v)) continue;
    const role = map[v];
    if (role !== undefined) roles.add(role);
  }
  return PRECEDENCE.find((r) => roles.has(r)) ?? null;
}
