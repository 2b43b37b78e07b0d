// Reads of operations beyond the generic records, each one round trip with the caller check folded in
// (read-scope.ts): a material's movements (newest first, keyset pages), a batch's history (oldest first) and a
// plant's metrics per day in the caller's time zone (one statement over generate_series, so every day of the
// range is there). Each answers 404 when the record is not the workspace's.
import { METRICS_MAX_DAYS, type BatchHistoryEntry, type Movement, type PlantMetrics, type PlantMetricsDay } from '../../../contracts/operations.js';
import { invalidField, notFound } from '../http/errors.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

type MovementRow = {
  found_: boolean;
  id: string | null;
  materialId: string;
  plantId: string;
  quantity: number;
  reason: string;
  batchId: string | null;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date | string;
  cursorAt: string;
};

function movementStatement(byPlant: boolean, after: boolean) {
  const where = ['v.workspace_id = m.workspace_id', 'v.material_id = m.id'];
  if (byPlant) where.push('v.plant_id = :plantId::uuid');
  if (after) where.push('(v.created_at, v.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
  return readStatement(
    'workspace',
    `material_movements_${byPlant ? 'p' : ''}${after ? 'a' : ''}`,
    `select true as found_, mv.* from materials m left join lateral (
       select v.id, v.material_id as "materialId", v.plant_id as "plantId", v.quantity, v.reason, v.batch_id as "batchId",
         v.created_by as "createdById", u.name as "createdByName", v.created_at as "createdAt", ${cursorAtColumn('v.created_at')}
       from material_movements v left join users u on u.id = v.created_by
       where ${where.join(' and ')}
       order by v.created_at desc, v.id desc limit :limit
     ) mv on true
     where caller.ok and m.workspace_id = :wid and m.id = :id`,
    'd."createdAt" desc nulls last, d.id desc',
  );
}
const MOVEMENTS = [movementStatement(false, false), movementStatement(false, true), movementStatement(true, false), movementStatement(true, true)];

/** GET /materials/{id}/movements */
export async function readMovements(scope: ReadScope, id: string, query: { limit: number; cursor?: string; plantId?: string }) {
  const cursor = decodeCursor(query.cursor);
  const statement = MOVEMENTS[(query.plantId ? 2 : 0) + (cursor ? 1 : 0)]!;
  const rows = await scope.read<MovementRow>(statement, {
    id,
    limit: query.limit + 1,
    ...(query.plantId ? { plantId: query.plantId } : {}),
    ...(cursor ? { cursorAt: cursor.at, cursorId: cursor.id } : {}),
  });
  if (rows.length === 0) throw notFound('Material');
  const movements = rows.filter((r): r is MovementRow & { id: string } => r.id !== null);
  return page(movements, query.limit, (r): Movement => ({
    id: r.id,
    materialId: r.materialId,
    plantId: r.plantId,
    quantity: r.quantity,
    reason: r.reason,
    batchId: r.batchId,
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '' } : null,
    createdAt: iso(r.createdAt),
  }));
}

type HistoryRow = {
  seq_: string | null;
  kind: BatchHistoryEntry['kind'];
  fromStatus: BatchHistoryEntry['from'];
  toStatus: BatchHistoryEntry['to'];
  reason: string | null;
  actorId: string | null;
  actorName: string;
  signature: BatchHistoryEntry['signature'];
  details: { fields?: string[]; refusal?: BatchHistoryEntry['refusal'] } | null;
  createdAt: Date | string;
};

const HISTORY = readStatement(
  'workspace',
  'batch_history_of',
  `select h.id as seq_, h.kind, h.from_status as "fromStatus", h.to_status as "toStatus", h.reason, h.actor_id as "actorId", h.actor_name as "actorName",
     h.signature, h.details, h.created_at as "createdAt"
   from batches b left join batch_history h on h.workspace_id = b.workspace_id and h.batch_id = b.id
   where caller.ok and b.workspace_id = :wid and b.id = :id`,
  'd.seq_ asc',
);

/** GET /batches/{id}/history: every row, oldest first. */
export async function readBatchHistory(scope: ReadScope, id: string): Promise<{ data: BatchHistoryEntry[] }> {
  const rows = await scope.read<HistoryRow>(HISTORY, { id });
  if (rows.length === 0) throw notFound('Batch');
  return {
    data: rows
      .filter((r) => r.seq_ !== null)
      .map((r) => ({
        id: String(r.seq_),
        kind: r.kind,
        from: r.fromStatus,
        to: r.toStatus,
        reason: r.reason,
        actor: { id: r.actorId, name: r.actorName },
        signature: r.signature,
        fields: r.details?.fields ?? null,
        refusal: r.details?.refusal ?? null,
        createdAt: iso(r.createdAt),
      })),
  };
}

// A day is the caller's day in `tz`: from its local midnight to the next (23 or 25 hours across a DST change).
const METRICS = readStatement(
  'workspace',
  'plant_metrics',
  `select to_char(d.day, 'YYYY-MM-DD') as date,
     (count(b.id) filter (where b.status = 'released'))::int as released,
     (count(b.id) filter (where b.status = 'rejected'))::int as rejected,
     coalesce(sum(b.produced_quantity) filter (where b.status = 'released'), 0)::int as "quantityProduced",
     (extract(epoch from avg(b.completed_at - b.started_at)) / 3600)::float8 as "meanCycleHours"
   from plants p
   cross join generate_series(:from::timestamp, :to::timestamp, interval '1 day') as d(day)
   left join batches b on b.workspace_id = p.workspace_id and b.plant_id = p.id and b.status in ('released', 'rejected')
     and b.completed_at >= (d.day at time zone :tz) and b.completed_at < ((d.day + interval '1 day') at time zone :tz)
   where caller.ok and p.workspace_id = :wid and p.id = :id
   group by d.day
   order by d.day`,
  'd.date asc',
);

/** Today's date (YYYY-MM-DD) in `tz`. */
function todayIn(tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const shiftDate = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** GET /plants/{id}/metrics: `from`..`to` inclusive (default: the 30 days to today in `tz`). */
export async function readPlantMetrics(scope: ReadScope, id: string, query: { from?: string; to?: string; tz: string }): Promise<PlantMetrics> {
  const to = query.to ?? (query.from ? shiftDate(query.from, 29) : todayIn(query.tz));
  const from = query.from ?? shiftDate(to, -29);
  const span = dayNumber(to) - dayNumber(from) + 1;
  if (span < 1) throw invalidField('query.to', 'Choose a last day on or after the first');
  if (span > METRICS_MAX_DAYS) throw invalidField('query.to', `Choose at most ${METRICS_MAX_DAYS} days`);
  const rows = await scope.read<Omit<PlantMetricsDay, 'rejectionRate'>>(METRICS, { id, from, to, tz: query.tz });
  if (rows.length === 0) throw notFound('Plant');
  return {
    days: rows.map((r) => {
      const done = r.released + r.rejected;
      return {
        date: r.date,
        released: r.released,
        rejected: r.rejected,
        quantityProduced: r.quantityProduced,
        rejectionRate: done === 0 ? null : r.rejected / done,
        meanCycleHours: r.meanCycleHours === null ? null : Number(r.meanCycleHours),
      };
    }),
  };
}
