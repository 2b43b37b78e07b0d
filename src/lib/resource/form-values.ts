// The form a declaration generates, as data: what each field's input holds (text; money as a decimal in major
// units), the body those inputs stand for (money in minor units, empty optional fields null, an edit only what
// changed), checked with the declaration's own create or update schema, and the server's 422 details per field.
import { fieldsOf, resourceSchemas, type ResourceDef } from '../../../contracts/resource';
import { ApiError } from '../api-error';
import { formErrorsFrom, issuesToFields, type FormErrors } from '../form-errors';
import { parseDecimal, toDecimalInput } from '../money';
import { currencyOf, type Field } from './format';
import type { ResourceRecord } from './cache';

export type FormValues = Record<string, string>;

/** The fields a form edits: the writable ones (structured `json` values have editors of their own). */
export const editableFields = (def: ResourceDef): Field[] => fieldsOf(def).filter((f) => !f.readOnly && f.kind !== 'json');

/** The fields only the server sets: shown on an edit, never sent. */
export const readOnlyFields = (def: ResourceDef): Field[] => fieldsOf(def).filter((f) => f.readOnly);

export function initialValues(def: ResourceDef, record?: ResourceRecord): FormValues {
  const values: FormValues = {};
  for (const field of editableFields(def)) {
    const value = record?.[field.key];
    if (!record) values[field.key] = field.kind === 'enum' || field.kind === 'currency' ? (field.default ?? '') : '';
    else if (value === null || value === undefined) values[field.key] = '';
    else if (field.kind === 'money') values[field.key] = toDecimalInput(Number(value), currencyOf(def, record));
    else values[field.key] = String(value);
  }
  return values;
}

const choose = (field: Field) => field.kind === 'ref' || field.kind === 'enum' || field.kind === 'currency';

/** "Enter name", "Choose a plant": what an empty required field says. */
export function requiredMessage(field: Field): string {
  const label = field.label.toLowerCase();
  return choose(field) ? `Choose ${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}` : `Enter ${label}`;
}

/** The currency the form's money is typed in: its currency input when that is a code, else the field's default. */
export function formCurrency(def: ResourceDef, values: FormValues): string {
  return currencyOf(def, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])));
}

/**
 * The body the inputs stand for, and the errors that keep it from being sent: local ones (an empty required
 * field, a number that is not one) first, then the schema's. A new record leaves out empty fields (the server's
 * defaults apply); an edit sends only what changed, `null` for a cleared field.
 */
export function formBody(def: ResourceDef, values: FormValues, record?: ResourceRecord): { body: Record<string, unknown>; errors: Record<string, string> } {
  const currency = formCurrency(def, values);
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of editableFields(def)) {
    const raw = values[field.key] ?? '';
    const text = raw.trim();
    let value: unknown = null;
    if (text === '') {
      if (field.required || (record && 'default' in field && field.default !== undefined)) errors[field.key] = requiredMessage(field);
    } else if (field.kind === 'int') {
      if (/^-?\d+$/.test(text)) value = Number(text);
      else errors[field.key] = 'Enter a whole number';
    } else if (field.kind === 'money') {
      value = parseDecimal(text, currency);
      if (value === null) errors[field.key] = `Enter an amount such as ${toDecimalInput(2500, currency)}`;
    } else if (field.kind === 'currency') value = text.toLowerCase();
    else if (field.kind === 'longText') value = raw;
    else value = text;
    if (record) {
      if ((record[field.key] ?? null) !== value) body[field.key] = value;
    } else if (value !== null) body[field.key] = value;
  }
  const schemas = resourceSchemas(def);
  const parsed = (record ? schemas.update : schemas.create).safeParse(body);
  const keys = editableFields(def).map((f) => f.key);
  const schemaErrors = parsed.success ? {} : (issuesToFields(parsed.error.issues, keys) as Record<string, string>);
  return { body, errors: { ...schemaErrors, ...errors } };
}

/** The server's refusal as form errors: 422 details beside their fields (`body.plantId` or `plantId`), else one message. */
export function serverErrors(def: ResourceDef, error: unknown): FormErrors<string> {
  const keys = editableFields(def).map((f) => f.key);
  const normalised =
    error instanceof ApiError
      ? new ApiError(
          error.status,
          error.code,
          error.message,
          error.details.map((d) => ({ ...d, path: d.path.replace(/^body\./, '') })),
          error.retryAfter,
        )
      : error;
  return formErrorsFrom(normalised, keys);
}
