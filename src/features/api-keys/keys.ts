// The API keys feature's query keys, under ['w', wid, 'api-keys'] (src/lib/query-keys.ts): the active keys.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('api-keys');

export const apiKeyKeys = {
  ...base,
  active: (wid: string) => [...base.lists(wid), 'active'] as const,
};
