// The documentation after the first paint (src/lib/feature.ts): its palette actions.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    { id: 'docs.open', label: 'API reference', keywords: ['openapi', 'docs'], scope: 'app', href: '/docs' },
    { id: 'docs.guide', label: 'Using the API (guide)', keywords: ['api keys', 'webhooks', 'docs', 'signature', 'metrics'], scope: 'app', href: '/docs/guide' },
  ],
});
