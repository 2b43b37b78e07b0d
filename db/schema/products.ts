// The product catalogue of a workspace. Stock is an integer that the database itself keeps from going below
// zero (CHECK), and null when the product's stock is not tracked.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './identity.js';

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    price: integer('price').notNull(),
    currency: text('currency').notNull(),
    stock: integer('stock'),
    category: text('category'),
    imageUrl: text('image_url'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_workspace_sku_key').on(t.workspaceId, t.sku),
    index('products_workspace_created_idx').on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('products_workspace_name_idx').on(t.workspaceId, t.name, t.id),
    index('products_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    check('products_stock_not_negative', sql`${t.stock} >= 0`),
    check('products_price_not_negative', sql`${t.price} >= 0`),
  ],
);
