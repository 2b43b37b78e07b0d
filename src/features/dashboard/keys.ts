// The dashboard's query keys, under ['w', wid, 'dashboard'] (src/lib/query-keys.ts).
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('dashboard');

export const dashboardKeys = {
  all: base.all,
  summary: (wid: string) => [...base.all(wid), 'summary'] as const,
};
