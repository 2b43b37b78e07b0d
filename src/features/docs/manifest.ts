// The documentation as the shell sees it: two public pages (no sign-in), the guide to using the API
// (/docs/guide, text only) and the API reference (/docs, Scalar). Its palette actions load after the first paint
// (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const DocsPage = lazyPage(() => import('./pages/docs-page'), 'DocsPage');
const GuidePage = lazyPage(() => import('./pages/guide-page'), 'GuidePage');

export const docsFeature = defineFeature({
  id: 'docs',
  routes: [
    { mount: 'public', path: '/docs', page: DocsPage },
    { mount: 'public', path: '/docs/guide', page: GuidePage },
  ],
  deferred: () => import('./deferred'),
});
