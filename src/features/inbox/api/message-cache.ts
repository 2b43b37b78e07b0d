// Pure updates of a thread's cached pages (newest first, as the API pages them). Every path that adds a
// message (optimistic send, the server's answer, a realtime event, a refetch) goes through these, and they
// de-duplicate by id, so a message is shown once whatever order those arrive in.
import type { InfiniteData } from '@tanstack/react-query';
import type { ListResponse } from '../../../../contracts/common';
import type { Message } from '../../../../contracts/conversations';

/** A message as the thread shows it: `pending` while an optimistic send waits for the server. */
export type ThreadMessage = Message & { pending?: boolean };
export type ThreadPages = InfiniteData<ListResponse<ThreadMessage>>;

const newestFirst = (a: ThreadMessage, b: ThreadMessage) => {
  // Pending messages were written last; they stay at the bottom until the server answers.
  if (a.pending !== b.pending) return a.pending ? -1 : 1;
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id);
};

function contains(data: ThreadPages, id: string): boolean {
  return data.pages.some((page) => page.data.some((m) => m.id === id));
}

/** Adds `message` (or replaces the copy with the same id). No cache yet: nothing to do (a fetch will bring it). */
export function upsertMessage(data: ThreadPages | undefined, message: ThreadMessage): ThreadPages | undefined {
  if (!data) return data;
  if (contains(data, message.id)) {
    return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((m) => (m.id === message.id ? message : m)) })) };
  }
  const [first, ...rest] = data.pages;
  if (!first) return { ...data, pages: [{ data: [message], nextCursor: null }], pageParams: data.pageParams.length ? data.pageParams : [null] };
  return { ...data, pages: [{ ...first, data: [message, ...first.data].sort(newestFirst) }, ...rest] };
}

export function removeMessage(data: ThreadPages | undefined, id: string): ThreadPages | undefined {
  if (!data || !contains(data, id)) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.filter((m) => m.id !== id) })) };
}

/** The server answered an optimistic send: its message replaces the placeholder, exactly once. */
export function reconcileMessage(data: ThreadPages | undefined, tempId: string, message: Message): ThreadPages | undefined {
  if (!data) return data;
  if (contains(data, message.id)) return removeMessage(upsertMessage(data, message), tempId);
  if (!contains(data, tempId)) return upsertMessage(data, message);
  return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((m) => (m.id === tempId ? message : m)) })) };
}

/** The thread oldest → newest, as it is read. */
export function threadMessages(data: ThreadPages | undefined): ThreadMessage[] {
  if (!data) return [];
  const seen = new Set<string>();
  const all: ThreadMessage[] = [];
  for (const page of data.pages) {
    for (const message of page.data) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      all.push(message);
    }
  }
  return all.reverse();
}
