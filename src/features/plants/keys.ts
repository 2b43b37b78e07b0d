// The plant panel's query keys, under ['w', wid, 'plants'] (src/lib/query-keys.ts): metrics per range and zone.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('plants');

export const plantKeys = {
  ...base,
  metrics: (wid: string, id: string, range: { from: string; to: string; tz: string }) => [...base.detail(wid, id), 'metrics', range] as const,
};
