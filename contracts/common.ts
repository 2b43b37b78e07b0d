// Building blocks every domain's contracts share: ids, timestamps, text, path parameters.
import { z } from 'zod';
import { ROLES } from './roles.js';

export const NUL_MESSAGE = 'Must not contain a NUL character';
export const hasNoNul = (value: string) => !value.includes('\u0000');

export const idSchema = z.uuid();
export const timestampSchema = z.iso.datetime({ offset: true });

/** Path parameters of a workspace collection, and of one item in it. */
export const workspaceParamsSchema = z.object({ wid: idSchema });
export const itemParamsSchema = z.object({ wid: idSchema, id: idSchema });

/** A single-use token from an emailed link (random, base64url). */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'This link is not valid');

export const roleSchema = z.enum(ROLES);

/** Any free text: a string without NUL characters. */
export const textSchema = z.string().refine(hasNoNul, NUL_MESSAGE);

export const emailSchema = z.email('Enter a valid email address').max(254, 'Use at most 254 characters').refine(hasNoNul, NUL_MESSAGE);

/** An email as a request carries it: trimmed and lower-cased before it is checked and stored. */
export const normalizedEmailSchema = z.string().trim().toLowerCase().pipe(emailSchema);

/** A person's name: trimmed, 1-100 characters. */
export const nameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters').refine(hasNoNul, NUL_MESSAGE);

/** A workspace's name: same rules as a person's name. */
export const workspaceNameSchema = nameSchema;

/** A page of a list: `{ data, nextCursor }` (API.md, Conventions). */
export const listResponseSchema = <Item extends z.ZodType>(item: Item) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export interface ListResponse<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** `?limit=` (1-100, default 25) and `?cursor=`. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).refine(hasNoNul, NUL_MESSAGE).optional(),
});

/** Trimmed text of 1..max characters (after trimming). */
export const trimmedText = (max: number, emptyMessage: string) =>
  z.string().trim().min(1, emptyMessage).max(max, `Use at most ${max} characters`).refine(hasNoNul, NUL_MESSAGE);

export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

/** One tag: trimmed, 1-40 characters. */
export const tagSchema = trimmedText(TAG_MAX_LENGTH, 'Enter a tag');
/** A record's tags: at most 20 (the server stores them de-duplicated, in the order given). */
export const tagsSchema = z.array(tagSchema).max(TAGS_MAX, `Use at most ${TAGS_MAX} tags`);

/** A lower-case ISO 4217 currency code, as Stripe writes it (`usd`). */
export const currencySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, 'Use a three-letter currency code such as usd');

/** Money in minor units (cents): an integer, never a float. */
export const amountSchema = z.number().int('Use whole minor units (cents)').min(0, 'Must not be negative').max(99_999_999, 'At most 99999999');

/** `?sort=` of a list: one of its sortable fields, `-` in front for descending. */
export const sortSchema = <const F extends string>(fields: readonly F[], fallback: NoInfer<F> | `-${NoInfer<F>}`) =>
  z.enum(fields.flatMap((f) => [f, `-${f}` as const]) as [F | `-${F}`, ...(F | `-${F}`)[]]).default(fallback as never);

/** A query flag written `true` or `false`. */
export const booleanQuerySchema = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A CSV import's answer (API.md, Conventions added in round 2). */
export const importResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), path: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export const importQuerySchema = z.object({ dryRun: booleanQuerySchema.optional() });
