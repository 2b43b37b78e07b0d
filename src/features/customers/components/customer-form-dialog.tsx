// Create a customer, or edit one: contact details, tags, and the client fields (address, tax ID, notes,
// status). The code is the server's (CLI-0001) and only shown. Checked with the contract's schema before
// sending; the server's 422 details land beside the fields they name, a taken email beside the email.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CUSTOMER_STATUSES, createCustomerBodySchema, updateCustomerBodySchema, type Customer } from '../../../../contracts/customers';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCreateCustomer, useUpdateCustomer } from '../api';
import { CUSTOMER_STATUS_LABELS } from './customer-status';
import { SelectField, TextAreaField } from './form-controls';

const FIELDS = ['name', 'email', 'phone', 'company', 'tags', 'address', 'taxId', 'notes', 'status'] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  name: string;
  email: string;
  phone: string;
  company: string;
  tags: string;
  address: string;
  taxId: string;
  notes: string;
  status: Customer['status'];
}

const empty: Values = { name: '', email: '', phone: '', company: '', tags: '', address: '', taxId: '', notes: '', status: 'active' };

function valuesOf(customer: Customer | undefined): Values {
  if (!customer) return empty;
  return {
    name: customer.name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    company: customer.company ?? '',
    tags: customer.tags.join(', '),
    address: customer.address ?? '',
    taxId: customer.taxId ?? '',
    notes: customer.notes ?? '',
    status: customer.status,
  };
}

const splitTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** Create a customer, or edit one (`customer` given). Empty optional fields mean "none". */
export function CustomerFormDialog({
  wid,
  open,
  onOpenChange,
  customer,
  onSaved,
}: {
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  customer?: Customer;
  onSaved?: (customer: Customer) => void;
}) {
  const create = useCreateCustomer(wid);
  const update = useUpdateCustomer(wid);
  const [values, setValues] = useState<Values>(() => valuesOf(customer));
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const pending = create.isPending || update.isPending;

  // Fresh values each time it opens (not on every live update of the customer while it is open).
  const customerRef = useRef(customer);
  customerRef.current = customer;
  useEffect(() => {
    if (open) {
      setValues(valuesOf(customerRef.current));
      setErrors(noFormErrors);
    }
  }, [open]);

  const set = (field: keyof Values) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const orNull = (text: string) => (text.trim() ? text.trim() : null);
    const body = {
      name: values.name,
      email: orNull(values.email),
      phone: orNull(values.phone),
      company: orNull(values.company),
      tags: splitTags(values.tags),
      address: orNull(values.address),
      taxId: orNull(values.taxId),
      // Notes keep their line breaks (and inner spacing); only blank notes are "none".
      notes: values.notes.trim() ? values.notes : null,
      status: values.status,
    };
    const parsed = (customer ? updateCustomerBodySchema : createCustomerBodySchema).safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    const options = {
      onSuccess: (saved: Customer) => {
        onOpenChange(false);
        onSaved?.(saved);
      },
      onError: (error: unknown) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'email' })),
    };
    if (customer) update.mutate({ id: customer.id, body }, options);
    else create.mutate(body, options);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={customer ? 'Edit customer' : 'New customer'}
      description={customer ? `Client ${customer.code}` : 'Only the name is required. The client code is assigned when it is created.'}
      className="top-[6%] max-h-[88vh] w-[min(36rem,calc(100vw-2rem))] overflow-y-auto"
    >
      <form noValidate onSubmit={submit} className="space-y-3">
        <FormError message={errors.form} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr]">
          <TextField label="Name" value={values.name} onChange={set('name')} error={errors.fields.name} autoFocus maxLength={200} required />
          <SelectField label="Status" value={values.status} onChange={set('status')} error={errors.fields.status}>
            {CUSTOMER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CUSTOMER_STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField label="Email" type="email" value={values.email} onChange={set('email')} error={errors.fields.email} maxLength={254} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Phone" type="tel" value={values.phone} onChange={set('phone')} error={errors.fields.phone} maxLength={50} />
          <TextField label="Company" value={values.company} onChange={set('company')} error={errors.fields.company} maxLength={200} />
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr]">
          <TextAreaField label="Address" value={values.address} onChange={set('address')} error={errors.fields.address} maxLength={500} rows={2} />
          <TextField
            label="Tax ID"
            value={values.taxId}
            onChange={set('taxId')}
            error={errors.fields.taxId}
            maxLength={50}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <TextField label="Tags" value={values.tags} onChange={set('tags')} error={errors.fields.tags} hint="Separate tags with commas, e.g. vip, wholesale" />
        <TextAreaField label="Notes" value={values.notes} onChange={set('notes')} error={errors.fields.notes} maxLength={10_000} rows={4} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : customer ? 'Save changes' : 'Create customer'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
