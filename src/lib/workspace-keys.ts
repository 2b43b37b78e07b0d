// The keys of the workspace context (src/lib/workspace.ts), apart from its queries so that realtime handlers
// in the first load can name them without loading React Query's observers.
import { workspaceKeyFactory, workspaceListScope } from './query-keys';

const keys = workspaceKeyFactory('workspaces');

export const workspaceKeys = {
  /** ['workspaces', …]: the caller's workspaces. */
  lists: () => workspaceListScope,
  list: (query: { limit: number }) => [...workspaceListScope, query] as const,
  /** ['w', wid, 'workspaces']: the workspace itself (with the caller's role) and its members. */
  all: keys.all,
  detail: (wid: string) => [...keys.all(wid), 'detail'] as const,
  members: (wid: string) => [...keys.all(wid), 'members'] as const,
};
