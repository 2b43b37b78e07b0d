// Create or edit a record with the form its declaration generates: one input per writable field by kind (text,
// a textarea for long text, email, phone, date, whole numbers, money typed in major units, a currency code, a
// select of an enum's values, a combobox of referenced records), required ones marked, server-set ones shown
// but not editable; json fields with the editor their pages give (./field-components.ts). Checked with the
// declaration's schema before it is sent; the server's field errors land beside their fields.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { inputClass } from '@/components/text-field';
import { cx } from '../cx';
import { noFormErrors, type FormErrors } from '../form-errors';
import { useCreateRecord, useUpdateRecord } from './api';
import type { ResourceRecord } from './cache';
import { issuesAt, issuesUnder, type FieldComponents, type FieldIssues } from './field-components';
import { enumLabel, formatValue, titleOf, type Field } from './format';
import {
  editableFields,
  formBody,
  formCurrency,
  initialStructured,
  initialValues,
  readOnlyFields,
  serverErrors,
  structuredFields,
  type FormValues,
  type StructuredValues,
} from './form-values';
import type { Resource } from './meta';
import { RefPicker, RefValue } from './refs';

/** Offered in currency fields; any three-letter code is accepted. */
const COMMON_CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'chf', 'jpy', 'sek', 'nok', 'dkk', 'pln', 'brl', 'mxn', 'inr'];

/** A label (required ones marked), the control, its help line and its error, wired for assistive technology. */
function FieldShell({
  id,
  field,
  error,
  className,
  children,
  label = field.label,
}: {
  id: string;
  field: Field;
  error: string | undefined;
  className?: string;
  children: ReactNode;
  label?: string;
}) {
  return (
    <div className={cx('space-y-1', className)}>
      <label htmlFor={id} className="block text-xs font-medium text-fg">
        {label}
        {field.required ? (
          <span aria-hidden className="text-danger">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children}
      {field.help ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {field.help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Long text, long single lines (addresses, task titles) and references take the form's full width. */
const isWide = (field: Field) => field.kind === 'longText' || (field.kind === 'text' && (field.max ?? 200) > 200);

export function FieldInput({
  wid,
  field,
  value,
  onChange,
  error,
  currency,
  autoFocus,
}: {
  wid: string;
  field: Field;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** The currency money is typed in (the form's currency field). */
  currency: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const describedBy = [field.help ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    required: field.required,
    autoFocus,
  };
  const wide = isWide(field) ? 'col-span-2' : undefined;
  const text = (e: { target: { value: string } }) => onChange(e.target.value);

  switch (field.kind) {
    case 'ref':
      return (
        <RefPicker
          wid={wid}
          target={field.to}
          value={value}
          onChange={onChange}
          label={field.label}
          emptyLabel={`No ${field.label.toLowerCase()}`}
          required={Boolean(field.required)}
          error={error}
          hint={field.help}
          className={wide}
        />
      );
    case 'longText':
      return (
        <FieldShell id={id} field={field} error={error} className="col-span-2">
          <textarea {...common} value={value} onChange={text} rows={3} maxLength={10_000} className={cx(inputClass, 'h-auto py-1.5')} />
        </FieldShell>
      );
    case 'enum':
      return (
        <FieldShell id={id} field={field} error={error}>
          <select {...common} value={value} onChange={text} className={inputClass}>
            {!field.required && field.default === undefined ? <option value="">—</option> : null}
            {field.values.map((v) => (
              <option key={v} value={v}>
                {enumLabel(v)}
              </option>
            ))}
          </select>
        </FieldShell>
      );
    case 'money':
      return (
        <FieldShell id={id} field={field} error={error} label={`${field.label} (${currency.toUpperCase()})`}>
          <input
            {...common}
            value={value}
            onChange={text}
            inputMode="decimal"
            placeholder="0.00"
            autoComplete="off"
            className={cx(inputClass, 'tabular-nums')}
          />
        </FieldShell>
      );
    case 'int':
      return (
        <FieldShell id={id} field={field} error={error}>
          <input
            {...common}
            type="number"
            inputMode="numeric"
            step={1}
            min={field.min ?? 0}
            max={field.max}
            value={value}
            onChange={text}
            className={cx(inputClass, 'tabular-nums')}
          />
        </FieldShell>
      );
    case 'currency':
      return (
        <FieldShell id={id} field={field} error={error}>
          <input
            {...common}
            value={value}
            onChange={text}
            list={`${id}-currencies`}
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            className={cx(inputClass, 'uppercase')}
          />
          <datalist id={`${id}-currencies`}>
            {COMMON_CURRENCIES.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </FieldShell>
      );
    default: {
      const type = field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : field.kind === 'date' ? 'date' : 'text';
      const max = field.kind === 'text' ? (field.max ?? 200) : field.kind === 'email' ? 254 : field.kind === 'phone' ? 50 : undefined;
      return (
        <FieldShell id={id} field={field} error={error} className={wide}>
          <input
            {...common}
            type={type}
            value={value}
            onChange={text}
            maxLength={max}
            autoComplete={field.kind === 'email' ? 'email' : field.kind === 'phone' ? 'tel' : 'off'}
            className={inputClass}
          />
        </FieldShell>
      );
    }
  }
}

/** A json field with its page's own editor: a group named by the field's label, its help and its own error. */
function StructuredField({
  wid,
  field,
  edit: Editor,
  value,
  onChange,
  errors,
  record,
}: {
  wid: string;
  field: Field;
  edit: NonNullable<FieldComponents<unknown>['edit']>;
  value: unknown;
  onChange: (value: unknown, issues?: FieldIssues) => void;
  errors: Record<string, string>;
  record: ResourceRecord | undefined;
}) {
  const id = useId();
  const own = errors[''];
  // The same object until the messages change, so the editor can tell new messages from a re-render.
  const below = useMemo(() => Object.fromEntries(Object.entries(errors).filter(([path]) => path !== '')), [errors]);
  const describedBy = [field.help ? `${id}-hint` : null, own ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="col-span-2 min-w-0 space-y-1.5" aria-describedby={describedBy} aria-invalid={own ? true : undefined}>
      <legend className="mb-1 text-xs font-medium text-fg">
        {field.label}
        {field.required ? (
          <span aria-hidden className="text-danger">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {field.help ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {field.help}
        </p>
      ) : null}
      <Editor wid={wid} field={field} value={value} onChange={onChange} errors={below} record={record} />
      {own ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {own}
        </p>
      ) : null}
    </fieldset>
  );
}

export function RecordFormDialog({
  resource,
  wid,
  open,
  onOpenChange,
  record,
  onSaved,
}: {
  resource: Resource;
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The record to edit; none: a new one. */
  record?: ResourceRecord;
  onSaved?: (record: ResourceRecord) => void;
}) {
  const { def } = resource;
  const create = useCreateRecord(resource, wid);
  const update = useUpdateRecord(resource, wid);
  const structured = useMemo(() => structuredFields(resource), [resource]);
  const [values, setValues] = useState<FormValues>(() => initialValues(def, record));
  const [structuredValues, setStructuredValues] = useState<StructuredValues>(() => initialStructured(structured, record));
  // What each structured editor says keeps its value from being sent, by path below its field.
  const [issues, setIssues] = useState<Record<string, FieldIssues>>({});
  // Remounts the structured editors each time the form opens, so they start from the values they are handed.
  const [opening, setOpening] = useState(0);
  const [errors, setErrors] = useState<FormErrors<string>>(noFormErrors);
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const pending = create.isPending || update.isPending;

  // Fresh values (and one Idempotency-Key for this new record, reused on retry) each time it opens.
  const recordRef = useRef(record);
  recordRef.current = record;
  useEffect(() => {
    if (open) {
      setValues(initialValues(def, recordRef.current));
      setStructuredValues(initialStructured(structured, recordRef.current));
      setIssues({});
      setOpening((n) => n + 1);
      setErrors(noFormErrors);
      setIdempotencyKey(crypto.randomUUID());
      create.reset();
      update.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A structured value its editor still finds incomplete is neither checked nor sent: its issues are shown.
    const incomplete = (key: string) => Object.keys(issues[key] ?? {}).length > 0;
    const complete = Object.fromEntries(Object.entries(structuredValues).filter(([key]) => !incomplete(key)));
    const { body, errors: checks } = formBody(def, values, record, complete);
    const local: Record<string, string> = { ...checks };
    for (const [key, found] of Object.entries(issues)) Object.assign(local, issuesAt(key, found));
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null });
      return;
    }
    setErrors(noFormErrors);
    const done = (saved: ResourceRecord) => {
      onOpenChange(false);
      onSaved?.(saved);
    };
    const structuredKeys = structured.map((f) => f.key);
    const onError = (error: unknown) => setErrors(serverErrors(def, error, structuredKeys));
    if (record) {
      if (Object.keys(body).length === 0) return onOpenChange(false);
      update.mutate({ id: record.id, body }, { onSuccess: done, onError });
    } else {
      create.mutate({ body, idempotencyKey }, { onSuccess: done, onError });
    }
  }

  const currency = formCurrency(def, values);
  const label = def.label.toLowerCase();
  // One object per field and per answer, so an editor can tell new messages from a re-render.
  const structuredErrors = useMemo(() => Object.fromEntries(structured.map((f) => [f.key, issuesUnder(errors.fields, f.key)])), [structured, errors.fields]);
  const shownReadOnly = record ? readOnlyFields(def) : [];
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={record ? `Edit ${titleOf(def, record)}` : `New ${label}`}
      description={record ? undefined : `Its code is assigned when it is created.`}
      className="top-[6%] max-h-[88vh] w-[min(40rem,calc(100vw-2rem))] overflow-y-auto"
    >
      <form noValidate onSubmit={submit} className="space-y-3" aria-label={record ? `Edit ${label}` : `New ${label}`}>
        <FormError message={errors.form} />
        <div className="grid grid-cols-2 gap-3">
          {editableFields(def).map((field, index) => (
            <FieldInput
              key={field.key}
              wid={wid}
              field={field}
              value={values[field.key] ?? ''}
              onChange={(value) => setValues((v) => ({ ...v, [field.key]: value }))}
              error={errors.fields[field.key]}
              currency={currency}
              autoFocus={index === 0}
            />
          ))}
          {structured.map((field) => (
            <StructuredField
              key={`${field.key}:${opening}`}
              wid={wid}
              field={field}
              edit={resource.fields![field.key]!.edit!}
              value={structuredValues[field.key] ?? null}
              onChange={(value, found = {}) => {
                setStructuredValues((v) => ({ ...v, [field.key]: value }));
                setIssues((current) => ({ ...current, [field.key]: found }));
              }}
              errors={structuredErrors[field.key] ?? {}}
              record={record}
            />
          ))}
        </div>
        {shownReadOnly.length > 0 && record ? (
          <dl className="grid grid-cols-2 gap-3 rounded-md bg-subtle px-3 py-2 text-sm" aria-label="Set by the system">
            {shownReadOnly.map((field) => (
              <div key={field.key}>
                <dt className="text-xs text-muted">{field.label}</dt>
                <dd className="mt-0.5">
                  {field.kind === 'ref' && typeof record[field.key] === 'string' ? (
                    <RefValue wid={wid} target={field.to} id={record[field.key] as string} link={false} />
                  ) : (
                    (formatValue(def, field, record) ?? '—')
                  )}
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        <p className="text-xs text-muted">
          <span aria-hidden className="text-danger">
            *
          </span>{' '}
          Required
        </p>
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : record ? 'Save changes' : `Create ${label}`}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
