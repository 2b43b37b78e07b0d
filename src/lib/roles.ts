// Role checks for the UI, for a role that may not be known yet (still loading). The server enforces the same
// ranks (contracts/roles.ts, zod-free, so the shell can use it on the first load); the UI only stops offering
// what would be refused.
import { roleAtLeast, type Role } from '../../contracts/roles';

/** True when `role` is known and carries at least the rights of `needed`. */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return Boolean(role) && roleAtLeast(role!, needed);
}
