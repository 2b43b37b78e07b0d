// One query-key scheme for the whole SPA. Workspace data lives under ['w', wid, domain, ...], so a realtime
// reconnect, a removed workspace or one domain's change can refresh or drop exactly that part of the cache;
// the caller's own account data lives under ['me', ...], their list of workspaces under ['workspaces'], and what
// the API says about itself (health) under ['system', ...].
// Each feature builds its key factory here, and its queries, mutations, realtime handlers and prefetching all
// use that one factory.

/** Everything cached for one workspace. */
export const workspaceScope = (wid: string) => ['w', wid] as const;

/** The signed-in user's own data (profile, sessions). */
export const accountScope = ['me'] as const;

/** The caller's list of workspaces (the switcher, the home page). */
export const workspaceListScope = ['workspaces'] as const;

/** The API's own state (health), the same for every user. */
export const systemScope = ['system'] as const;

/** A feature's keys under ['w', wid, domain]: `all`, `lists`/`list(filters)`, `details`/`detail(id)`. */
export function workspaceKeyFactory<const D extends string>(domain: D) {
  const all = (wid: string) => [...workspaceScope(wid), domain] as const;
  const lists = (wid: string) => [...all(wid), 'list'] as const;
  const details = (wid: string) => [...all(wid), 'detail'] as const;
  return {
    domain,
    all,
    lists,
    list: <F extends object>(wid: string, filters: F) => [...lists(wid), filters] as const,
    details,
    detail: (wid: string, id: string) => [...details(wid), id] as const,
  };
}

/** Drops empty filters so `?q=` never reaches the API and equal filters share one cache entry. */
export function cleanFilters<F extends object>(filters: F): F {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') clean[key] = value;
  return clean as F;
}
