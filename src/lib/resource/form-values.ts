// The form a declaration generates, as data: what each field's input holds (text; money as a decimal in major
// units), the body those inputs stand for (money in minor units, empty optional fields null, an edit only what
// changed), checked with the declaration's own create or update schema, and the server's 422 details per field.
import { fieldsOf, resourceSchemas, type ResourceDef } from '../../../contracts/resource';
import { ApiError } from '../api-error';
import { formErrorsFrom, issuesToFields, type FormErrors } from '../form-errors';
import { parseDecimal, toDecimalInput } from '../money';
import { currencyOf, type Field } from './format';
import type { ResourceRecord } from './cache';
import type { Resource } from './meta';

export type FormValues = Record<string, string>;

/** The fields a form generates inputs for: the writable ones but json (editable only with an editor its pages give: structuredFields). */
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

/** A form's values of the fields with an editor of their own (./field-components.ts), as the editors hold them. */
export type StructuredValues = Record<string, unknown>;

/** The fields with an editor of their own: writable json fields the page gives one. */
export const structuredFields = (resource: Resource): Field[] =>
  fieldsOf(resource.def).filter((f) => !f.readOnly && f.kind === 'json' && resource.fields?.[f.key]?.edit);

export function initialStructured(fields: readonly Field[], record?: ResourceRecord): StructuredValues {
  return Object.fromEntries(fields.map((f) => [f.key, record?.[f.key] ?? null]));
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The body the inputs stand for, and the errors that keep it from being sent: local ones (an empty required
 * field, a number that is not one) first, then the schema's. A new record leaves out empty fields (the server's
 * defaults apply); an edit sends only what changed, `null` for a cleared field. Structured values (their own
 * editors) go as they are; their errors are keyed by their full path (`inputs.1.quantity`).
 */
export function formBody(
  def: ResourceDef,
  values: FormValues,
  record?: ResourceRecord,
  structured: StructuredValues = {},
): { body: Record<string, unknown>; errors: Record<string, string> } {
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
  for (const [key, raw] of Object.entries(structured)) {
    const value = raw ?? null;
    const field = def.fields[key];
    if (value === null && field?.required) errors[key] = requiredMessage({ ...field, key });
    if (record) {
      if (!sameValue(record[key], value)) body[key] = value;
    } else if (value !== null) body[key] = value;
  }
  const schemas = resourceSchemas(def);
  const parsed = (record ? schemas.update : schemas.create).safeParse(body);
  const keys = editableFields(def).map((f) => f.key);
  const schemaErrors = parsed.success ? {} : (issuesToFields(parsed.error.issues, keys) as Record<string, string>);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key] = issue.path;
      if (typeof key === 'string' && key in structured) schemaErrors[issue.path.map(String).join('.')] ??= issue.message;
    }
  }
  return { body, errors: { ...schemaErrors, ...errors } };
}

/**
 * The server's refusal as form errors: 422 details beside their fields (`body.plantId` or `plantId`), those
 * below a structured field by their full path (`inputs.1.materialId`), else one message.
 */
export function serverErrors(def: ResourceDef, error: unknown, structuredKeys: readonly string[] = []): FormErrors<string> {
  const keys = editableFields(def).map((f) => f.key);
  if (!(error instanceof ApiError)) return formErrorsFrom(error, keys);
  const details = error.details.map((d) => ({ ...d, path: d.path.replace(/^body\./, '') }));
  const below = (path: string) => structuredKeys.some((key) => path === key || path.startsWith(`${key}.`));
  const normalised = new ApiError(error.status, error.code, error.message, details, error.retryAfter);
  const found = formErrorsFrom(normalised, keys);
  const nested: Record<string, string> = {};
  for (const detail of details) if (below(detail.path)) nested[detail.path] ??= detail.message;
  if (Object.keys(nested).length === 0) return found;
  return { fields: { ...(found.form === null ? found.fields : {}), ...nested }, form: null };
}
