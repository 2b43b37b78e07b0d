// Writes to the catalogue: each in one transaction with its activity row and its events. The SKU is unique per
// workspace (409), a product on an order cannot be deleted (409 in_use), and stock never goes below zero (a
// CHECK in the table; orders take it with a conditional UPDATE, api/_lib/orders/service.ts).
import { eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { PRODUCT_CSV_COLUMNS, type createProductBodySchema, type Product, type updateProductBodySchema } from '../../../contracts/products.js';
import { createProductBodySchema as createSchema } from '../../../contracts/products.js';
import type { ImportResult } from '../../../contracts/common.js';
import { isForeignKeyViolation, isUniqueViolation, rowsOf } from '../../../db/client.js';
import { products } from '../../../db/schema/products.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { csvRecords } from '../http/csv.js';
import { ApiError, conflict, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { scoped } from '../scoped.js';
import { PRODUCT_SELECT, toProduct, type ProductRow } from './queries.js';

const columns = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  description: products.description,
  price: products.price,
  currency: products.currency,
  stock: products.stock,
  category: products.category,
  imageUrl: products.imageUrl,
  active: products.active,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

const skuTaken = () => conflict('Another product in this workspace has this SKU');

export async function createProduct(ctx: MemberContext, body: z.output<typeof createProductBodySchema>): Promise<Product> {
  try {
    return await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId)
        .insert(products, {
          sku: body.sku,
          name: body.name,
          description: body.description ?? null,
          price: body.price,
          currency: body.currency,
          stock: body.stock ?? null,
          category: body.category ?? null,
          imageUrl: body.imageUrl ?? null,
          active: body.active,
        })
        .returning(columns);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'product.created',
        subjectId: row!.id,
        metadata: { name: row!.name },
      });
      const created = toProduct(row!);
      emit(workspaceEvent(ctx.workspaceId, 'product.created', { product: created }));
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw skuTaken();
    throw err;
  }
}

export async function updateProduct(ctx: MemberContext, id: string, body: z.output<typeof updateProductBodySchema>): Promise<Product> {
  const changes: Partial<typeof products.$inferInsert> = {};
  for (const key of ['sku', 'name', 'description', 'price', 'currency', 'stock', 'category', 'imageUrl', 'active'] as const) {
    if (body[key] !== undefined) (changes as Record<string, unknown>)[key] = body[key];
  }
  const fields = Object.keys(changes);
  try {
    return await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId)
        .update(products, { ...changes, updatedAt: sql`now()` }, eq(products.id, id))
        .returning(columns);
      if (!row) throw notFound('Product');
      if (fields.length > 0) {
        await recordActivity(tx, {
          workspaceId: ctx.workspaceId,
          actorId: ctx.user.id,
          action: 'product.updated',
          subjectId: id,
          metadata: { name: row.name, fields },
        });
      }
      const updated = toProduct(row);
      emit(workspaceEvent(ctx.workspaceId, 'product.updated', { product: updated }));
      return updated;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw skuTaken();
    throw err;
  }
}

export async function deleteProduct(ctx: MemberContext, id: string): Promise<void> {
  try {
    await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId).delete(products, eq(products.id, id)).returning({ name: products.name });
      if (!row) throw notFound('Product');
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'product.deleted', subjectId: id, metadata: { name: row.name } });
      emit(workspaceEvent(ctx.workspaceId, 'product.deleted', { id }));
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ApiError(409, 'in_use', 'This product is on orders: deactivate it instead');
    throw err;
  }
}

/** A CSV cell as the create schema's input: empty optional cells are null; numbers and flags parsed. */
function rowInput(values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const value = raw.trim();
    if (key === 'price') input.price = value === '' ? undefined : Number(value);
    else if (key === 'stock') input.stock = value === '' ? null : Number(value);
    else if (key === 'active') input.active = value === '' ? undefined : /^(true|yes|1)$/i.test(value) ? true : /^(false|no|0)$/i.test(value) ? false : value;
    else if (key === 'currency') input.currency = value === '' ? undefined : value;
    else input[key] = value === '' && key !== 'sku' && key !== 'name' ? null : value;
  }
  return input;
}

/**
 * POST /products/import: every row checked first; any error and nothing is written. Rows upsert by SKU in one
 * statement, so the import is all-or-nothing and one transaction.
 */
export async function importProducts(ctx: MemberContext, csv: string, dryRun: boolean): Promise<ImportResult> {
  const records = csvRecords(csv, PRODUCT_CSV_COLUMNS, ['sku', 'name', 'price']);
  if (records.length > 10_000)
    throw new ApiError(422, 'validation_failed', 'Import at most 10000 rows at a time', [{ path: 'body', message: 'Too many rows' }]);
  const errors: ImportResult['errors'] = [];
  const valid: z.output<typeof createProductBodySchema>[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of records) {
    const parsed = createSchema.safeParse(rowInput(values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, path: issue.path.join('.') || 'row', message: issue.message });
      continue;
    }
    const first = seen.get(parsed.data.sku);
    if (first !== undefined) errors.push({ row, path: 'sku', message: `Row ${first} has this SKU too` });
    seen.set(parsed.data.sku, row);
    valid.push(parsed.data);
  }
  if (errors.length > 0) return { created: 0, updated: 0, errors };
  if (valid.length === 0) return { created: 0, updated: 0, errors };
  if (dryRun) {
    const existing = new Set(
      (
        await ctx.db
          .select({ sku: products.sku })
          .from(products)
          .where(
            scoped(ctx.db, ctx.workspaceId).where(
              products,
              inArray(
                products.sku,
                valid.map((v) => v.sku),
              ),
            ),
          )
      ).map((r) => r.sku),
    );
    return { created: valid.filter((v) => !existing.has(v.sku)).length, updated: valid.filter((v) => existing.has(v.sku)).length, errors };
  }
  return withEvents(ctx, async (tx, emit) => {
    // The rows travel as one JSON parameter: a drizzle VALUES list of 10,000 rows would pass 90,000 parameters,
    // past the protocol's 65,535.
    const json = JSON.stringify(
      valid.map((v) => ({
        sku: v.sku,
        name: v.name,
        description: v.description ?? null,
        price: v.price,
        currency: v.currency,
        stock: v.stock ?? null,
        category: v.category ?? null,
        image_url: v.imageUrl ?? null,
        active: v.active,
      })),
    );
    const rows = await rowsOf<ProductRow & { inserted: boolean }>(
      tx,
      sql`with r as (
        insert into products (workspace_id, sku, name, description, price, currency, stock, category, image_url, active)
        select ${ctx.workspaceId}::uuid, x.sku, x.name, x.description, x.price, x.currency, x.stock, x.category, x.image_url, x.active
        from jsonb_to_recordset(${json}::jsonb) as x(sku text, name text, description text, price integer, currency text, stock integer, category text, image_url text, active boolean)
        on conflict (workspace_id, sku) do update set name = excluded.name, description = excluded.description, price = excluded.price,
          currency = excluded.currency, stock = excluded.stock, category = excluded.category, image_url = excluded.image_url,
          active = excluded.active, updated_at = now()
        returning *, xmax = 0 as inserted_
      ) select ${sql.raw(PRODUCT_SELECT)}, inserted_ as inserted from r`,
    );
    const created = rows.filter((r) => r.inserted).length;
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'product.imported',
      subjectId: rows[0]!.id,
      metadata: { created, updated: rows.length - created },
    });
    // One event per row would flood the channel on a large import: a small import names each product.
    if (rows.length <= 50)
      for (const row of rows) emit(workspaceEvent(ctx.workspaceId, row.inserted ? 'product.created' : 'product.updated', { product: toProduct(row) }));
    else emit(workspaceEvent(ctx.workspaceId, 'product.updated', { product: toProduct(rows[0]!) }));
    return { created, updated: rows.length - created, errors };
  });
}
