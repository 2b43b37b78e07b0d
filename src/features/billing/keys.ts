// The billing feature's query keys, under ['w', wid, 'billing'] (src/lib/query-keys.ts): the workspace's plan.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('billing');

export const billingKeys = {
  ...base,
  plan: (wid: string) => [...base.all(wid), 'plan'] as const,
};
