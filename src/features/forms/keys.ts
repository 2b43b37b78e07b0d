// The form feature's query keys, under ['w', wid, 'forms'] (src/lib/query-keys.ts): lists, one form, its
// submissions, and the products the builder and the submissions table name.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('forms');

export const formKeys = {
  ...base,
  submissions: (wid: string, formId: string) => [...base.detail(wid, formId), 'submissions'] as const,
  products: (wid: string) => [...base.all(wid), 'products'] as const,
  productSearch: (wid: string, q: string) => [...base.all(wid), 'products', 'search', { q }] as const,
  product: (wid: string, id: string) => [...base.all(wid), 'products', 'one', id] as const,
};
