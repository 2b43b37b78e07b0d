// The assistant feature's query keys, under ['w', wid, 'assistant'] (src/lib/query-keys.ts): its settings.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('assistant');

export const assistantKeys = {
  ...base,
  settings: (wid: string) => [...base.all(wid), 'settings'] as const,
};

/** The inbox's conversation details (['w', wid, 'inbox', 'detail', id]), which the switch reads and updates. */
export const conversationKeys = workspaceKeyFactory('inbox');
