// Pure updates of a resource's cached lists and records, shared by the pages' writes and the realtime handlers
// (which load this module on their first event, so it stays out of the first page load).
import type { InfiniteData, Query, QueryClient } from '@tanstack/react-query';
import type { ListResponse } from '../../../contracts/common';
import { resourceKeys, type ResourceSource } from './keys';

/** A record of any resource as the API sends it: the common columns, then its fields. */
export type ResourceRecord = { id: string; code: string; createdAt: string; updatedAt: string } & Record<string, unknown>;

type RecordPages = InfiniteData<ListResponse<ResourceRecord>, string | null>;

/**
 * Lists with at most this many pages loaded refetch at once after a change (its sort or filters may move the
 * record); longer ones (someone scrolled through thousands of rows) are patched in place and only marked stale,
 * so one remote edit never re-downloads every page they loaded.
 */
export const LIVE_REFETCH_PAGES = 3;

function isRecordPages(data: unknown): data is RecordPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages);
}

const newer = (a: ResourceRecord, b: ResourceRecord) => Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

function mapLists(queryClient: QueryClient, source: ResourceSource, wid: string, map: (record: ResourceRecord) => ResourceRecord | null) {
  queryClient.setQueriesData<unknown>({ queryKey: resourceKeys(source).lists(wid) }, (data: unknown) => {
    if (!isRecordPages(data)) return data;
    return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.flatMap((r) => map(r) ?? []) })) };
  });
}

const short = (query: Query) => {
  const data = query.state.data;
  return !isRecordPages(data) || data.pages.length <= LIVE_REFETCH_PAGES;
};

/** Refetches the resource's short lists now and marks the long ones stale. */
export async function refreshLists(queryClient: QueryClient, source: ResourceSource, wid: string) {
  const queryKey = resourceKeys(source).lists(wid);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey, predicate: short }),
    queryClient.invalidateQueries({ queryKey, predicate: (q) => !short(q), refetchType: 'none' }),
  ]);
}

/** A changed record: shown at once wherever it is cached (an older copy never overwrites a newer one), then the short lists refetch. */
export function applyRecordUpdated(queryClient: QueryClient, source: ResourceSource, wid: string, record: ResourceRecord) {
  queryClient.setQueryData<ResourceRecord>(resourceKeys(source).detail(wid, record.id), (cached) => (cached && newer(cached, record) ? cached : record));
  mapLists(queryClient, source, wid, (r) => (r.id === record.id && !newer(r, record) ? record : r));
  return refreshLists(queryClient, source, wid);
}

export function applyRecordCreated(queryClient: QueryClient, source: ResourceSource, wid: string, record: ResourceRecord) {
  queryClient.setQueryData(resourceKeys(source).detail(wid, record.id), record);
  return refreshLists(queryClient, source, wid);
}

export function applyRecordDeleted(queryClient: QueryClient, source: ResourceSource, wid: string, id: string) {
  queryClient.removeQueries({ queryKey: resourceKeys(source).detail(wid, id) });
  mapLists(queryClient, source, wid, (r) => (r.id === id ? null : r));
  return refreshLists(queryClient, source, wid);
}

/** An import of many rows names none of them: everything cached of the resource refetches. */
export function applyRecordsImported(queryClient: QueryClient, source: ResourceSource, wid: string) {
  return queryClient.invalidateQueries({ queryKey: resourceKeys(source).all(wid) });
}
