// Writes to forms: each in one transaction with its activity row and its event. A form's public key is made
// once, at creation, and never changes.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ErrorDetail } from '../../../contracts/errors.js';
import type { Form, FormField, saveFormBodySchema } from '../../../contracts/forms.js';
import type { Tx } from '../../../db/client.js';
import { forms } from '../../../db/schema/forms.js';
import { products } from '../../../db/schema/products.js';
import { recordActivity } from '../activity/record.js';
import { withEvents } from '../events/outbox.js';
import { notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { scoped } from '../scoped.js';
import { formCreated, formDeleted, formUpdated } from './events.js';
import { formColumns, submissionCountColumn, toForm } from './queries.js';

type SaveFormBody = z.output<typeof saveFormBodySchema>;

/** A new public key: 24 random base64url characters (144 bits). */
export const newPublicKey = () => randomBytes(18).toString('base64url');

/** The fields as stored: choices only on select fields, products only on product fields (de-duplicated). */
function storedFields(fields: FormField[]): FormField[] {
  return fields.map((f) => {
    const field: FormField = { key: f.key, label: f.label, type: f.type, required: f.required };
    if (f.type === 'select') field.options = f.options;
    if (f.type === 'product' && f.productIds) field.productIds = [...new Set(f.productIds)];
    return field;
  });
}

/** Every product a product field names must be one of the workspace's (422 at `fields.N.productIds`). */
async function checkProducts(tx: Tx, workspaceId: string, fields: FormField[]): Promise<void> {
  const named = [...new Set(fields.flatMap((f) => f.productIds ?? []))];
  if (named.length === 0) return;
  const found = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.workspaceId, workspaceId), inArray(products.id, named)));
  const known = new Set(found.map((p) => p.id));
  const details: ErrorDetail[] = [];
  fields.forEach((f, i) => {
    if (f.productIds?.some((id) => !known.has(id))) details.push({ path: `fields.${i}.productIds`, message: 'Pick products of this workspace' });
  });
  if (details.length > 0) throw validationFailed(details);
}

export async function createForm(ctx: MemberContext, body: SaveFormBody): Promise<Form> {
  const fields = storedFields(body.fields);
  return withEvents(ctx, async (tx, emit) => {
    await checkProducts(tx, ctx.workspaceId, fields);
    const [row] = await scoped(tx, ctx.workspaceId)
      .insert(forms, { name: body.name, publicKey: newPublicKey(), fields, active: body.active })
      .returning({ ...formColumns, submissionCount: sql<number>`0` });
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'form.created', subjectId: row!.id, metadata: { name: row!.name } });
    const created = toForm(row!);
    emit(formCreated(ctx.workspaceId, created));
    return created;
  });
}

/** PUT: replaces the name, fields and active flag; the public key stays. */
export async function updateForm(ctx: MemberContext, id: string, body: SaveFormBody): Promise<Form> {
  const fields = storedFields(body.fields);
  return withEvents(ctx, async (tx, emit) => {
    await checkProducts(tx, ctx.workspaceId, fields);
    const [row] = await scoped(tx, ctx.workspaceId)
      .update(forms, { name: body.name, fields, active: body.active, updatedAt: sql`now()` }, eq(forms.id, id))
      .returning({ ...formColumns, submissionCount: submissionCountColumn });
    if (!row) throw notFound('Form');
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'form.updated', subjectId: id, metadata: { name: row.name } });
    const updated = toForm(row);
    emit(formUpdated(ctx.workspaceId, updated));
    return updated;
  });
}

/** Deletes the form and, by cascade, its submissions; the conversations and orders they opened stay. */
export async function deleteForm(ctx: MemberContext, id: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    const [row] = await scoped(tx, ctx.workspaceId).delete(forms, eq(forms.id, id)).returning({ name: forms.name });
    if (!row) throw notFound('Form');
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'form.deleted', subjectId: id, metadata: { name: row.name } });
    emit(formDeleted(ctx.workspaceId, id));
  });
}
