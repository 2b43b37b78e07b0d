// The form builder's working copy of a form: fields with a stable id for React and focus, whether the key was
// typed (otherwise it follows the label), and the server's 422 details mapped back onto the fields they name.
import type { FieldType, Form, SaveFormBody } from '../../../contracts/forms';
import type { ErrorDetail } from '../../../contracts/errors';

export interface FieldDraft {
  uid: string;
  label: string;
  key: string;
  /** The key was typed: it no longer follows the label. */
  keyEdited: boolean;
  type: FieldType;
  required: boolean;
  options: string[];
  productIds: string[];
}

export interface FormDraft {
  name: string;
  active: boolean;
  fields: FieldDraft[];
}

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Short text',
  email: 'Email',
  phone: 'Phone',
  number: 'Number',
  textarea: 'Long text',
  select: 'Choice (select)',
  checkbox: 'Checkbox',
  product: 'Products',
};

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

let counter = 0;
const nextUid = () => `field-${++counter}`;

/** "Your e-mail address" → "your_e_mail_address": lower_snake, starting with a letter, at most 40 characters. */
export function keyFromLabel(label: string): string {
  const snake = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const start = /^[a-z]/.test(snake) ? snake : snake ? `f_${snake}` : '';
  return start.slice(0, 40).replace(/_+$/, '');
}

/** What is typed into the key box, kept to lower_snake as it is typed. */
export function normalizeKeyInput(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 40);
}

/** `key`, or `key_2`, `key_3`… when another field has it already. */
export function uniqueKey(key: string, taken: ReadonlySet<string>): string {
  if (!key || !taken.has(key)) return key;
  for (let n = 2; ; n++) {
    const candidate = `${key.slice(0, 40 - String(n).length - 1)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function newField(type: FieldType, taken: ReadonlySet<string>, label = ''): FieldDraft {
  return {
    uid: nextUid(),
    label,
    key: uniqueKey(keyFromLabel(label), taken),
    keyEdited: false,
    type,
    required: false,
    options: type === 'select' ? [''] : [],
    productIds: [],
  };
}

/** A new form starts with a name and an email field: the email is how a submission finds its customer. */
export function newFormDraft(): FormDraft {
  const name = { ...newField('text', new Set(), 'Your name'), key: 'name', required: true };
  const email = { ...newField('email', new Set(), 'Email'), required: true };
  return { name: '', active: true, fields: [name, email] };
}

export function draftFromForm(form: Pick<Form, 'name' | 'active' | 'fields'>): FormDraft {
  return {
    name: form.name,
    active: form.active,
    fields: form.fields.map((field) => ({
      uid: nextUid(),
      label: field.label,
      key: field.key,
      keyEdited: true,
      type: field.type,
      required: field.required,
      options: field.options ?? [],
      productIds: field.productIds ?? [],
    })),
  };
}

export function bodyFromDraft(draft: FormDraft): SaveFormBody {
  return {
    name: draft.name,
    active: draft.active,
    fields: draft.fields.map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      required: field.required,
      ...(field.type === 'select' ? { options: field.options } : {}),
      ...(field.type === 'product' && field.productIds.length > 0 ? { productIds: field.productIds } : {}),
    })),
  };
}

export interface DraftErrors {
  name?: string;
  /** About the fields as a whole ("Add an email field"). */
  fields?: string;
  /** By field uid, then by the rest of the path: `key`, `label`, `options`, `options.2`, `productIds`, or `''`. */
  byField: Record<string, Record<string, string>>;
  /** What names no field. */
  form?: string;
}

/** Maps 422 details (`fields.2.key`) onto the fields as they were when the form was sent. */
export function draftErrors(details: readonly ErrorDetail[], sent: readonly FieldDraft[], message: string): DraftErrors {
  const errors: DraftErrors = { byField: {} };
  for (const { path, message: text } of details) {
    const [head, index, ...rest] = path.split('.');
    if (head === 'name') errors.name ??= text;
    else if (head === 'fields' && index === undefined) errors.fields ??= text;
    else if (head === 'fields' && index !== undefined && sent[Number(index)]) {
      const field = (errors.byField[sent[Number(index)]!.uid] ??= {});
      field[rest.join('.')] ??= text;
    } else errors.form ??= text;
  }
  if (!errors.name && !errors.fields && Object.keys(errors.byField).length === 0) errors.form ??= message;
  return errors;
}
