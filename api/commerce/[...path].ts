// The commerce function: products, orders, payments and forms. Its routes come from the registry
// (api/_lib/functions.ts, contracts/generated/routes.ts). It reads request bodies itself (the kernel parses JSON
// and form bodies from the bytes) so that CSV imports receive their text/csv body.
import { createFunction } from '../_lib/http/function.js';

export const config = { api: { bodyParser: false } };

export default createFunction('commerce', {
  products: () => import('../_lib/products/routes.js'),
  orders: () => import('../_lib/orders/routes.js'),
  forms: () => import('../_lib/forms/routes.js'),
  payments: () => import('../_lib/payments/routes.js'),
});
