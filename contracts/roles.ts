import { z } from 'zod';

export const ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { owner: 4, admin: 3, agent: 2, viewer: 1 };

/** True when `role` carries at least the rights of `needed` (owner > admin > agent > viewer). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
