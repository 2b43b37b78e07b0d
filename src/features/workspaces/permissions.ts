// What the caller's role lets them do in the workspace UI. The server enforces the same rules; the UI only
// stops offering what would be refused (API.md: "What each role may do").
import type { Member } from '../../../contracts/workspaces';
import { ROLES, roleAtLeast, type Role } from '../../../contracts/roles';

export const canRenameWorkspace = (role: Role) => roleAtLeast(role, 'admin');
export const canManageMembers = (role: Role) => roleAtLeast(role, 'admin');
export const canDeleteWorkspace = (role: Role) => role === 'owner';

/** The roles the caller may give someone: only owners hand out (or see) 'owner'. */
export function assignableRoles(role: Role): Role[] {
  if (!canManageMembers(role)) return [];
  return ROLES.filter((r) => r !== 'owner' || role === 'owner');
}

/** Whether the caller may change or remove this member (admins may not touch owners; nobody edits themselves here). */
export function canEditMember(callerRole: Role, callerId: string, member: Member): boolean {
  if (!canManageMembers(callerRole) || member.userId === callerId) return false;
  return member.role !== 'owner' || callerRole === 'owner';
}
