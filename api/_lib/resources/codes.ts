// Codes for many new rows at once. One insert trigger numbers rows one by one from the workspace's counter
// (assign_record_code, migration 0008), which is right for single creates but, within one transaction, makes each
// of N rows update the same counter row again: N² work for a large import. A bulk insert instead reserves N
// codes with one counter update in the same statement and writes them itself (the trigger keeps a given code).
import { sql, type SQL } from 'drizzle-orm';
import type { ResourceDef } from '../../../contracts/resource.js';

/**
 * SQL pieces for a statement inserting `count` rows: `cte` (a `codes_` CTE holding the counter's new value, to
 * put in the statement's WITH list and FROM), and `code(ordinal)`, the code of the row numbered `ordinal`
 * (1…count, in the order the codes should follow).
 */
export function reserveCodes(code: ResourceDef['code'], workspaceId: string, count: number) {
  const series = code.byYear ? sql`${code.prefix} || '-' || extract(year from now() at time zone 'UTC')::int::text` : sql`${code.prefix}::text`;
  const cte = sql`codes_ as (
    insert into workspace_counters (workspace_id, name, value) values (${workspaceId}::uuid, 'code:' || ${series}, ${count}::int)
    on conflict (workspace_id, name) do update set value = workspace_counters.value + excluded.value
    returning value - ${count}::int as first_, ${series} as series_
  )`;
  const code_ = (ordinal: SQL) => {
    const n = sql`(codes_.first_ + ${ordinal})::text`;
    return sql`codes_.series_ || '-' || lpad(${n}, greatest(${code.digits}::int, length(${n})), '0')`;
  };
  return { cte, code: code_ };
}
