// Workspace roles and their ranks, without zod: the kernel's role check and the SPA's shell use them at start
// (the role schema is in contracts/common.ts).

export const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 4, admin: 3, agent: 2, viewer: 1 };

/** True when `role` carries at least the rights of `needed` (owner > admin > agent > viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
