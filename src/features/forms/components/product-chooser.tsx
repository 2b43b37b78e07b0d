// The products a product field offers: a searchable checklist of active products, the chosen ones listed
// above it. None chosen means every active product, which the hint says.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useId, useState } from 'react';
import type { Product } from '../../../../contracts/products';
import { Spinner } from '@/components/spinner';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { productQueryOptions, productSearchQueryOptions } from '../api';
import { formatMoney } from '@/lib/money';

export function ProductChooser({
  wid,
  fieldLabel,
  productIds,
  onChange,
  error,
}: {
  wid: string;
  fieldLabel: string;
  productIds: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim(), 250);
  const results = useQuery({ ...productSearchQueryOptions(wid, search), placeholderData: keepPreviousData });
  const found = results.data?.data ?? [];
  // Chosen products the current results do not show (a saved form, or a search since): looked up one by one.
  const known = new Map(found.map((p) => [p.id, p]));
  const missing = productIds.filter((pid) => !known.has(pid));
  const lookups = useQueries({ queries: missing.map((pid) => productQueryOptions(wid, pid)) });
  lookups.forEach((lookup) => lookup.data && known.set(lookup.data.id, lookup.data));

  const chosen = new Set(productIds);
  const toggle = (product: Product) => onChange(chosen.has(product.id) ? productIds.filter((pid) => pid !== product.id) : [...productIds, product.id]);
  const label = fieldLabel || 'this field';

  return (
    <fieldset className="space-y-2" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend className="text-xs font-medium text-fg">Products offered</legend>
      <p id={`${id}-hint`} className="text-xs text-muted">
        {productIds.length === 0 ? 'None chosen: the form offers every active product.' : `${productIds.length} chosen.`}
      </p>
      {productIds.length > 0 ? (
        <ul aria-label={`Products offered by ${label}`} className="flex flex-wrap gap-1.5">
          {productIds.map((pid) => {
            const product = known.get(pid);
            const name = product?.name ?? 'Unknown product';
            return (
              <li key={pid} className="inline-flex items-center gap-1 rounded bg-accent-soft py-0.5 pr-1 pl-2 text-xs text-accent-soft-fg">
                {name}
                <button
                  type="button"
                  onClick={() => onChange(productIds.filter((other) => other !== pid))}
                  aria-label={`Stop offering ${name}`}
                  className="rounded p-0.5 hover:bg-accent/15"
                >
                  <X aria-hidden className="size-3" />
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <input
        type="search"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
        placeholder="Search products"
        aria-label={`Search products for ${label}`}
        className={cx(inputClass, 'max-w-xs')}
      />
      <div className="max-h-48 overflow-y-auto rounded-md border border-border">
        {results.isPending ? (
          <div className="p-2">
            <Spinner label="Loading products" />
          </div>
        ) : results.isError ? (
          <p role="alert" className="p-2 text-xs text-danger">
            {errorMessage(results.error)}
          </p>
        ) : found.length === 0 ? (
          <p className="p-2 text-xs text-muted">{search ? 'No active product matches.' : 'No active products yet.'}</p>
        ) : (
          <ul className="divide-y divide-border">
            {found.map((product) => (
              <li key={product.id}>
                <label className="flex cursor-pointer items-center gap-2 px-2 py-1.5 text-sm hover:bg-subtle">
                  <input type="checkbox" checked={chosen.has(product.id)} onChange={() => toggle(product)} className="size-4 accent-accent" />
                  <span className="min-w-0 flex-1 truncate">{product.name}</span>
                  <span className="text-xs text-muted tabular-nums">{formatMoney(product.price, product.currency)}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
