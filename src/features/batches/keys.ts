// The batch panel's query keys, under ['w', wid, 'batches'] (src/lib/query-keys.ts): a batch, its history, and
// the materials its inputs name (with their stock per plant).
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('batches');

export const batchKeys = {
  ...base,
  history: (wid: string, id: string) => [...base.detail(wid, id), 'history'] as const,
  materials: (wid: string) => [...base.all(wid), 'materials'] as const,
  material: (wid: string, id: string) => [...base.all(wid), 'materials', id] as const,
  plant: (wid: string, id: string) => [...base.all(wid), 'plants', id] as const,
  /** The generic record page's own copy of batches (src/lib/resource/keys.ts: domain operations). */
  recordPages: (wid: string) => ['w', wid, 'operations', 'batches'] as const,
};
