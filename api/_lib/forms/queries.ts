// Reads of a workspace's forms and their submissions: one database round trip each, the caller check folded
// into the statement. A form's submission count is a subquery of the same statement.
import { sql } from 'drizzle-orm';
import type { Form, FormField, Submission } from '../../../contracts/forms.js';
import { forms, formSubmissions } from '../../../db/schema/forms.js';
import { containsPattern } from '../customers/queries.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';

/** A form row as the writes return it and the reads select it (camelCase column aliases). */
export type FormRow = {
  id: string;
  name: string;
  publicKey: string;
  fields: FormField[];
  active: boolean;
  submissionCount: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored fields as the API shows them: `options` and `productIds` only where they were given. */
export const toField = (f: FormField): Form['fields'][number] => ({
  key: f.key,
  label: f.label,
  type: f.type,
  required: f.required,
  ...(f.options !== undefined ? { options: f.options } : {}),
  ...(f.productIds !== undefined ? { productIds: f.productIds } : {}),
});

export const toForm = (r: FormRow): Form => ({
  id: r.id,
  name: r.name,
  publicKey: r.publicKey,
  fields: r.fields.map(toField),
  active: r.active,
  submissionCount: Number(r.submissionCount),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The submission count of the form row being written (for RETURNING). */
export const submissionCountColumn = sql<number>`(select count(*)::int from ${formSubmissions} where ${formSubmissions.formId} = ${forms.id})`;

export const formColumns = {
  id: forms.id,
  name: forms.name,
  publicKey: forms.publicKey,
  fields: forms.fields,
  active: forms.active,
  createdAt: forms.createdAt,
  updatedAt: forms.updatedAt,
};

const FORM_SELECT = `f.id, f.name, f.public_key as "publicKey", f.fields, f.active,
  (select count(*)::int from form_submissions s where s.form_id = f.id) as "submissionCount",
  f.created_at as "createdAt", f.updated_at as "updatedAt"`;
const listStatements = new Map<string, ReadStatement>();

function formListStatement(search: boolean, hasCursor: boolean): ReadStatement {
  const key = `${search ? 'q' : ''}${hasCursor ? 'p' : ''}`;
  const cached = listStatements.get(key);
  if (cached) return cached;
  const where = ['caller.ok', 'f.workspace_id = :wid'];
  if (search) where.push('f.name ilike :pattern');
  if (hasCursor) where.push('(f.created_at, f.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
  const statement = readStatement(
    'workspace',
    `forms_list_${key || 'all'}`,
    `select ${FORM_SELECT}, ${cursorAtColumn('f.created_at')}
     from forms f where ${where.join(' and ')}
     order by f.created_at desc, f.id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
  listStatements.set(key, statement);
  return statement;
}

/** GET /forms: a page of the workspace's forms, newest first; `q` matches the name. */
export async function readForms(scope: ReadScope, query: { q?: string; limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<FormRow & { cursorAt: string }>(formListStatement(Boolean(query.q), cursor !== null), {
    pattern: query.q ? containsPattern(query.q) : undefined,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, toForm);
}

const FORM = readStatement('workspace', 'forms_one', `select ${FORM_SELECT} from forms f where caller.ok and f.id = :id and f.workspace_id = :wid`);

/** GET /forms/{id}: null when the form is not in the workspace. */
export async function readForm(scope: ReadScope, id: string): Promise<Form | null> {
  const [row] = await scope.read<FormRow>(FORM, { id });
  return row ? toForm(row) : null;
}

export type SubmissionRow = {
  id: string;
  formId: string;
  answers: Record<string, unknown>;
  customerId: string | null;
  conversationId: string | null;
  orderId: string | null;
  createdAt: Date;
};

export const toSubmission = (r: SubmissionRow): Submission => ({
  id: r.id,
  formId: r.formId,
  answers: r.answers as Submission['answers'],
  customerId: r.customerId,
  conversationId: r.conversationId,
  orderId: r.orderId,
  createdAt: r.createdAt.toISOString(),
});

export const submissionColumns = {
  id: formSubmissions.id,
  formId: formSubmissions.formId,
  answers: formSubmissions.answers,
  customerId: formSubmissions.customerId,
  conversationId: formSubmissions.conversationId,
  orderId: formSubmissions.orderId,
  createdAt: formSubmissions.createdAt,
};

// A page of one form's submissions, gated on the form being in the workspace: no form → no row at all (404);
// a form without (further) submissions → one row whose submission columns are null.
const SUBMISSION_PAGE = (hasCursor: boolean) =>
  `select f.id as "formFound", s.id, s.form_id as "formId", s.answers, s.customer_id as "customerId",
     s.conversation_id as "conversationId", s.order_id as "orderId", s.created_at as "createdAt", ${cursorAtColumn('s.created_at')}
   from forms f left join lateral (
     select fs.* from form_submissions fs
     where fs.form_id = f.id${hasCursor ? ' and (fs.created_at, fs.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by fs.created_at desc, fs.id desc limit :limit
   ) s on true
   where caller.ok and f.id = :id and f.workspace_id = :wid`;
const PAGE_ORDER = 'd."createdAt" desc nulls last, d.id desc';
const SUBMISSIONS = readStatement('workspace', 'form_submissions_page', SUBMISSION_PAGE(false), PAGE_ORDER);
const SUBMISSIONS_AFTER = readStatement('workspace', 'form_submissions_page_after', SUBMISSION_PAGE(true), PAGE_ORDER);

/** GET /forms/{id}/submissions: a page of the form's submissions, newest first; null when there is no such form. */
export async function readSubmissions(scope: ReadScope, formId: string, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<SubmissionRow & { cursorAt: string }>(cursor ? SUBMISSIONS_AFTER : SUBMISSIONS, {
    id: formId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  if (rows.length === 0) return null;
  return page(
    rows.filter((r) => r.id !== null),
    query.limit,
    toSubmission,
  );
}

// The export reads in pages of the same shape, each with the customer's email and the SKUs of the products its
// answers picked; the first page also carries the form's name and fields (on its first row only), so a short
// export is one statement.
const EXPORT_PAGE = (first: boolean) =>
  `select f.id as "formFound",${first ? ' case when s.rn is null or s.rn = 1 then f.name end as "formName", case when s.rn is null or s.rn = 1 then f.fields end as "formFields",' : ''}
     s.id, s.answers, s.created_at as "createdAt", ${cursorAtColumn('s.created_at')}, s.email, s.skus
   from forms f left join lateral (
     select fs.id, fs.answers, fs.created_at, c.email,
       row_number() over (order by fs.created_at desc, fs.id desc) as rn,
       (select jsonb_object_agg(p.id, p.sku) from products p
        where p.workspace_id = fs.workspace_id and p.id::text in (
          select e->>'productId' from jsonb_each(fs.answers) a,
            jsonb_array_elements(case jsonb_typeof(a.value) when 'array' then a.value else '[]'::jsonb end) e)) as skus
     from form_submissions fs left join customers c on c.id = fs.customer_id
     where fs.form_id = f.id${first ? '' : ' and (fs.created_at, fs.id) < (:cursorAt::timestamptz, :cursorId::uuid)'}
     order by fs.created_at desc, fs.id desc limit :limit
   ) s on true
   where caller.ok and f.id = :id and f.workspace_id = :wid`;
const EXPORT_FIRST = readStatement('workspace', 'form_submissions_export_first', EXPORT_PAGE(true), PAGE_ORDER);
const EXPORT_AFTER = readStatement('workspace', 'form_submissions_export_after', EXPORT_PAGE(false), PAGE_ORDER);

export type ExportRow = {
  id: string;
  answers: Record<string, unknown>;
  createdAt: Date;
  cursorAt: string;
  email: string | null;
  /** SKU by product id, of the products the answers picked. */
  skus: Record<string, string> | null;
};

/** The first page of a form's export with the form's name and fields; null when the form is not in the workspace. */
export async function readExportStart(
  scope: ReadScope,
  formId: string,
  limit: number,
): Promise<{ name: string; fields: FormField[]; rows: ExportRow[] } | null> {
  const rows = await scope.read<ExportRow & { formName: string | null; formFields: FormField[] | null }>(EXPORT_FIRST, { id: formId, limit });
  if (rows.length === 0) return null;
  const head = rows.find((r) => r.formFields !== null)!;
  return { name: head.formName!, fields: head.formFields!, rows: rows.filter((r) => r.id !== null) };
}

/** The export's next page, after the last row of the previous one. */
export async function readExportPage(scope: ReadScope, formId: string, after: ExportRow, limit: number): Promise<ExportRow[]> {
  const rows = await scope.read<ExportRow>(EXPORT_AFTER, { id: formId, cursorAt: after.cursorAt, cursorId: after.id, limit });
  return rows.filter((r) => r.id !== null);
}
