// Create a product, or edit one: the price is typed as a decimal ("25.00") and sent in minor units; stock is
// tracked or not ("Track stock"); the image address shows a preview. Checked with the contract's schema before
// posting; the server's field errors (a taken SKU) land beside their fields.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createProductBodySchema, updateProductBodySchema, type Product, type UpdateProductBody } from '../../../../contracts/products';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { inputClass, TextField } from '@/components/text-field';
import { cx } from '@/lib/cx';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCreateProduct, useUpdateProduct } from '../api';
import { parseDecimal, toDecimalInput } from '@/lib/money';
import { errorMessage } from '@/lib/api-error';
import { IMAGE_CONTENT_TYPES } from '../../../../contracts/uploads';

const FIELDS = ['sku', 'name', 'description', 'price', 'currency', 'stock', 'category', 'imageUrl', 'active'] as const;
type Field = (typeof FIELDS)[number];

/** Offered in the currency field; any three-letter code is accepted. */
const COMMON_CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'chf', 'jpy', 'sek', 'nok', 'dkk', 'pln', 'brl', 'mxn', 'inr'];

interface Values {
  sku: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  trackStock: boolean;
  stock: string;
  category: string;
  imageUrl: string;
  active: boolean;
}

function valuesOf(product: Product | undefined, defaultCurrency: string): Values {
  if (!product) {
    return {
      sku: '',
      name: '',
      description: '',
      price: '',
      currency: defaultCurrency,
      trackStock: false,
      stock: '0',
      category: '',
      imageUrl: '',
      active: true,
    };
  }
  return {
    sku: product.sku,
    name: product.name,
    description: product.description ?? '',
    price: toDecimalInput(product.price, product.currency),
    currency: product.currency,
    trackStock: product.stock !== null,
    stock: String(product.stock ?? 0),
    category: product.category ?? '',
    imageUrl: product.imageUrl ?? '',
    active: product.active,
  };
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/** The body the form stands for, or the errors that keep it from being sent. */
function bodyOf(values: Values): { body: Record<string, unknown>; errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const currency = values.currency.trim().toLowerCase();
  const price = parseDecimal(values.price, /^[a-z]{3}$/.test(currency) ? currency : 'usd');
  if (price === null) errors.price = values.price.trim() ? 'Enter a price such as 25.00' : 'Enter a price';
  let stock: number | null = null;
  if (values.trackStock) {
    stock = /^\d+$/.test(values.stock.trim()) ? Number(values.stock.trim()) : NaN;
    if (Number.isNaN(stock)) errors.stock = 'Enter a whole number of items, 0 or more';
  }
  const body = {
    sku: values.sku.trim(),
    name: values.name,
    description: orNull(values.description),
    price: price ?? 0,
    currency,
    stock,
    category: orNull(values.category),
    imageUrl: orNull(values.imageUrl),
    active: values.active,
  };
  return { body, errors };
}

/** Only what changed (the server records which fields an edit touched). */
function changes(product: Product, body: Record<string, unknown>): UpdateProductBody {
  const changed: Record<string, unknown> = {};
  for (const field of FIELDS) if (body[field] !== (product as Record<string, unknown>)[field]) changed[field] = body[field];
  return changed as UpdateProductBody;
}

export function ProductFormDialog({
  wid,
  open,
  onOpenChange,
  product,
  categories = [],
  defaultCurrency = 'usd',
}: {
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  product?: Product;
  /** Categories already in use, offered as suggestions. */
  categories?: string[];
  defaultCurrency?: string;
}) {
  const create = useCreateProduct(wid);
  const update = useUpdateProduct(wid);
  const [values, setValues] = useState<Values>(() => valuesOf(product, defaultCurrency));
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [idempotencyKey, setIdempotencyKey] = useState('');
  /** The share of an image upload sent so far, while one runs. */
  const [uploading, setUploading] = useState<number | null>(null);
  const pending = create.isPending || update.isPending || uploading !== null;
  const ids = useId();

  // Fresh values (and one Idempotency-Key for this new product, reused on retry) each time it opens.
  const productRef = useRef(product);
  productRef.current = product;
  useEffect(() => {
    if (open) {
      setValues(valuesOf(productRef.current, defaultCurrency));
      setErrors(noFormErrors);
      setIdempotencyKey(crypto.randomUUID());
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);

  const set =
    <K extends keyof Values>(field: K) =>
    (value: Values[K]) =>
      setValues((v) => ({ ...v, [field]: value }));
  const text = (field: keyof Values) => (event: { target: { value: string } }) => set(field)(event.target.value as never);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors: local } = bodyOf(values);
    const payload = product ? changes(product, body) : body;
    const parsed = (product ? updateProductBodySchema : createProductBodySchema).safeParse(payload);
    const fields = { ...(parsed.success ? {} : issuesToFields(parsed.error.issues, FIELDS)), ...local };
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: null });
      return;
    }
    setErrors(noFormErrors);
    const onError = (error: unknown) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'sku' }));
    if (product) {
      if (Object.keys(payload).length === 0) return onOpenChange(false);
      update.mutate({ id: product.id, body: payload }, { onSuccess: () => onOpenChange(false), onError });
    } else {
      create.mutate({ body: body as never, idempotencyKey }, { onSuccess: () => onOpenChange(false), onError });
    }
  }

  async function uploadImage(file: File | undefined) {
    if (!file) return;
    setUploading(0);
    setErrors((e) => ({ ...e, fields: { ...e.fields, imageUrl: undefined } }));
    try {
      const { uploadFile } = await import('@/lib/upload');
      const { url } = await uploadFile({ wid, file, purpose: 'product-image', onProgress: setUploading });
      setValues((v) => ({ ...v, imageUrl: url }));
    } catch (error) {
      setErrors((e) => ({ ...e, fields: { ...e.fields, imageUrl: errorMessage(error) } }));
    } finally {
      setUploading(null);
    }
  }

  const imageUrl = values.imageUrl.trim();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={product ? `Edit ${product.name}` : 'New product'}
      description={product ? undefined : 'What your orders are made from.'}
      className="top-[6%] w-[min(36rem,calc(100vw-2rem))] max-h-[88vh] overflow-y-auto"
    >
      <form noValidate onSubmit={submit} className="space-y-3">
        <FormError message={errors.form} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr]">
          <TextField label="Name" value={values.name} onChange={text('name')} error={errors.fields.name} autoFocus maxLength={200} required />
          <TextField
            label="SKU"
            value={values.sku}
            onChange={text('sku')}
            error={errors.fields.sku}
            maxLength={64}
            required
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${ids}-description`} className="block text-xs font-medium text-fg">
            Description
          </label>
          <textarea
            id={`${ids}-description`}
            value={values.description}
            onChange={text('description')}
            maxLength={5000}
            rows={3}
            aria-invalid={errors.fields.description ? true : undefined}
            aria-describedby={errors.fields.description ? `${ids}-description-error` : undefined}
            className={cx(inputClass, 'h-auto py-1.5')}
          />
          {errors.fields.description ? (
            <p id={`${ids}-description-error`} className="text-xs text-danger">
              {errors.fields.description}
            </p>
          ) : null}
        </div>
        <div className="grid grid-cols-[1fr_6rem_1.4fr] gap-3">
          <TextField
            label="Price"
            inputMode="decimal"
            placeholder="25.00"
            value={values.price}
            onChange={text('price')}
            error={errors.fields.price}
            required
            autoComplete="off"
          />
          <TextField
            label="Currency"
            value={values.currency}
            onChange={text('currency')}
            error={errors.fields.currency}
            list={`${ids}-currencies`}
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            className="[&_input]:uppercase"
          />
          <TextField
            label="Category"
            value={values.category}
            onChange={text('category')}
            error={errors.fields.category}
            list={`${ids}-categories`}
            maxLength={80}
          />
          <datalist id={`${ids}-currencies`}>
            {COMMON_CURRENCIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <datalist id={`${ids}-categories`}>
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div className="space-y-1">
          <div className="flex min-h-8 flex-wrap items-center gap-x-4 gap-y-2">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={values.trackStock} onChange={(e) => set('trackStock')(e.target.checked)} className="size-4 accent-accent" />
              Track stock
            </label>
            {values.trackStock ? (
              <TextField
                label="In stock"
                hideLabel
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={values.stock}
                onChange={text('stock')}
                error={errors.fields.stock}
                className="w-28"
              />
            ) : null}
          </div>
          <p className="text-xs text-muted">
            {values.trackStock
              ? 'Items in stock. Orders take from it, and an order for more than is left is refused.'
              : 'Not tracked: the product is always available.'}
          </p>
        </div>
        <div className="flex items-start gap-3">
          <TextField
            label="Image URL"
            type="url"
            placeholder="https://…"
            value={values.imageUrl}
            onChange={text('imageUrl')}
            error={errors.fields.imageUrl}
            maxLength={2000}
            className="flex-1"
          />
          <ImagePreview url={imageUrl} />
        </div>
        <div className="-mt-1 flex items-center gap-3 text-xs">
          <label className="cursor-pointer font-medium text-accent hover:underline focus-within:underline">
            Upload an image
            <input
              type="file"
              accept={IMAGE_CONTENT_TYPES.join(',')}
              className="sr-only"
              disabled={uploading !== null}
              onChange={(e) => {
                void uploadImage(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          <span className="text-muted" aria-live="polite">
            {uploading !== null ? `Uploading… ${Math.round(uploading * 100)}%` : 'PNG, JPEG, WebP, GIF or AVIF, up to 5 MB'}
          </span>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={values.active} onChange={(e) => set('active')(e.target.checked)} className="size-4 accent-accent" />
          Active <span className="text-xs text-muted">(inactive products cannot be ordered)</span>
        </label>
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : product ? 'Save changes' : 'Create product'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function ImagePreview({ url }: { url: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const usable = /^https?:\/\/\S+$/i.test(url);
  return (
    <div className="mt-5 flex size-14 shrink-0 items-center justify-center overflow-hidden rounded-md border border-border bg-subtle text-center text-[10px] leading-tight text-muted">
      {usable && failed !== url ? (
        <img src={url} alt="Image preview" className="size-full object-cover" onError={() => setFailed(url)} referrerPolicy="no-referrer" />
      ) : usable ? (
        "Can't load"
      ) : (
        'No image'
      )}
    </div>
  );
}
