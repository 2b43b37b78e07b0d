// The orders feature as the shell sees it: the orders list and an order's page, the sidebar entry, its share of
// the realtime events and its palette action.
import { ShoppingCart } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';
import { orderKeys } from './keys';
import { orderEventHandlers } from './realtime/handlers';

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
  realtime: { events: orderEventHandlers, resync: orderKeys.all },
  commands: [
    { id: 'orders.open', label: 'Go to orders', keywords: ['sales', 'payments', 'purchases'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/orders` },
    {
      id: 'orders.unpaid',
      label: 'Unpaid orders',
      keywords: ['payments', 'due'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/orders?paymentStatus=unpaid`,
    },
  ],
});
