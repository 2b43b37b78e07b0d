// The API reference as the shell sees it: one public page (no sign-in) and a palette action.
import { defineFeature, lazyPage } from '@/lib/feature';

const DocsPage = lazyPage(() => import('./pages/docs-page'), 'DocsPage');

export const docsFeature = defineFeature({
  id: 'docs',
  routes: [{ mount: 'public', path: '/docs', page: DocsPage }],
  commands: [{ id: 'docs.open', label: 'API reference', keywords: ['openapi', 'docs'], scope: 'app', href: '/docs' }],
});
