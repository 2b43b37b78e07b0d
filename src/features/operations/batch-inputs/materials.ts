// The materials a batch's inputs name, read through the materials pages' own queries (src/lib/resource/api.ts),
// so a rename there or its realtime event shows here too: one material by id, and the search behind the input
// editor's picker (the API's `q` matches names; codes are matched among the materials sorted by name, the same
// first page the material references of every form read).
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { resourceListQueryOptions, resourceQueryOptions } from '@/lib/resource/api';
import type { ResourceRecord } from '@/lib/resource/cache';
import { cleanFilters } from '@/lib/query-keys';
import { materials } from '../resources';

/** What an input shows of its material. */
export interface MaterialSummary {
  id: string;
  code: string;
  name: string;
  unit: string;
}

const summary = (r: ResourceRecord): MaterialSummary => ({ id: r.id, code: r.code, name: String(r.name ?? r.code), unit: String(r.unit ?? '') });

export interface MaterialLookup {
  material: MaterialSummary | undefined;
  isPending: boolean;
  /** Not found: deleted, or not this workspace's. */
  missing: boolean;
}

/** Each material of `ids` (duplicates and empty ids allowed), by id. */
export function useMaterials(wid: string, ids: readonly string[]): Map<string, MaterialLookup> {
  const distinct = [...new Set(ids.filter(Boolean))];
  const results = useQueries({ queries: distinct.map((id) => resourceQueryOptions(materials, wid, id)) });
  return new Map(
    distinct.map((id, i) => {
      const q = results[i]!;
      return [id, { material: q.data ? summary(q.data) : undefined, isPending: q.isPending, missing: q.isError }];
    }),
  );
}

export interface MaterialSearch {
  options: MaterialSummary[];
  isPending: boolean;
  isError: boolean;
  /** More materials than were loaded: typing narrows them. */
  more: boolean;
}

/** The workspace's materials whose name (on the server) or code contains `q`; all of them, by name, when it is empty. */
export function useMaterialSearch(wid: string, q: string, enabled: boolean): MaterialSearch {
  const all = useInfiniteQuery({ ...resourceListQueryOptions(materials, wid, cleanFilters({ sort: 'name' })), enabled });
  const named = useInfiniteQuery({ ...resourceListQueryOptions(materials, wid, cleanFilters({ q, sort: 'name' })), enabled: enabled && q !== '' });
  const everyone = all.data?.pages.flatMap((p) => p.data.map(summary)) ?? [];
  if (!q) return { options: everyone, isPending: enabled && all.isPending, isError: all.isError, more: all.hasNextPage };
  const byName = named.data?.pages.flatMap((p) => p.data.map(summary)) ?? [];
  const needle = q.toLowerCase();
  const byCode = everyone.filter((m) => m.code.toLowerCase().includes(needle) && !byName.some((n) => n.id === m.id));
  return {
    options: [...byName, ...byCode],
    isPending: enabled && (named.isPending || all.isPending),
    isError: named.isError && all.isError,
    more: named.hasNextPage,
  };
}
