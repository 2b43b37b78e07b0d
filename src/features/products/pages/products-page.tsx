// `/w/:wid/products`: the catalogue. Search, category and state filters and the sort live in the address (so a
// view can be shared and survives a reload); the list loads more by cursor. Admins create, edit, delete (or
// deactivate what is on orders) and import; everyone exports what the filters show.
import { useInfiniteQuery } from '@tanstack/react-query';
import { ImageOff, Package, Pencil, Plus, Search, Trash, Upload, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useUrlParams } from '@/lib/use-url-params';
import type { Product } from '../../../../contracts/products';
import { Button } from '@/components/button';
import { ExportCsvButton } from '@/components/export-csv-button';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useWorkspaceRole } from '@/lib/workspace';
import { exportProductsCsv, productListQueryOptions } from '../api';
import { DeleteProductDialog } from '../components/delete-product-dialog';
import { ImportProductsDialog } from '../components/import-products-dialog';
import { ProductFormDialog } from '../components/product-form-dialog';
import { SortHeader } from '@/components/sort-header';
import type { ProductFilters, ProductSort } from '../keys';
import { formatMoney } from '@/lib/money';

const DEFAULT_SORT: ProductSort = '-createdAt';
const SORTS = ['name', 'price', 'stock', 'createdAt'];
const isSort = (sort: string): sort is ProductSort => SORTS.includes(sort.replace(/^-/, ''));
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

function readFilters(params: URLSearchParams): ProductFilters {
  const active = params.get('active');
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    ...(active === 'true' || active === 'false' ? { active } : {}),
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

export function ProductsPage() {
  const { wid = '' } = useParams();
  const [params, update] = useUrlParams();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, 'admin');

  const filters = readFilters(params);
  const sort = filters.sort ?? DEFAULT_SORT;
  const onSort = (next: string) => update({ sort: next === DEFAULT_SORT ? null : next });
  const [search, setSearch] = useState(filters.q ?? '');
  const [categoryDraft, setCategoryDraft] = useState(filters.category ?? '');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const debouncedCategory = useDebouncedValue(categoryDraft.trim(), 300);

  useEffect(() => {
    if (debouncedSearch === (filters.q ?? '') && debouncedCategory === (filters.category ?? '')) return;
    update({ q: debouncedSearch || null, category: debouncedCategory || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the typed values once they settle
  }, [debouncedSearch, debouncedCategory]);

  const query = { ...filters, sort: sort === DEFAULT_SORT ? undefined : sort };
  const list = useInfiniteQuery(productListQueryOptions(wid, query));
  const products = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const categories = useMemo(() => [...new Set(products.flatMap((p) => (p.category ? [p.category] : [])))].sort(), [products]);
  const filtered = Boolean(filters.q || filters.category || filters.active);

  const creating = params.get('new') === '1' && canWrite;
  const setCreating = (open: boolean) => update({ new: open ? '1' : null });
  const [editing, setEditing] = useState<Product | null>(null);
  const [deleting, setDeleting] = useState<Product | null>(null);
  const [importing, setImporting] = useState(false);

  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden className="size-4" />
      New product
    </Button>
  );

  return (
    <>
      <title>Products · Switchboard</title>
      <PageHeader
        title="Products"
        description="Your catalogue: what orders are made from."
        actions={
          <div className="flex flex-wrap justify-end gap-2">
            <ExportCsvButton load={() => exportProductsCsv(wid, filters)} name={'products'} />
            {canWrite ? (
              <>
                <Button onClick={() => setImporting(true)}>
                  <Upload aria-hidden className="size-4" />
                  Import CSV
                </Button>
                {newButton}
              </>
            ) : null}
          </div>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="relative block w-72">
          <span className="sr-only">Search products</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, SKU or description"
            maxLength={200}
            className={cx(inputClass, 'pl-7')}
          />
        </label>
        <label className="block w-44">
          <span className="sr-only">Category</span>
          <input
            value={categoryDraft}
            onChange={(e) => setCategoryDraft(e.target.value)}
            placeholder="Category"
            list="product-categories"
            maxLength={80}
            className={inputClass}
          />
          <datalist id="product-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <label className="block w-36">
          <span className="sr-only">State</span>
          <select value={filters.active ?? ''} onChange={(e) => update({ active: e.target.value || null })} className={inputClass}>
            <option value="">Any state</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </label>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              setCategoryDraft('');
              update({ q: null, category: null, active: null });
            }}
          >
            <X aria-hidden className="size-3.5" />
            Clear filters
          </Button>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        {list.isPending ? (
          <LoadingBlock label="Loading products" />
        ) : list.isError && !list.data ? (
          <StateMessage title="Could not load products" tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
            {errorMessage(list.error)}
          </StateMessage>
        ) : products.length === 0 ? (
          <StateMessage title={filtered ? 'No matches' : 'No products yet'} action={!filtered && canWrite ? newButton : null}>
            {filtered
              ? 'No product matches these filters.'
              : canWrite
                ? 'Add what you sell, one by one or from a CSV file, and take orders for it.'
                : 'An admin adds the products your team sells.'}
          </StateMessage>
        ) : (
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Products</caption>
            <thead className="border-b border-border bg-subtle text-xs text-muted">
              <tr>
                <th scope="col" className="w-14 px-3 py-2">
                  <span className="sr-only">Image</span>
                </th>
                <SortHeader label="Name" field="name" sort={sort} onSort={onSort} />
                <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">
                  SKU
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Category
                </th>
                <SortHeader label="Price" field="price" sort={sort} onSort={onSort} align="right" className="text-right" />
                <SortHeader label="Stock" field="stock" sort={sort} onSort={onSort} align="right" className="text-right" />
                <th scope="col" className="px-3 py-2 font-medium">
                  State
                </th>
                <SortHeader label="Added" field="createdAt" sort={sort} firstDescending onSort={onSort} className="hidden xl:table-cell" />
                {canWrite ? (
                  <th scope="col" className="w-20 px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {products.map((product) => (
                <tr key={product.id} data-testid="product-row" className="hover:bg-subtle/60">
                  <td className="px-3 py-1.5">
                    <Thumbnail url={product.imageUrl} />
                  </td>
                  <td className="px-3 py-2">
                    <div className="max-w-52 xl:max-w-72">
                      {canWrite ? (
                        <button
                          type="button"
                          onClick={() => setEditing(product)}
                          className="block max-w-full truncate text-left font-medium hover:text-accent hover:underline"
                        >
                          {product.name}
                        </button>
                      ) : (
                        <span className="block truncate font-medium">{product.name}</span>
                      )}
                      <span className="block truncate text-xs text-muted">
                        <span className="font-mono xl:hidden">
                          {product.sku}
                          {product.description ? ' · ' : ''}
                        </span>
                        {product.description}
                      </span>
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 font-mono text-xs whitespace-nowrap xl:table-cell">{product.sku}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-muted">{product.category ?? '—'}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{formatMoney(product.price, product.currency)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                    <Stock stock={product.stock} />
                  </td>
                  <td className="px-3 py-2">
                    <span
                      className={cx(
                        'inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium',
                        product.active ? 'bg-surface text-success ring-1 ring-success/40 ring-inset' : 'bg-subtle text-muted',
                      )}
                    >
                      {product.active ? 'Active' : 'Inactive'}
                    </span>
                  </td>
                  <td className="hidden px-3 py-2 text-xs whitespace-nowrap text-muted xl:table-cell">{dateFormat.format(new Date(product.createdAt))}</td>
                  {canWrite ? (
                    <td className="px-2 py-1.5">
                      <span className="flex justify-end gap-0.5">
                        <button
                          type="button"
                          onClick={() => setEditing(product)}
                          aria-label={`Edit ${product.name}`}
                          className="rounded p-1.5 text-muted hover:bg-border hover:text-fg"
                        >
                          <Pencil aria-hidden className="size-3.5" />
                        </button>
                        <button
                          type="button"
                          onClick={() => setDeleting(product)}
                          aria-label={`Delete ${product.name}`}
                          className="rounded p-1.5 text-muted hover:bg-danger-soft hover:text-danger"
                        >
                          <Trash aria-hidden className="size-3.5" />
                        </button>
                      </span>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <LoadMore list={list} />

      {canWrite ? (
        <>
          <ProductFormDialog wid={wid} open={creating} onOpenChange={setCreating} categories={categories} defaultCurrency={products[0]?.currency ?? 'usd'} />
          <ProductFormDialog
            wid={wid}
            open={editing !== null}
            onOpenChange={(open) => !open && setEditing(null)}
            categories={categories}
            {...(editing ? { product: editing } : {})}
          />
          <DeleteProductDialog wid={wid} product={deleting} onOpenChange={(open) => !open && setDeleting(null)} />
          <ImportProductsDialog wid={wid} open={importing} onOpenChange={setImporting} />
        </>
      ) : null}
    </>
  );
}

function Stock({ stock }: { stock: number | null }) {
  if (stock === null) return <span className="text-xs text-muted">Not tracked</span>;
  if (stock === 0)
    return <span className="inline-flex items-center rounded bg-warning-soft px-1.5 py-0.5 text-xs font-medium text-warning-soft-fg">Out of stock</span>;
  return <>{stock.toLocaleString('en')}</>;
}

function Thumbnail({ url }: { url: string | null }) {
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <span className="flex size-9 items-center justify-center overflow-hidden rounded border border-border bg-subtle">
      {url && failed !== url ? (
        <img src={url} alt="" loading="lazy" referrerPolicy="no-referrer" className="size-full object-cover" onError={() => setFailed(url)} />
      ) : url ? (
        <ImageOff aria-hidden className="size-3.5 text-muted" />
      ) : (
        <Package aria-hidden className="size-3.5 text-muted/60" />
      )}
    </span>
  );
}
