// The products feature after the first paint (src/lib/feature.ts): its share of the realtime events
// (./realtime/handlers.ts) and its palette actions.
import { defineDeferredFeature } from '@/lib/feature';
import { productKeys } from './keys';
import { productEventHandlers } from './realtime/handlers';

export default defineDeferredFeature({
  realtime: { events: productEventHandlers, resync: productKeys.all },
  commands: [
    {
      id: 'products.open',
      label: 'Go to products',
      keywords: ['catalogue', 'catalog', 'sku', 'inventory', 'stock'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/products`,
    },
    {
      id: 'products.new',
      label: 'New product',
      keywords: ['add', 'create'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/products?new=1`,
    },
  ],
});
