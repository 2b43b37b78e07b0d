// The products feature as the shell sees it: the catalogue page and its sidebar entry. Its share of the realtime
// events and its palette actions load after the first paint (./deferred.ts).
import { Package } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

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
  deferred: () => import('./deferred'),
});
