// A public form's answers: checked field by field and brought to their stored form. A browser posts JSON
// (values as typed) or form-encoded (every value a string, coerced by the field's type):
// - checkbox: true/false, or "on" / "true" / "1" / "yes" for ticked and "off" / "false" / "0" / "no" / "" for not;
//   an absent checkbox is unticked.
// - number: a number, or its decimal text.
// - product: JSON `[{ productId, quantity }]`; form-encoded, the field's key repeated once per picked product,
//   each value `<productId>` (one of it) or `<productId>:<quantity>` (e.g. `items=…:2&items=…`).
// An empty value counts as no answer. Keys that are not the form's fields are refused.
import type { ErrorDetail } from '../../../contracts/errors.js';
import { emailSchema, hasNoNul } from '../../../contracts/common.js';
import type { FormField } from '../../../contracts/forms.js';
import { ORDER_MAX_ITEMS } from '../../../contracts/orders.js';

export interface ProductPick {
  productId: string;
  quantity: number;
}
export type AnswerValue = string | number | boolean | ProductPick[];

/** What validation needs to know of a picked product. */
export interface PickableProduct {
  id: string;
  active: boolean;
}

export const TEXT_MAX = 500;
export const TEXTAREA_MAX = 5_000;
export const PHONE_MIN = 3;
export const PHONE_MAX = 50;
export const QUANTITY_MAX = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PICK_TEXT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?::(\d{1,6}))?$/i;
const TICKED = new Set(['on', 'true', '1', 'yes']);
const UNTICKED = new Set(['off', 'false', '0', 'no', '']);

class Invalid {
  constructor(readonly message: string) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function onePick(raw: unknown): ProductPick | Invalid | null {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return null;
    const m = PICK_TEXT.exec(text);
    if (!m) return new Invalid('Pick products as <productId> or <productId>:<quantity>');
    return { productId: m[1]!.toLowerCase(), quantity: m[2] === undefined ? 1 : Number(m[2]) };
  }
  if (!isRecord(raw)) return new Invalid('Pick products as { productId, quantity }');
  const extra = Object.keys(raw).filter((k) => k !== 'productId' && k !== 'quantity');
  if (extra.length > 0) return new Invalid(`Unknown field: ${extra.join(', ')}`);
  const { productId, quantity } = raw;
  if (typeof productId !== 'string' || !UUID.test(productId)) return new Invalid('Pick one of the offered products');
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return new Invalid('Use a whole number of each product');
  return { productId: productId.toLowerCase(), quantity };
}

/** A product field's value as picks (the same product picked twice counts once, quantities added). */
export function parsePicks(raw: unknown): ProductPick[] | Invalid {
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const merged = new Map<string, number>();
  for (const value of values) {
    const pick = onePick(value);
    if (pick instanceof Invalid) return pick;
    if (pick === null) continue;
    if (pick.quantity < 1) return new Invalid('Pick at least 1 of each product');
    merged.set(pick.productId, (merged.get(pick.productId) ?? 0) + pick.quantity);
  }
  const picks = [...merged].map(([productId, quantity]) => ({ productId, quantity }));
  if (picks.some((p) => p.quantity > QUANTITY_MAX)) return new Invalid(`At most ${QUANTITY_MAX} of each product`);
  if (picks.length > ORDER_MAX_ITEMS) return new Invalid(`Pick at most ${ORDER_MAX_ITEMS} products`);
  return picks;
}

/** The product ids a submission's product fields name (before they are checked), for looking them up. */
export function pickedProductIds(fields: FormField[], body: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const field of fields) {
    if (field.type !== 'product') continue;
    const picks = parsePicks(body[field.key]);
    if (!(picks instanceof Invalid)) for (const p of picks) ids.add(p.productId);
  }
  return [...ids];
}

/** A single text value: trimmed; null when empty. */
function text(raw: unknown): string | null | Invalid {
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw)) return new Invalid('Send one value');
  if (typeof raw !== 'string') return new Invalid('Enter text');
  if (!hasNoNul(raw)) return new Invalid('Must not contain a NUL character');
  const trimmed = raw.trim();
  return trimmed === '' ? null : trimmed;
}

function answerOf(field: FormField, raw: unknown, products: Map<string, PickableProduct>): AnswerValue | null | Invalid {
  switch (field.type) {
    case 'checkbox': {
      if (raw === undefined || raw === null) return false;
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && TICKED.has(raw.trim().toLowerCase())) return true;
      if (typeof raw === 'string' && UNTICKED.has(raw.trim().toLowerCase())) return false;
      return new Invalid('Tick or untick this box');
    }
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : new Invalid('Enter a number');
      const value = text(raw);
      if (value === null || value instanceof Invalid) return value;
      const n = Number(value);
      return Number.isFinite(n) ? n : new Invalid('Enter a number');
    }
    case 'product': {
      const picks = parsePicks(raw);
      if (picks instanceof Invalid) return picks;
      if (picks.length === 0) return null;
      for (const pick of picks) {
        const product = products.get(pick.productId);
        const offered = field.productIds?.length ? field.productIds.includes(pick.productId) : product?.active === true;
        if (!product || !offered) return new Invalid('Pick one of the offered products');
        if (!product.active) return new Invalid('One of the picked products is no longer available');
      }
      return picks;
    }
    default: {
      const value = text(raw);
      if (value === null || value instanceof Invalid) return value;
      switch (field.type) {
        case 'email': {
          const email = value.toLowerCase();
          return emailSchema.safeParse(email).success ? email : new Invalid('Enter a valid email address');
        }
        case 'phone':
          return value.length >= PHONE_MIN && value.length <= PHONE_MAX ? value : new Invalid(`Use ${PHONE_MIN} to ${PHONE_MAX} characters`);
        case 'select':
          return field.options?.includes(value) ? value : new Invalid('Pick one of the options');
        case 'textarea':
          return value.length <= TEXTAREA_MAX ? value : new Invalid(`Use at most ${TEXTAREA_MAX} characters`);
        default:
          return value.length <= TEXT_MAX ? value : new Invalid(`Use at most ${TEXT_MAX} characters`);
      }
    }
  }
}

export interface CheckedAnswers {
  /** The answers as stored, by field key (fields left empty are absent; an unticked checkbox is false). */
  answers: Record<string, AnswerValue>;
  /** The email the customer is found by: the answer of the first email field that has one. */
  email: string;
  /** 422 details, one per refused field (path = the field's key); empty when the answers are good. */
  details: ErrorDetail[];
}

/** Checks a submission against the form's fields; `products` holds the workspace's products it picked. */
export function checkAnswers(fields: FormField[], body: Record<string, unknown>, products: Map<string, PickableProduct>): CheckedAnswers {
  const answers: Record<string, AnswerValue> = {};
  const details: ErrorDetail[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(body)) if (!known.has(key)) details.push({ path: key, message: 'This form has no such field' });
  for (const field of fields) {
    const answer = answerOf(field, body[field.key], products);
    if (answer instanceof Invalid) details.push({ path: field.key, message: answer.message });
    else if (field.required && (answer === null || answer === false)) {
      details.push({ path: field.key, message: field.type === 'checkbox' ? 'Tick this box to go on' : 'Fill in this field' });
    } else if (answer !== null) answers[field.key] = answer;
  }
  const productFields = fields.filter((f) => f.type === 'product' && Array.isArray(answers[f.key]));
  const picked = new Set(productFields.flatMap((f) => (answers[f.key] as ProductPick[]).map((p) => p.productId)));
  if (picked.size > ORDER_MAX_ITEMS) details.push({ path: productFields[0]!.key, message: `Pick at most ${ORDER_MAX_ITEMS} products in all` });
  const emailField = fields.find((f) => f.type === 'email' && typeof answers[f.key] === 'string') ?? fields.find((f) => f.type === 'email');
  const email = emailField ? answers[emailField.key] : undefined;
  if (typeof email !== 'string' && emailField && !details.some((d) => d.path === emailField.key)) {
    details.push({ path: emailField.key, message: 'Enter your email address: it is how we get back to you' });
  }
  return { answers, email: typeof email === 'string' ? email : '', details };
}
