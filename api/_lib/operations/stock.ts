// Material stock per plant: movements (one statement that changes the stock and records the movement), the
// consumption of a batch's inputs when it starts, and the low-stock notice when a change crosses a material's
// minimum. Stock never goes below zero: a take is a conditional UPDATE (`quantity + q >= 0`), re-checked by
// Postgres against the latest row once a concurrent change commits, and the table's CHECK refuses anything
// that slips past.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { materialResource, type Movement, type movementBodySchema } from '../../../contracts/operations.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { ApiError, invalidField, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { resourceQueries } from '../resources/sql.js';

/** A material's stock per plant, as `[{ plantId, quantity }]` in plant code order, over the material row `r`. */
export const STOCK_SQL = `coalesce((select json_agg(json_build_object('plantId', s.plant_id, 'quantity', s.quantity) order by p.code)
  from material_stock s join plants p on p.id = s.plant_id where s.workspace_id = r.workspace_id and s.material_id = r.id), '[]'::json)`;

export const materialQueries = resourceQueries(materialResource, { computed: { stock: STOCK_SQL } });

/** A change of one material's stock at one plant, with what the low-stock notice needs. */
export interface StockChange {
  materialId: string;
  code: string;
  name: string;
  unit: string;
  minStock: number | null;
  plantId: string;
  plantName: string;
  before: number;
  after: number;
}

/** The low-stock notice when a change crossed the minimum (at or above it before, below it after). */
export async function lowStockNotices(tx: Tx, ctx: MemberContext, changes: StockChange[]): Promise<DomainEvent[]> {
  const crossed = changes.filter((c) => c.minStock !== null && c.before >= c.minStock && c.after < c.minStock);
  if (crossed.length === 0) return [];
  await recordActivity(
    tx,
    ...crossed.map((c) => ({
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'material.low_stock' as const,
      subjectId: c.materialId,
      metadata: { code: c.code, name: c.name, plantName: c.plantName, quantity: c.after, minStock: c.minStock! },
    })),
  );
  return crossed.map((c) =>
    workspaceEvent(ctx.workspaceId, 'material.low_stock', {
      material: { id: c.materialId, code: c.code, name: c.name, unit: c.unit },
      plantId: c.plantId,
      plantName: c.plantName,
      quantity: c.after,
      minStock: c.minStock!,
    }),
  );
}

type MovementRow = {
  materialFound: boolean;
  plantFound: boolean;
  batchFound: boolean;
  plantName: string | null;
  available: number | null;
  after: number | null;
  movementId: string | null;
  createdAt: Date | string | null;
  material: Record<string, unknown> | null;
  stock: { plantId: string; quantity: number }[];
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * POST /materials/{id}/movements: the stock change and the movement in one statement (a receipt upserts the
 * stock row; a take updates it only while enough is there), the low-stock notice when it crosses the minimum,
 * and `material.updated` with the new stock.
 */
export async function createMovement(ctx: MemberContext, materialId: string, body: z.output<typeof movementBodySchema>): Promise<Movement> {
  const q = body.quantity;
  const batchId = body.batchId ?? null;
  const change =
    q > 0
      ? sql`insert into material_stock (workspace_id, material_id, plant_id, quantity)
            select ${ctx.workspaceId}::uuid, m.id, p.id, ${q}::int from m, p, b where b.ok
            on conflict (material_id, plant_id) do update set quantity = material_stock.quantity + excluded.quantity, updated_at = now()
            returning quantity`
      : sql`update material_stock s set quantity = s.quantity + ${q}::int, updated_at = now()
            from m, p, b where b.ok and s.material_id = m.id and s.plant_id = p.id and s.quantity + ${q}::int >= 0
            returning s.quantity`;
  return withEvents(ctx, async (tx, emit) => {
    const [row] = await rowsOf<MovementRow>(
      tx,
      sql`with m as (select * from materials where workspace_id = ${ctx.workspaceId} and id = ${materialId}::uuid),
        p as (select id, code, name from plants where workspace_id = ${ctx.workspaceId} and id = ${body.plantId}::uuid),
        b as (select ${batchId}::uuid is null or exists (select 1 from batches where workspace_id = ${ctx.workspaceId} and id = ${batchId}::uuid) as ok),
        s as (${change}),
        mv as (
          insert into material_movements (workspace_id, material_id, plant_id, quantity, reason, batch_id, created_by)
          select ${ctx.workspaceId}::uuid, ${materialId}::uuid, ${body.plantId}::uuid, ${q}::int, ${body.reason}, ${batchId}::uuid, ${ctx.user.id}::uuid from s
          returning id, created_at
        )
        select exists (select 1 from m) as "materialFound", exists (select 1 from p) as "plantFound", (select ok from b) as "batchFound",
          (select name from p) as "plantName",
          (select quantity from material_stock where material_id = ${materialId}::uuid and plant_id = ${body.plantId}::uuid) as available,
          (select quantity from s) as after, (select id from mv) as "movementId", (select created_at from mv) as "createdAt",
          (select row_to_json(x) from (select ${sql.raw(materialQueries.select)} from m r) x) as material,
          (select coalesce(json_agg(json_build_object('plantId', x.plant_id, 'quantity', x.quantity) order by x.code), '[]'::json) from (
            select o.plant_id, o.quantity, pl.code from material_stock o join plants pl on pl.id = o.plant_id
            where o.material_id = ${materialId}::uuid and o.plant_id <> ${body.plantId}::uuid
            union all select p.id, s.quantity, p.code from p, s
          ) x) as stock`,
    );
    if (!row!.materialFound) throw notFound('Material');
    if (!row!.plantFound) throw invalidField('plantId', 'No such plant in this workspace');
    if (!row!.batchFound) throw invalidField('batchId', 'No such batch in this workspace');
    const material = materialQueries.toRecord(row!.material!);
    const unit = String(material.unit);
    if (row!.after === null) {
      const available = row!.available ?? 0;
      throw new ApiError(409, 'out_of_stock', `Only ${available} ${unit} of ${String(material.name)} at ${row!.plantName}: cannot take ${-q}`, [
        { path: 'quantity', message: `Available: ${available}` },
      ]);
    }
    const after = row!.after;
    // The statement's snapshot shows this plant's stock as it was before the change: `stock` has the new figure.
    emit(workspaceEvent(ctx.workspaceId, 'material.updated', { material: { ...material, stock: row!.stock } }));
    emit(
      ...(await lowStockNotices(tx, ctx, [
        {
          materialId,
          code: String(material.code),
          name: String(material.name),
          unit,
          minStock: material.minStock as number | null,
          plantId: body.plantId,
          plantName: row!.plantName!,
          before: after - q,
          after,
        },
      ])),
    );
    return {
      id: row!.movementId!,
      materialId,
      plantId: body.plantId,
      quantity: q,
      reason: body.reason,
      batchId,
      createdBy: { id: ctx.user.id, name: ctx.user.name },
      createdAt: iso(row!.createdAt!),
    };
  });
}

/** One input of a batch as the start consumes it. */
export interface InputTake {
  materialId: string;
  quantity: number;
}

type TakeRow = {
  materialId: string;
  code: string | null;
  name: string | null;
  unit: string | null;
  minStock: number | null;
  wanted: number;
  available: number | null;
  after: number | null;
};

/**
 * Takes a starting batch's inputs from its plant's stock in the caller's transaction, and records one movement
 * per material. The stock rows are locked in material id order first (as orders lock products), so two batches
 * starting with the same materials in another order wait for each other instead of deadlocking. Any material
 * short and nothing is taken: the caller's transaction rolls back on the 409.
 */
export async function consumeInputs(
  tx: Tx,
  ctx: MemberContext,
  batch: { id: string; code: string; plantId: string },
  inputs: InputTake[],
): Promise<StockChange[]> {
  const wanted = new Map<string, number>();
  for (const input of inputs) wanted.set(input.materialId, (wanted.get(input.materialId) ?? 0) + input.quantity);
  if (wanted.size === 0) return [];
  const values = sql.join(
    [...wanted].map(([id, quantity]) => sql`(${id}::uuid, ${quantity}::int)`),
    sql`, `,
  );
  const rows = await rowsOf<TakeRow & { plantName: string }>(
    tx,
    sql`with w(material_id, quantity) as (values ${values}),
      locked as materialized (
        select s.material_id from material_stock s
        where s.workspace_id = ${ctx.workspaceId} and s.plant_id = ${batch.plantId}::uuid and s.material_id in (select material_id from w)
        order by s.material_id for no key update
      ),
      taken as (
        update material_stock s set quantity = s.quantity - w.quantity, updated_at = now()
        from w, locked l
        where s.material_id = w.material_id and l.material_id = s.material_id and s.plant_id = ${batch.plantId}::uuid and s.quantity >= w.quantity
        returning s.material_id, s.quantity
      ),
      moved as (
        insert into material_movements (workspace_id, material_id, plant_id, quantity, reason, batch_id, created_by)
        select ${ctx.workspaceId}::uuid, t.material_id, ${batch.plantId}::uuid, -w.quantity, ${`Batch ${batch.code}`}, ${batch.id}::uuid, ${ctx.user.id}::uuid
        from taken t join w on w.material_id = t.material_id
      )
      select w.material_id as "materialId", m.code, m.name, m.unit, m.min_stock as "minStock", w.quantity as wanted,
        (select quantity from material_stock where material_id = w.material_id and plant_id = ${batch.plantId}::uuid) as available,
        t.quantity as after,
        (select name from plants where id = ${batch.plantId}::uuid) as "plantName"
      from w left join materials m on m.id = w.material_id and m.workspace_id = ${ctx.workspaceId}
        left join taken t on t.material_id = w.material_id
      order by w.material_id`,
  );
  const short = rows.filter((r) => r.after === null);
  if (short.length > 0) {
    const position = (id: string) => inputs.findIndex((i) => i.materialId === id);
    throw new ApiError(
      409,
      'out_of_stock',
      `Not enough stock at the plant for ${short.map((r) => r.name ?? 'a deleted material').join(', ')}`,
      short.map((r) => ({
        path: `inputs.${position(r.materialId)}.materialId`,
        message: r.name
          ? `${r.name} (${r.code}): needs ${r.wanted} ${r.unit}, ${r.available ?? 0} available`
          : 'This material no longer exists: change the inputs or cancel the batch',
      })),
    );
  }
  return rows.map((r) => ({
    materialId: r.materialId,
    code: r.code!,
    name: r.name!,
    unit: r.unit!,
    minStock: r.minStock,
    plantId: batch.plantId,
    plantName: r.plantName,
    before: r.after! + r.wanted,
    after: r.after!,
  }));
}
