// The services feature's query keys, under ['w', wid, 'services'] (src/lib/query-keys.ts), the generic
// resource's domain: a service's metric names and their series sit beside its record, so the resource's resync
// refreshes them too.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('services');

export const serviceKeys = {
  ...base,
  metrics: (wid: string) => [...base.all(wid), 'metrics'] as const,
  metricNames: (wid: string, serviceId: string) => [...base.all(wid), 'metrics', serviceId, 'names'] as const,
  series: (wid: string, serviceId: string, query: object) => [...base.all(wid), 'metrics', serviceId, 'series', query] as const,
};
