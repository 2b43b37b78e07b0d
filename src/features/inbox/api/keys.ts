// The inbox's query keys, under ['w', wid, 'inbox'] (src/lib/query-keys.ts): conversation lists by filter,
// conversation details, each thread's messages, and the customer the side panel shows. Queries, mutations,
// realtime handlers and prefetching all use this one factory.
import type { AssigneeFilter, Channel, ConversationStatus } from '../../../../contracts/conversations';
import { workspaceKeyFactory } from '@/lib/query-keys';

export interface ConversationFilters {
  status?: ConversationStatus;
  assigneeId?: AssigneeFilter;
  channel?: Channel;
  customerId?: string;
  q?: string;
  unread?: 'true';
}

const base = workspaceKeyFactory('inbox');

export const inboxKeys = {
  ...base,
  list: (wid: string, filters: ConversationFilters & { limit?: number }) => base.list(wid, filters),
  /**
   * Each status tab's count under the list's other filters: under the lists' key, so whatever refreshes the
   * lists (every inbox event) refreshes the counts. Without filters: every count of the workspace.
   */
  counts: (wid: string, filters?: Omit<ConversationFilters, 'status' | 'q'>) =>
    filters ? ([...base.lists(wid), 'counts', filters] as const) : ([...base.lists(wid), 'counts'] as const),
  messages: (wid: string, conversationId: string) => [...base.all(wid), 'messages', conversationId] as const,
  /** The customer of the open conversation, as the side panel shows them. */
  customer: (wid: string, customerId: string) => [...base.all(wid), 'customer', customerId] as const,
};
