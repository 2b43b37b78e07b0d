// The webhooks feature's query keys, under ['w', wid, 'webhooks'] (src/lib/query-keys.ts): the endpoints, one
// endpoint, and an endpoint's deliveries (per status filter).
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('webhooks');

export const webhookKeys = {
  ...base,
  deliveries: (wid: string, endpointId: string) => [...base.detail(wid, endpointId), 'deliveries'] as const,
  deliveriesList: (wid: string, endpointId: string, status: string) => [...base.detail(wid, endpointId), 'deliveries', status] as const,
};
