// A form's public page: its definition (nothing about the workspace but its name), and submissions from anyone.
// A submission is one transaction: the customer found by email (or created), a `web` conversation opened with
// the answers as the customer's first message (published exactly as the inbox publishes its own), a pending
// order for picked products, and the submission row.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ErrorDetail } from '../../../contracts/errors.js';
import type { FormField, PublicForm } from '../../../contracts/forms.js';
import { MESSAGE_MAX_LENGTH } from '../../../contracts/conversations.js';
import type { Db, Tx } from '../../../db/client.js';
import { forms, formSubmissions } from '../../../db/schema/forms.js';
import { workspaces } from '../../../db/schema/identity.js';
import { customers } from '../../../db/schema/inbox.js';
import { products } from '../../../db/schema/products.js';
import { customerColumns, toCustomer } from '../customers/queries.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { formSubmitted } from '../forms/events.js';
import { submissionColumns, toField, toSubmission } from '../forms/queries.js';
import { ApiError, notFound, validationFailed } from '../http/errors.js';
import type { BaseContext } from '../http/route.js';
import { insertMessage, openConversation } from '../inbox/service.js';
import { createOrderInTx } from '../orders/service.js';
import { checkAnswers, pickedProductIds, type AnswerValue, type ProductPick } from './answers.js';

export const THANKS = 'Thanks! We got your answers.';

/** The most products a public page lists for a product field that offers every active product. */
export const PUBLIC_PRODUCTS_MAX = 500;

// The product fields' offer, over the form row: the products they list, and every active one when a product
// field lists none.
const productFieldsOf = sql`jsonb_array_elements(${forms.fields}) f where f->>'type' = 'product'`;
const offeredProducts = sql`coalesce((
  select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name, 'price', p.price, 'currency', p.currency,
    'available', p.active and (p.stock is null or p.stock > 0)) order by p.name, p.id)
  from (
    select * from ${products} p
    where p.workspace_id = ${forms.workspaceId} and (
      p.id::text in (select jsonb_array_elements_text(f->'productIds') from ${productFieldsOf} and jsonb_typeof(f->'productIds') = 'array')
      or (p.active and exists (
        select 1 from ${productFieldsOf}
        and coalesce(jsonb_array_length(case jsonb_typeof(f->'productIds') when 'array' then f->'productIds' end), 0) = 0)))
    order by p.name, p.id limit ${PUBLIC_PRODUCTS_MAX}
  ) p), '[]'::jsonb)`;

/** GET /api/public/forms/{publicKey}: null when there is no such form or it is turned off. One statement. */
export async function readPublicForm(db: Db, publicKey: string): Promise<PublicForm | null> {
  const [row] = await db
    .select({ name: forms.name, fields: forms.fields, workspaceName: workspaces.name, products: sql<PublicForm['products']>`${offeredProducts}` })
    .from(forms)
    .innerJoin(workspaces, eq(workspaces.id, forms.workspaceId))
    .where(and(eq(forms.publicKey, publicKey), eq(forms.active, true)));
  if (!row) return null;
  return { name: row.name, workspaceName: row.workspaceName, fields: row.fields.map(toField), products: row.products };
}

interface Named {
  name: string;
  sku: string;
}

/** An answer as a line of the conversation's first message. */
function answerText(answer: AnswerValue, named: Map<string, Named>): string {
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (Array.isArray(answer)) {
    return answer
      .map((p) => {
        const product = named.get(p.productId);
        return `${p.quantity} × ${product ? `${product.name} (${product.sku})` : p.productId}`;
      })
      .join(', ');
  }
  return String(answer);
}

/** "Label: value" lines, in the form's order, cut to a message's length. */
export function answersMessage(fields: FormField[], answers: Record<string, AnswerValue>, named: Map<string, Named>): string {
  const lines = fields.filter((f) => answers[f.key] !== undefined).map((f) => `${f.label}: ${answerText(answers[f.key]!, named)}`);
  const content = lines.join('\n');
  const chars = Array.from(content);
  return chars.length <= MESSAGE_MAX_LENGTH ? content : chars.slice(0, MESSAGE_MAX_LENGTH - 1).join('') + '…';
}

/** The customer with this email in the workspace, created (with name and phone from the answers) when there is none. */
async function findOrCreateCustomer(tx: Tx, workspaceId: string, email: string, name: string, phone: string | null, emit: (e: DomainEvent) => void) {
  const find = () =>
    tx
      .select(customerColumns)
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), sql`lower(${customers.email}) = ${email}`))
      .limit(1);
  const [existing] = await find();
  if (existing) return existing;
  // A concurrent submission with the same email may create it first: then the unique index keeps one, and we read it.
  const [created] = await tx.insert(customers).values({ workspaceId, name, email, phone }).onConflictDoNothing().returning(customerColumns);
  if (created) {
    emit(workspaceEvent(workspaceId, 'customer.created', { customer: toCustomer(created) }));
    return created;
  }
  const [raced] = await find();
  if (!raced) throw new Error('the customer was neither found nor created');
  return raced;
}

/** Opens a `web` conversation whose first message is the customer's answers, as the inbox would. */
async function openFormConversation(
  tx: Tx,
  workspaceId: string,
  customer: { id: string; name: string },
  subject: string,
  content: string,
  emit: (e: DomainEvent) => void,
) {
  const opened = await openConversation(tx, emit, { workspaceId, customer, channel: 'web', subject });
  const posted = await insertMessage(tx, emit, { workspaceId, conversationId: opened.id, senderType: 'customer', senderId: null, content });
  return posted!.conversation;
}

/** The order's refusals (409 out_of_stock, 422) point at the product field of the item, not at `items.N`. */
function aboutFields(err: unknown, items: (ProductPick & { key: string })[], firstKey: string): unknown {
  if (!(err instanceof ApiError) || !err.details) return err;
  const details: ErrorDetail[] = err.details.map((d) => {
    const m = /^items(?:\.(\d+))?/.exec(d.path);
    if (!m) return d;
    return { ...d, path: m[1] !== undefined ? (items[Number(m[1])]?.key ?? firstKey) : firstKey };
  });
  return new ApiError(err.status, err.code, err.message, details, err.headers);
}

/** POST /api/public/forms/{publicKey}/submissions. */
export async function submitForm(ctx: BaseContext, publicKey: string, body: Record<string, unknown>): Promise<{ id: string; message: string }> {
  return withEvents(ctx, async (tx, emit) => {
    // Key-share lock: the form cannot be deleted under the submission.
    const [form] = await tx
      .select({ id: forms.id, workspaceId: forms.workspaceId, name: forms.name, fields: forms.fields })
      .from(forms)
      .where(and(eq(forms.publicKey, publicKey), eq(forms.active, true)))
      .for('key share');
    if (!form) throw notFound('Form');
    const wid = form.workspaceId;

    const ids = pickedProductIds(form.fields, body);
    const picked =
      ids.length === 0
        ? []
        : await tx
            .select({ id: products.id, sku: products.sku, name: products.name, active: products.active })
            .from(products)
            .where(and(eq(products.workspaceId, wid), inArray(products.id, ids)));
    const byId = new Map(picked.map((p) => [p.id, p]));
    const { answers, email, details } = checkAnswers(form.fields, body, byId);
    if (details.length > 0) throw validationFailed(details);

    const nameAnswer = answers.name;
    const name = (typeof nameAnswer === 'string' && nameAnswer ? nameAnswer : email.split('@')[0]!).slice(0, 100);
    const phoneField = form.fields.find((f) => f.type === 'phone' && typeof answers[f.key] === 'string');
    const customer = await findOrCreateCustomer(tx, wid, email, name, phoneField ? (answers[phoneField.key] as string) : null, emit);

    const conversation = await openFormConversation(tx, wid, customer, form.name, answersMessage(form.fields, answers, byId), emit);

    const items = form.fields.flatMap((f) =>
      f.type === 'product' && Array.isArray(answers[f.key]) ? (answers[f.key] as ProductPick[]).map((p) => ({ ...p, key: f.key })) : [],
    );
    let orderId: string | null = null;
    if (items.length > 0) {
      const firstKey = items[0]!.key;
      const created = await createOrderInTx(
        tx,
        wid,
        {
          customerId: customer.id,
          conversationId: conversation.id,
          items: items.map(({ productId, quantity }) => ({ productId, quantity })),
          notes: `From the form “${form.name}”`,
        },
        null,
      ).catch((err: unknown) => {
        throw aboutFields(err, items, firstKey);
      });
      orderId = created.order.id;
      emit(...created.events);
    }

    const [row] = await tx
      .insert(formSubmissions)
      .values({ workspaceId: wid, formId: form.id, answers, customerId: customer.id, conversationId: conversation.id, orderId })
      .returning(submissionColumns);
    emit(formSubmitted(wid, toSubmission(row!), form.name));
    return { id: row!.id, message: THANKS };
  });
}
