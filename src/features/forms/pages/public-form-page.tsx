// `/f/:publicKey`: a business's form as its customers see it, signed in or not, on a phone as well as a
// desktop. Light on purpose (no icons, no dialogs): it is the first and only page many visitors load.
// Every input is labelled, required ones are marked, errors are announced and tied to their input, and
// focus goes to the first field that needs attention.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useParams } from 'react-router';
import type { PublicForm } from '../../../../contracts/forms';
import { FocusTarget } from '@/components/focus-target';
import { ApiError, errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { formatMoney } from '@/lib/money';
import { publicFormQueryOptions, useSubmitPublicForm } from '../public-api';

type Field = PublicForm['fields'][number];
type Value = string | boolean | Record<string, number>;
type Values = Record<string, Value>;

const MAX_QUANTITY = 999;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const boxClass =
  'rounded-md border border-border-strong bg-surface px-3 py-2 text-base text-fg placeholder:text-muted sm:text-sm ' +
  'aria-[invalid=true]:border-danger disabled:opacity-60';
const controlClass = `block w-full ${boxClass}`;

function initialValues(form: PublicForm): Values {
  return Object.fromEntries(form.fields.map((field) => [field.key, field.type === 'checkbox' ? false : field.type === 'product' ? {} : '']));
}

/** The products a product field offers: its chosen ones, or every product the form lists. */
function productsOf(form: PublicForm, field: Field) {
  return field.productIds?.length ? form.products.filter((p) => field.productIds!.includes(p.id)) : form.products;
}

/** What the browser can tell before sending; the server checks again and has the last word. */
function check(form: PublicForm, values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const value = values[field.key];
    if (field.type === 'checkbox') {
      if (field.required && value !== true) errors[field.key] = 'Please tick this box.';
    } else if (field.type === 'product') {
      const picked = Object.values((value as Record<string, number>) ?? {}).filter((q) => q > 0);
      if (field.required && picked.length === 0) errors[field.key] = 'Please choose at least one product.';
    } else {
      const text = String(value ?? '').trim();
      if (!text) {
        if (field.required) errors[field.key] = field.type === 'select' ? 'Please choose an option.' : 'Please fill this in.';
      } else if (field.type === 'email' && !EMAIL.test(text)) errors[field.key] = 'Enter an email address like name@example.com.';
      else if (field.type === 'number' && !Number.isFinite(Number(text))) errors[field.key] = 'Enter a number.';
    }
  }
  return errors;
}

/** The answers as JSON: typed values, empty optional answers left out. */
function answersOf(form: PublicForm, values: Values): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = values[field.key];
    if (field.type === 'checkbox') answers[field.key] = value === true;
    else if (field.type === 'product') {
      const items = Object.entries((value as Record<string, number>) ?? {})
        .filter(([, quantity]) => quantity > 0)
        .map(([productId, quantity]) => ({ productId, quantity }));
      if (items.length) answers[field.key] = items;
    } else {
      const text = String(value ?? '').trim();
      if (text) answers[field.key] = field.type === 'number' ? Number(text) : text;
    }
  }
  return answers;
}

/** The field a 422 detail names: the first segment of its path that is a field's key (`email`, `answers.email`). */
function fieldOfPath(path: string, keys: ReadonlySet<string>): string | null {
  return path.split('.').find((segment) => keys.has(segment)) ?? null;
}

function tooManyMessage(retryAfter: number | undefined): string {
  if (!retryAfter) return 'Too many submissions, try again in a few minutes.';
  const minutes = Math.max(1, Math.ceil(retryAfter / 60));
  return `Too many submissions, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-full px-4 py-6 sm:py-12">
      <main className="mx-auto w-full max-w-xl">{children}</main>
      <p className="mt-8 text-center text-xs text-muted">Powered by Switchboard</p>
    </div>
  );
}

export function PublicFormPage() {
  const { publicKey = '' } = useParams();
  const definition = useQuery(publicFormQueryOptions(publicKey));

  useEffect(() => {
    if (definition.data) document.title = `${definition.data.name} · ${definition.data.workspaceName}`;
  }, [definition.data]);

  if (definition.isPending) {
    return (
      <Frame>
        <p role="status" className="py-16 text-center text-muted">
          Loading the form…
        </p>
      </Frame>
    );
  }
  if (definition.isError) {
    const gone = definition.error.status === 404 || definition.error.code === 'validation_failed';
    return (
      <Frame>
        <div className="rounded-lg border border-border bg-surface p-6 text-center shadow-sm">
          <h1 className="text-lg font-semibold">{gone ? 'This form is not available' : 'Could not load this form'}</h1>
          <p className="mt-2 text-sm text-muted">{gone ? 'The link may be mistyped, or the form has been turned off.' : errorMessage(definition.error)}</p>
          {gone ? null : (
            <button
              type="button"
              onClick={() => definition.refetch()}
              className="mt-4 h-10 rounded-md border border-border-strong bg-surface px-4 text-sm font-medium hover:bg-subtle"
            >
              Try again
            </button>
          )}
        </div>
      </Frame>
    );
  }
  return (
    <Frame>
      <FilledForm publicKey={publicKey} form={definition.data} />
    </Frame>
  );
}

function FilledForm({ publicKey, form }: { publicKey: string; form: PublicForm }) {
  const [values, setValues] = useState<Values>(() => initialValues(form));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const submit = useSubmitPublicForm(publicKey);
  const root = useRef<HTMLFormElement>(null);
  const headingId = useId();
  const keys = new Set(form.fields.map((field) => field.key));

  useLayoutEffect(() => {
    if (!focusInvalid) return;
    const first = root.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)');
    if (!first) return;
    // The whole field in view (its label too, which focus alone may scroll off the top of a phone's screen).
    first.closest('[data-field]')?.scrollIntoView?.({ block: 'center' });
    first.focus({ preventScroll: true });
  }, [focusInvalid]);

  const setValue = (key: string, value: Value) => {
    setValues((current) => ({ ...current, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _dropped, ...rest }) => rest);
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submit.isPending) return;
    setFormError(null);
    const found = check(form, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFocusInvalid((n) => n + 1);
      return;
    }
    submit.mutate(answersOf(form, values), {
      onError: (error) => {
        if (!(error instanceof ApiError)) return setFormError(errorMessage(error));
        if (error.status === 404) return setClosed(true);
        if (error.status === 429) return setFormError(tooManyMessage(error.retryAfter));
        const byField: Record<string, string> = {};
        const elsewhere: string[] = [];
        for (const detail of error.details) {
          const key = fieldOfPath(detail.path, keys);
          if (key) byField[key] ??= detail.message;
          else elsewhere.push(detail.message);
        }
        setErrors(byField);
        setFormError(Object.keys(byField).length && !elsewhere.length ? null : (elsewhere[0] ?? error.message));
        if (Object.keys(byField).length) setFocusInvalid((n) => n + 1);
      },
    });
  }

  if (closed) {
    return (
      <FocusTarget className="rounded-lg border border-border bg-surface p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">This form is not available</h1>
        <p className="mt-2 text-sm text-muted">It was turned off while you were filling it in.</p>
      </FocusTarget>
    );
  }

  if (submit.isSuccess) {
    return (
      <FocusTarget className="rounded-lg border border-border bg-surface p-6 text-center shadow-sm">
        <p className="text-sm text-muted">{form.workspaceName}</p>
        <h1 className="mt-1 text-xl font-semibold">Thank you!</h1>
        <p className="mt-2 text-sm">{submit.data.message}</p>
        <button
          type="button"
          onClick={() => {
            setValues(initialValues(form));
            submit.reset();
          }}
          className="mt-5 h-10 rounded-md border border-border-strong bg-surface px-4 text-sm font-medium hover:bg-subtle"
        >
          Send another response
        </button>
      </FocusTarget>
    );
  }

  return (
    <form ref={root} noValidate onSubmit={onSubmit} aria-labelledby={headingId} className="rounded-lg border border-border bg-surface p-5 shadow-sm sm:p-8">
      <header className="mb-6">
        <h1 id={headingId} className="text-xl font-semibold tracking-tight">
          {form.workspaceName}
        </h1>
        <p className="mt-1 text-base text-muted">{form.name}</p>
        {form.fields.some((field) => field.required) ? (
          <p className="mt-3 text-xs text-muted">
            Fields marked <span className="text-danger">*</span> are required.
          </p>
        ) : null}
      </header>
      <div className="space-y-5">
        {form.fields.map((field) => (
          <PublicField
            key={field.key}
            form={form}
            field={field}
            value={values[field.key]!}
            error={errors[field.key]}
            disabled={submit.isPending}
            onChange={(value) => setValue(field.key, value)}
          />
        ))}
      </div>
      {formError ? (
        <p role="alert" className="mt-6 rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
          {formError}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={submit.isPending}
        className="mt-6 h-11 w-full rounded-md bg-accent px-5 text-base font-medium text-accent-fg hover:bg-accent-hover disabled:opacity-60 sm:w-auto sm:text-sm"
      >
        {submit.isPending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}

function RequiredMark() {
  return (
    <span aria-hidden className="ml-0.5 text-danger">
      *
    </span>
  );
}

function ErrorText({ id, children }: { id: string; children: string | undefined }) {
  // Always in the page, so the announcement happens when the message appears in it.
  return (
    <p id={id} role="alert" className={cx('text-sm text-danger', !children && 'sr-only')}>
      {children}
    </p>
  );
}

function PublicField({
  form,
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  form: PublicForm;
  field: Field;
  value: Value;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: Value) => void;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = error ? true : undefined;
  const describedBy = error ? errorId : undefined;

  if (field.type === 'checkbox') {
    return (
      <div data-field className="space-y-1">
        <label className="flex items-start gap-3 text-base sm:text-sm">
          <input
            type="checkbox"
            checked={value === true}
            required={field.required}
            disabled={disabled}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(event) => onChange(event.target.checked)}
            className="mt-0.5 size-5 shrink-0 accent-accent sm:size-4"
          />
          <span>
            {field.label}
            {field.required ? <RequiredMark /> : null}
          </span>
        </label>
        <ErrorText id={errorId}>{error}</ErrorText>
      </div>
    );
  }

  if (field.type === 'product') {
    const quantities = value as Record<string, number>;
    const offered = productsOf(form, field);
    const picked = offered.filter((product) => (quantities[product.id] ?? 0) > 0);
    const currencies = new Set(picked.map((product) => product.currency));
    const total = picked.reduce((sum, product) => sum + product.price * quantities[product.id]!, 0);
    return (
      <fieldset data-field className="space-y-2" aria-describedby={describedBy}>
        <legend className="mb-2 text-sm font-medium">
          {field.label}
          {field.required ? <RequiredMark /> : null}
          {field.required ? <span className="sr-only"> (required)</span> : null}
        </legend>
        {offered.length === 0 ? (
          <p className="text-sm text-muted">No products are available right now.</p>
        ) : (
          <ul className="divide-y divide-border rounded-md border border-border">
            {offered.map((product) => {
              const inputId = `${id}-${product.id}`;
              return (
                <li key={product.id} className="flex items-center gap-3 px-3 py-2.5">
                  <label htmlFor={inputId} className={cx('min-w-0 flex-1', !product.available && 'opacity-60')}>
                    <span className="block text-base font-medium sm:text-sm">{product.name}</span>
                    <span className="block text-sm text-muted">
                      {formatMoney(product.price, product.currency)}
                      {product.available ? null : ' · Not available'}
                    </span>
                  </label>
                  <input
                    id={inputId}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_QUANTITY}
                    step={1}
                    placeholder="0"
                    disabled={disabled || !product.available}
                    value={quantities[product.id] ? String(quantities[product.id]) : ''}
                    aria-label={`Quantity of ${product.name}`}
                    aria-invalid={invalid}
                    aria-describedby={describedBy}
                    onChange={(event) => {
                      const parsed = Number.parseInt(event.target.value, 10);
                      const quantity = Number.isNaN(parsed) ? 0 : Math.max(0, Math.min(MAX_QUANTITY, parsed));
                      onChange({ ...quantities, [product.id]: quantity });
                    }}
                    className={cx(boxClass, 'w-20 shrink-0 text-center tabular-nums')}
                  />
                </li>
              );
            })}
          </ul>
        )}
        {picked.length > 0 && currencies.size === 1 ? (
          <p className="text-right text-sm" aria-live="polite">
            Total <span className="font-semibold tabular-nums">{formatMoney(total, picked[0]!.currency)}</span>
          </p>
        ) : null}
        <ErrorText id={errorId}>{error}</ErrorText>
      </fieldset>
    );
  }

  const common = {
    id,
    name: field.key,
    required: field.required,
    disabled,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    className: controlClass,
  };
  const text = value as string;
  let control: ReactNode;
  if (field.type === 'textarea') {
    control = <textarea {...common} rows={4} value={text} onChange={(event) => onChange(event.target.value)} maxLength={5000} />;
  } else if (field.type === 'select') {
    control = (
      <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose…</option>
        {(field.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    const byType = {
      text: { type: 'text', maxLength: 500 },
      email: { type: 'email', autoComplete: 'email', inputMode: 'email' as const, spellCheck: false, maxLength: 254 },
      phone: { type: 'tel', autoComplete: 'tel', inputMode: 'tel' as const, maxLength: 50 },
      number: { type: 'text', inputMode: 'decimal' as const, maxLength: 40 },
    }[field.type];
    control = <input {...common} {...byType} value={text} onChange={(event) => onChange(event.target.value)} />;
  }

  return (
    <div data-field className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {field.label}
        {field.required ? <RequiredMark /> : null}
      </label>
      {control}
      <ErrorText id={errorId}>{error}</ErrorText>
    </div>
  );
}
