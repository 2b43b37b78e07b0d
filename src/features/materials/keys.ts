// The material panel's query keys, under ['w', wid, 'materials'] (src/lib/query-keys.ts): a material with its
// stock per plant, its movements, and the plants it may move at.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('materials');

export const materialKeys = {
  ...base,
  movements: (wid: string, id: string, plantId: string | null) => [...base.detail(wid, id), 'movements', { plantId }] as const,
  allMovements: (wid: string, id: string) => [...base.detail(wid, id), 'movements'] as const,
  plants: (wid: string) => [...base.all(wid), 'plants'] as const,
  /** The generic record page's own copy of materials (src/lib/resource/keys.ts: domain operations). */
  recordPages: (wid: string) => ['w', wid, 'operations', 'materials'] as const,
};
