// The products feature as the shell sees it: the catalogue page, its sidebar entry, its share of the realtime
// events and its palette actions.
import { Package } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';
import { productKeys } from './keys';
import { productEventHandlers } from './realtime/handlers';

const ProductsPage = lazyPage(() => import('./pages/products-page'), 'ProductsPage');

export const productsFeature = defineFeature({
  id: 'products',
  routes: [{ mount: 'workspace', path: 'products', page: ProductsPage }],
  nav: [
    {
      area: 'workspace',
      path: 'products',
      label: 'Products',
      icon: Package,
      order: 40,
      prefetch: (context) => {
        void ProductsPage.preload();
        void import('./api').then(({ prefetchProducts }) => prefetchProducts(context));
      },
    },
  ],
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
