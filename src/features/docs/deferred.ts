// The API reference after the first paint (src/lib/feature.ts): its palette action.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [{ id: 'docs.open', label: 'API reference', keywords: ['openapi', 'docs'], scope: 'app', href: '/docs' }],
});
