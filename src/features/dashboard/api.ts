// The dashboard's figures, computed from the conversation list endpoint (there is no summary endpoint yet):
// the open conversations (for open / unassigned / unread) and the conversations active in the last 14 days
// (lists are ordered by last activity, so the scan stops at the first older one). Each scan is capped; the
// cards say "N+" when a cap is reached.
import { queryOptions } from '@tanstack/react-query';
import type { Conversation, ConversationList } from '../../../contracts/inbox';
import { inboxKeys, workspacePath } from '@/features/inbox/api/keys';
import { api } from '@/lib/api-client';

export const DAYS = 14;
const PAGE = 100;
const MAX_PAGES = 10;

export interface DayCount {
  /** Local midnight of the day, ISO. */
  date: string;
  count: number;
}

export interface DashboardStats {
  open: number;
  unassigned: number;
  unread: number;
  /** True when a scan stopped at its cap: the counts are lower bounds. */
  capped: boolean;
  perDay: DayCount[];
}

async function scan(
  wid: string,
  params: Record<string, string>,
  signal: AbortSignal,
  keepGoing: (page: Conversation[]) => boolean = () => true,
): Promise<{ items: Conversation[]; capped: boolean }> {
  const items: Conversation[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const response: { data: ConversationList } = await api.get<ConversationList>(`${workspacePath(wid)}/conversations`, {
      params: { ...params, limit: PAGE, ...(cursor ? { cursor } : {}) },
      signal,
    });
    items.push(...response.data.data);
    cursor = response.data.nextCursor;
    if (!cursor || !keepGoing(response.data.data)) return { items, capped: false };
  }
  return { items, capped: cursor !== null };
}

export function startOfDay(date: Date): Date {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return d;
}

/** Conversations created per local day, the last `DAYS` days, oldest first. */
export function countPerDay(conversations: Conversation[], now: Date = new Date()): DayCount[] {
  const today = startOfDay(now);
  const days: DayCount[] = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const day = new Date(today);
    day.setDate(today.getDate() - i);
    days.push({ date: day.toISOString(), count: 0 });
  }
  const first = Date.parse(days[0]?.date ?? '');
  for (const conversation of conversations) {
    const created = new Date(conversation.createdAt);
    if (created.getTime() < first) continue;
    const key = startOfDay(created).toISOString();
    const bucket = days.find((d) => d.date === key);
    if (bucket) bucket.count += 1;
  }
  return days;
}

export const dashboardStatsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: inboxKeys.stats(wid, 'dashboard'),
    queryFn: async ({ signal }): Promise<DashboardStats> => {
      const since = startOfDay(new Date());
      since.setDate(since.getDate() - (DAYS - 1));
      const activeSince = (c: Conversation) => Date.parse(c.lastMessageAt ?? c.createdAt) >= since.getTime();
      const [open, recent] = await Promise.all([
        scan(wid, { status: 'open' }, signal),
        scan(wid, {}, signal, (page) => page.every(activeSince)),
      ]);
      const seen = new Map<string, Conversation>();
      for (const c of [...open.items, ...recent.items]) seen.set(c.id, c);
      return {
        open: open.items.length,
        unassigned: open.items.filter((c) => c.assigneeId === null).length,
        unread: [...seen.values()].reduce((sum, c) => sum + c.unreadCount, 0),
        capped: open.capped,
        perDay: countPerDay(recent.items),
      };
    },
    staleTime: 60_000,
  });
