import { InfiniteQueryObserver, QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { ListResponse } from '../../../contracts/common';
import type { FeatureEventHandlers } from '@/lib/feature';
import { LIVE_REFETCH_PAGES, type ResourceRecord } from './cache';
import { resourceKeys } from './keys';
import { resourceEventHandlers } from './realtime';

const source = { domain: 'crm', name: 'employee', plural: 'employees' };
const keys = resourceKeys(source);
const wid = 'w1';

const employee = (n: number, over: Partial<ResourceRecord> = {}): ResourceRecord => ({
  id: `e${n}`,
  code: `EMP-000${n}`,
  name: `Person ${n}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

type Pages = InfiniteData<ListResponse<ResourceRecord>, string | null>;
const pages = (...lists: ResourceRecord[][]): Pages => ({
  pages: lists.map((data, i) => ({ data, nextCursor: i < lists.length - 1 ? `c${i}` : null })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});

function setup() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const handlers = resourceEventHandlers([source]) as Record<string, (payload: unknown, context: { queryClient: QueryClient; wid: string }) => void>;
  const fire = async (name: string, payload: unknown) => {
    handlers[name]!(payload, { queryClient, wid });
    await vi.waitFor(() => import('./cache'));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { queryClient, fire, handlers };
}

const names = (queryClient: QueryClient, key: readonly unknown[]) => queryClient.getQueryData<Pages>(key)!.pages.flatMap((p) => p.data.map((r) => r.name));

describe('resource realtime handlers', () => {
  it('handles created, updated, deleted and imported for each resource', () => {
    expect(Object.keys(resourceEventHandlers([source, { domain: 'crm', name: 'task', plural: 'tasks' }]) as FeatureEventHandlers).sort()).toEqual(
      ['employee.created', 'employee.deleted', 'employee.imported', 'employee.updated', 'task.created', 'task.deleted', 'task.imported', 'task.updated'].sort(),
    );
  });

  it('patches a changed record into every cached list and its page, never with an older copy', async () => {
    const { queryClient, fire } = setup();
    const list = keys.list(wid, { q: 'p' });
    queryClient.setQueryData(list, pages([employee(1), employee(2)]));
    queryClient.setQueryData(keys.detail(wid, 'e2'), employee(2));
    await fire('employee.updated', { employee: employee(2, { name: 'Renamed', updatedAt: '2026-01-02T00:00:00.000Z' }) });
    expect(names(queryClient, list)).toEqual(['Person 1', 'Renamed']);
    expect(queryClient.getQueryData<ResourceRecord>(keys.detail(wid, 'e2'))!.name).toBe('Renamed');
    await fire('employee.updated', { employee: employee(2, { name: 'Stale', updatedAt: '2026-01-01T12:00:00.000Z' }) });
    expect(names(queryClient, list)).toEqual(['Person 1', 'Renamed']);
    expect(queryClient.getQueryData<ResourceRecord>(keys.detail(wid, 'e2'))!.name).toBe('Renamed');
  });

  it('drops a deleted record, refetches the short lists on screen and only marks long ones stale', async () => {
    const { queryClient, fire } = setup();
    const short = keys.list(wid, {});
    const long = keys.list(wid, { sort: 'name' });
    const fetched: string[] = [];
    // Lists on screen: observed, with their data already cached (as after scrolling).
    const watch = (key: readonly unknown[], data: Pages, label: string) => {
      queryClient.setQueryData(key, data);
      const observer = new InfiniteQueryObserver(queryClient, {
        queryKey: key,
        initialPageParam: null as string | null,
        queryFn: async () => {
          fetched.push(label);
          return { data: [employee(2)], nextCursor: null };
        },
        getNextPageParam: (last: ListResponse<ResourceRecord>) => last.nextCursor,
      });
      return observer.subscribe(() => {});
    };
    const stopShort = watch(short, pages([employee(1), employee(2)]), 'short');
    const stopLong = watch(long, pages(...Array.from({ length: LIVE_REFETCH_PAGES + 1 }, (_, i) => [employee(i + 1)])), 'long');
    await fire('employee.deleted', { id: 'e1' });
    await vi.waitFor(() => expect(fetched).toContain('short'));
    expect(fetched).not.toContain('long');
    expect(names(queryClient, long)).toEqual(['Person 2', 'Person 3', 'Person 4']);
    expect(queryClient.getQueryCache().find({ queryKey: long, exact: true })!.state.isInvalidated).toBe(true);
    stopShort();
    stopLong();
  });

  it('refetches everything of the resource after an import, and nothing of another', async () => {
    const { queryClient, fire } = setup();
    queryClient.setQueryData(keys.list(wid, {}), pages([employee(1)]));
    queryClient.setQueryData(keys.detail(wid, 'e1'), employee(1));
    const tasks = resourceKeys({ domain: 'crm', plural: 'tasks' }).list(wid, {});
    queryClient.setQueryData(tasks, pages([]));
    await fire('employee.imported', { created: 40, updated: 2 });
    expect(queryClient.getQueryCache().find({ queryKey: keys.list(wid, {}), exact: true })!.state.isInvalidated).toBe(true);
    expect(queryClient.getQueryCache().find({ queryKey: keys.detail(wid, 'e1'), exact: true })!.state.isInvalidated).toBe(true);
    expect(queryClient.getQueryCache().find({ queryKey: tasks, exact: true })!.state.isInvalidated).toBe(false);
  });
});
