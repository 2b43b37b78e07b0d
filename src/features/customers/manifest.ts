// The customers feature as the shell sees it: the list and a customer's page, and the sidebar entry. Its share
// of the realtime events and its palette action load after the first paint (./deferred.ts).
import { Users } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const CustomersPage = lazyPage(() => import('./pages/customers-page'), 'CustomersPage');
const CustomerPage = lazyPage(() => import('./pages/customer-page'), 'CustomerPage');

export const customersFeature = defineFeature({
  id: 'customers',
  routes: [
    { mount: 'workspace', path: 'customers', page: CustomersPage },
    { mount: 'workspace', path: 'customers/:customerId', page: CustomerPage },
  ],
  nav: [
    {
      area: 'workspace',
      path: 'customers',
      label: 'Customers',
      icon: Users,
      order: 20,
      prefetch: (context) => {
        void CustomersPage.preload();
        void import('./prefetch').then(({ prefetchCustomers }) => prefetchCustomers(context));
      },
    },
  ],
  deferred: () => import('./deferred'),
});
