// The API reference as the shell sees it: one public page (no sign-in). Its palette action loads after the first
// paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const DocsPage = lazyPage(() => import('./pages/docs-page'), 'DocsPage');

export const docsFeature = defineFeature({
  id: 'docs',
  routes: [{ mount: 'public', path: '/docs', page: DocsPage }],
  deferred: () => import('./deferred'),
});
