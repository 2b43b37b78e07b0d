// API keys as the shell sees them: the API keys tab of the workspace settings (admins and owners). Its palette
// action loads after the first paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const ApiKeysPage = lazyPage(() => import('./pages/api-keys-page'), 'ApiKeysPage');

export const apiKeysFeature = defineFeature({
  id: 'api-keys',
  routes: [{ mount: 'settings', path: 'api-keys', page: ApiKeysPage, tab: { label: 'API keys', order: 30, minRole: 'admin' } }],
  deferred: () => import('./deferred'),
});
