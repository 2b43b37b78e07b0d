// What the caller's role lets them do with inbox data. The server enforces the same rules; the UI only stops
// offering what would be refused (API.md: viewer reads; agent writes; admin also deletes records).
import type { Role } from '../../../contracts/roles';
import { hasRole } from '@/lib/roles';

export const canWriteInbox = (role: Role | undefined) => hasRole(role, 'agent');
export const canDeleteConversations = (role: Role | undefined) => hasRole(role, 'admin');
