// The orders feature as the shell sees it: the orders list and an order's page, and the sidebar entry. Its share
// of the realtime events and its palette actions load after the first paint (./deferred.ts).
import { ShoppingCart } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const OrdersPage = lazyPage(() => import('./pages/orders-page'), 'OrdersPage');
const OrderPage = lazyPage(() => import('./pages/order-page'), 'OrderPage');

export const ordersFeature = defineFeature({
  id: 'orders',
  routes: [
    { mount: 'workspace', path: 'orders', page: OrdersPage },
    { mount: 'workspace', path: 'orders/:orderId', page: OrderPage },
  ],
  nav: [
    {
      area: 'workspace',
      path: 'orders',
      label: 'Orders',
      icon: ShoppingCart,
      order: 30,
      prefetch: (context) => {
        void OrdersPage.preload();
        void import('./api').then(({ prefetchOrders }) => prefetchOrders(context));
      },
    },
  ],
  deferred: () => import('./deferred'),
});
