// Query keys of the inbox domain (conversations, messages, customers), scoped by workspace so a realtime
// event or a reconnect can refresh exactly one workspace's data.
import type { AssigneeFilter, Channel, ConversationStatus } from '../../../../contracts/inbox';

export interface ConversationFilters {
  status?: ConversationStatus;
  assigneeId?: AssigneeFilter;
  channel?: Channel;
  customerId?: string;
  q?: string;
}

export interface CustomerFilters {
  q?: string;
  tag?: string;
}

export const inboxKeys = {
  all: (wid: string) => ['inbox', wid] as const,
  lists: (wid: string) => [...inboxKeys.all(wid), 'list'] as const,
  list: (wid: string, filters: ConversationFilters & { limit?: number }) => [...inboxKeys.lists(wid), filters] as const,
  /** Derived figures (dashboard) that lists' invalidation refreshes too. */
  stats: (wid: string, name: string) => [...inboxKeys.lists(wid), 'stats', name] as const,
  details: (wid: string) => [...inboxKeys.all(wid), 'detail'] as const,
  detail: (wid: string, id: string) => [...inboxKeys.details(wid), id] as const,
  messages: (wid: string, conversationId: string) => [...inboxKeys.all(wid), 'messages', conversationId] as const,
};

export const customerKeys = {
  all: (wid: string) => ['customers', wid] as const,
  lists: (wid: string) => [...customerKeys.all(wid), 'list'] as const,
  list: (wid: string, filters: CustomerFilters) => [...customerKeys.lists(wid), filters] as const,
  details: (wid: string) => [...customerKeys.all(wid), 'detail'] as const,
  detail: (wid: string, id: string) => [...customerKeys.details(wid), id] as const,
};

export const workspacePath = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`;

/** Drops empty filters so `?q=` never reaches the API and equal filters share one cache entry. */
export function cleanFilters<F extends object>(filters: F): F {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') clean[key] = value;
  return clean as F;
}
