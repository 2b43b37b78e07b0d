// What the caller's role lets them do with inbox data. The server enforces the same rules; the UI only stops
// offering what would be refused (API.md: viewer reads; agent writes; admin also deletes records).
import { useQuery } from '@tanstack/react-query';
import { roleAtLeast, type Role } from '../../../contracts/roles';
import { workspaceQueryOptions } from '@/features/workspaces/api';

export const canWriteInbox = (role: Role | undefined) => Boolean(role && roleAtLeast(role, 'agent'));
export const canDeleteRecords = (role: Role | undefined) => Boolean(role && roleAtLeast(role, 'admin'));

/** The caller's role in the workspace (the workspace gate has loaded it already). */
export function useWorkspaceRole(wid: string): Role | undefined {
  return useQuery(workspaceQueryOptions(wid)).data?.role;
}
