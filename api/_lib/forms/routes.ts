// /api/workspaces/{wid}/forms (served by the commerce function): viewers read and export, admins write.
import { formEndpoints } from '../../../contracts/forms.js';
import type { Cell } from '../http/csv.js';
import { streamCsv } from '../http/csv.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readExportPage, readExportStart, readForm, readForms, readSubmissions, type ExportRow } from './queries.js';
import { createForm, deleteForm, updateForm } from './service.js';

type Answer = string | number | boolean | { productId: string; quantity: number }[] | undefined;

/** Rows per page of an export. */
const EXPORT_PAGE = 1_000;

/** One answer as a CSV cell: picked products as `SKU×qty; …`. */
function answerCell(answer: Answer, skus: Record<string, string>): Cell {
  if (Array.isArray(answer)) return answer.map((p) => `${skus[p.productId] ?? p.productId}×${p.quantity}`).join('; ');
  return answer;
}

const fileName = (name: string) =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'form'
  }-submissions.csv`;

export const routes = implement(formEndpoints, {
  listForms: (ctx, { query }) => readForms(ctx.scope, query),
  createForm: (ctx, { body }) => createForm(ctx, body),
  async getForm(ctx, { params }) {
    const form = await readForm(ctx.scope, params.id);
    if (!form) throw notFound('Form');
    return form;
  },
  updateForm: (ctx, { params, body }) => updateForm(ctx, params.id, body),
  async deleteForm(ctx, { params }) {
    await deleteForm(ctx, params.id);
    return undefined;
  },
  async listSubmissions(ctx, { params, query }) {
    const submissions = await readSubmissions(ctx.scope, params.id, query);
    if (!submissions) throw notFound('Form');
    return submissions;
  },
  async exportSubmissions(ctx, { params }) {
    const start = await readExportStart(ctx.scope, params.id, EXPORT_PAGE);
    if (!start) throw notFound('Form');
    const { fields } = start;
    await streamCsv<ExportRow>(
      ctx.res,
      fileName(start.name),
      ['submittedAt', 'customerEmail', ...fields.map((f) => f.label)],
      (row) => [row.createdAt.toISOString(), row.email, ...fields.map((f) => answerCell(row.answers[f.key] as Answer, row.skus ?? {}))],
      async (after, limit) => (after ? readExportPage(ctx.scope, params.id, after, limit) : start.rows),
      EXPORT_PAGE,
    );
    return undefined;
  },
});
