// Tenancy by construction for writes: `scoped(tx, workspaceId)` reaches a workspace table only with the
// workspace filter (or, for inserts, the workspace id) already applied, so a service cannot forget it. Reads
// get the same guarantee from ReadScope (api/_lib/http/read-scope.ts), whose statements take `:wid` from the
// caller check.
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.js';

/** A table with a `workspace_id` column. */
export type WorkspaceTable = PgTable & { workspaceId: PgColumn };

export function scoped(db: Db | Tx, workspaceId: string) {
  const inWorkspace = (table: WorkspaceTable, where?: SQL) => and(eq(table.workspaceId, workspaceId), where);
  return {
    workspaceId,
    /** `where` plus `workspace_id = $workspaceId`. */
    where: inWorkspace,
    insert: <T extends WorkspaceTable>(table: T, values: Omit<T['$inferInsert'], 'workspaceId'>) =>
      db.insert(table).values({ ...values, workspaceId } as T['$inferInsert']),
    update: <T extends WorkspaceTable>(table: T, set: PgUpdateSetSource<T>, where: SQL) => db.update(table).set(set).where(inWorkspace(table, where)),
    delete: <T extends WorkspaceTable>(table: T, where: SQL) => db.delete(table).where(inWorkspace(table, where)),
  };
}
