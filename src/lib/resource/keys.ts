// The query keys of a declared resource, under its feature's domain: ['w', wid, 'crm', 'employees', …]. Lists by
// their filters (the address's search, filters and sort), and each record. Zod-free: the realtime handlers of
// the first load name these keys.
import { workspaceScope } from '../query-keys';

/** Where a resource's data lives: its feature (the registry domain of its endpoints) and its plural name. */
export interface ResourceSource {
  /** The registry domain of its endpoints, also the id of the feature that shows it (`crm`). */
  domain: string;
  /** Singular, camelCase (`employee`): its events are `employee.created`, … */
  name: string;
  /** Plural, camelCase (`employees`). */
  plural: string;
}

/** A list's query as the page's address carries it: `q`, `sort` and each filter, all strings, empty ones left out. */
export type ResourceFilters = Record<string, string>;

export function resourceKeys({ domain, plural }: Pick<ResourceSource, 'domain' | 'plural'>) {
  const all = (wid: string) => [...workspaceScope(wid), domain, plural] as const;
  const lists = (wid: string) => [...all(wid), 'list'] as const;
  const details = (wid: string) => [...all(wid), 'detail'] as const;
  return {
    all,
    lists,
    list: (wid: string, filters: ResourceFilters) => [...lists(wid), filters] as const,
    details,
    detail: (wid: string, id: string) => [...details(wid), id] as const,
  };
}
