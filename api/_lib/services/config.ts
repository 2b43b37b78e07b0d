// A service's configuration is checked against its kind's schema (contracts/services.ts serviceConfigSchemas)
// on every write: after a create, an update and each imported row, in the write's transaction, on the record as
// written (so a changed kind is checked against the configuration it keeps). An import is also checked before
// it writes, so its dry run and its answer name each row.
import { sql } from 'drizzle-orm';
import type { ImportResult } from '../../../contracts/common.js';
import type { ErrorDetail } from '../../../contracts/errors.js';
import { csvColumns } from '../../../contracts/resource.js';
import { SERVICE_KINDS, serviceConfigSchemas, serviceResource, type ServiceKind } from '../../../contracts/services.js';
import { rowsOf, type Db } from '../../../db/client.js';
import { csvRecords, uncell } from '../http/csv.js';
import { validationFailed } from '../http/errors.js';
import type { WriteHooks } from '../resources/service.js';

const isKind = (kind: unknown): kind is ServiceKind => typeof kind === 'string' && (SERVICE_KINDS as readonly string[]).includes(kind);

/** What is wrong with `config` for `kind`, as `config.…` paths; none for a valid or absent configuration. */
export function configProblems(kind: unknown, config: unknown): ErrorDetail[] {
  if (config === null || config === undefined || !isKind(kind)) return [];
  const result = serviceConfigSchemas[kind].safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const unknownKey = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [issue.keys[0]!] : [];
    const message = issue.code === 'unrecognized_keys' ? `Not a setting of a ${kind} service: ${issue.keys.join(', ')}` : issue.message;
    return { path: ['config', ...issue.path.map(String), ...unknownKey].join('.'), message };
  });
}

export const serviceHooks: WriteHooks = {
  async afterWrite(_tx, _ctx, change) {
    if (change.kind === 'deleted') return;
    const problems = configProblems(change.record.kind, change.record.config);
    if (problems.length > 0) throw validationFailed(problems, `The configuration does not fit a ${String(change.record.kind)} service`);
  },
};

const parseCell = (raw: string | undefined): unknown => {
  if (raw === undefined) return undefined;
  const text = uncell(raw).trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // the generic import reports it as not JSON
  }
};

/**
 * The rows of a services CSV whose configuration does not fit their kind (the kind and configuration a row
 * leaves out are the record's own, for a row with a code), in the import's error shape; empty when all fit or
 * when the file is one the generic import refuses for other reasons (it reports those itself).
 */
export async function importConfigErrors(db: Db, workspaceId: string, csv: string): Promise<ImportResult['errors']> {
  let records: ReturnType<typeof csvRecords>;
  try {
    records = csvRecords(csv, csvColumns(serviceResource), ['name']);
  } catch {
    return [];
  }
  const codes = [...new Set(records.map((r) => (r.values.code ?? '').trim()).filter(Boolean))];
  const existing = new Map<string, { kind: string; config: unknown }>();
  if (codes.length > 0 && records.some((r) => r.values.code?.trim() && (r.values.kind === undefined || r.values.config === undefined))) {
    const rows = await rowsOf<{ code: string; kind: string; config: unknown }>(
      db,
      sql`select code, kind, config from services where workspace_id = ${workspaceId}::uuid and code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`,
    );
    for (const row of rows) existing.set(row.code, row);
  }
  return records.flatMap(({ row, values }) => {
    const current = existing.get((values.code ?? '').trim());
    // A blank kind keeps the record's (update) or takes the default (create), as the generic import does.
    const kindText = values.kind === undefined ? '' : uncell(values.kind).trim();
    const kind = kindText || (current?.kind ?? (values.code?.trim() ? undefined : serviceResource.fields.kind.default));
    const config = values.config === undefined ? current?.config : parseCell(values.config);
    if (typeof config !== 'object') return [];
    return configProblems(kind, config).map((p) => ({ row, path: p.path, message: p.message }));
  });
}
