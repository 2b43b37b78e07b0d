// Role ranks for the UI (owner > admin > agent > viewer), without contracts/roles' zod schema: the shell and
// the feature manifests check roles and must not pull zod into the first load. The server enforces the same
// ranks; the UI only stops offering what would be refused.
import type { Role } from '../../contracts/roles';

const RANK: Record<Role, number> = { owner: 4, admin: 3, agent: 2, viewer: 1 };

/** True when `role` is known and carries at least the rights of `needed`. */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return Boolean(role) && RANK[role!] >= RANK[needed];
}
