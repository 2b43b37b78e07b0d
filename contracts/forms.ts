// /api/workspaces/{wid}/forms (served by the commerce function) and /api/public/forms (the public function):
// order and contact forms a business builds, a public page per form at /f/{publicKey}, and their submissions,
// each of which finds or creates the customer, opens a web conversation and, with product fields, an order.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import {
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  NUL_MESSAGE,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';
import { endpoint } from './endpoint.js';

export const FIELD_TYPES = ['text', 'email', 'phone', 'number', 'textarea', 'select', 'checkbox', 'product'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FORM_MAX_FIELDS = 30;

export const formFieldSchema = z
  .strictObject({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (start with a letter)'),
    label: trimmedText(200, 'Enter a label'),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    /** The choices of a `select` field. */
    options: z.array(trimmedText(200, 'Enter an option')).max(50).optional(),
    /** The products a `product` field offers (all active products when empty or absent). */
    productIds: z.array(idSchema).max(100).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'select' && !field.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Add at least one option' });
  });
export type FormField = z.output<typeof formFieldSchema>;

const fieldsSchema = z
  .array(formFieldSchema)
  .min(1, 'Add at least one field')
  .max(FORM_MAX_FIELDS, `At most ${FORM_MAX_FIELDS} fields`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Another field uses the key ${f.key}` });
      seen.add(f.key);
    });
    if (!fields.some((f) => f.type === 'email')) ctx.addIssue({ code: 'custom', path: [], message: 'Add an email field: it is how the customer is found' });
  });

export const formSchema = z.object({
  id: idSchema,
  name: z.string(),
  publicKey: z.string(),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(FIELD_TYPES),
      required: z.boolean(),
      options: z.array(z.string()).optional(),
      productIds: z.array(idSchema).optional(),
    }),
  ),
  active: z.boolean(),
  submissionCount: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Form = z.infer<typeof formSchema>;
export const formListSchema = listResponseSchema(formSchema);

export const saveFormBodySchema = z.strictObject({
  name: trimmedText(200, 'Enter a name'),
  fields: fieldsSchema,
  active: z.boolean().default(true),
});
export type SaveFormBody = z.input<typeof saveFormBodySchema>;
export const formListQuerySchema = listQuerySchema.extend({ q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional() });

/** An answer: text for most fields, true/false for checkboxes, picked products for product fields. */
export const answerSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.object({ productId: idSchema, quantity: z.number().int() }))]);
export const submissionSchema = z.object({
  id: idSchema,
  formId: idSchema,
  answers: z.record(z.string(), answerSchema),
  customerId: idSchema.nullable(),
  conversationId: idSchema.nullable(),
  orderId: idSchema.nullable(),
  createdAt: timestampSchema,
});
export type Submission = z.infer<typeof submissionSchema>;
export const submissionListSchema = listResponseSchema(submissionSchema);

export const formEndpoints = {
  listForms: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/forms',
    access: 'viewer',
    summary: 'Forms, newest first; `q` searches the name',
    params: workspaceParamsSchema,
    query: formListQuerySchema,
    response: formListSchema,
  }),
  createForm: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/forms',
    access: 'admin',
    summary: 'Create a form (it needs an email field)',
    params: workspaceParamsSchema,
    body: saveFormBodySchema,
    example: {
      name: 'Order request',
      fields: [
        { key: 'name', label: 'Your name', type: 'text', required: true },
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'size', label: 'Size', type: 'select', required: false, options: ['S', 'M', 'L'] },
      ],
    },
    response: formSchema,
    status: 201,
    idempotent: true,
  }),
  getForm: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/forms/:id',
    access: 'viewer',
    summary: 'One form',
    params: itemParamsSchema,
    response: formSchema,
  }),
  updateForm: endpoint({
    method: 'PUT',
    path: '/api/workspaces/:wid/forms/:id',
    access: 'admin',
    summary: 'Replace a form’s name, fields and active flag (its public link stays)',
    params: itemParamsSchema,
    body: saveFormBodySchema,
    example: {
      name: 'Contact us',
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'message', label: 'Message', type: 'textarea', required: true },
      ],
    },
    response: formSchema,
  }),
  deleteForm: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/forms/:id',
    access: 'admin',
    summary: 'Delete a form and its submissions (the conversations and orders they opened stay)',
    params: itemParamsSchema,
  }),
  listSubmissions: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/forms/:id/submissions',
    access: 'viewer',
    summary: "A form's submissions, newest first",
    params: itemParamsSchema,
    query: listQuerySchema,
    response: submissionListSchema,
  }),
  exportSubmissions: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/forms/:id/submissions/export',
    access: 'viewer',
    summary: "A form's submissions as CSV (text/csv), one column per field",
    params: itemParamsSchema,
    raw: true,
  }),
};

/** GET /api/public/forms/{publicKey}: what the public page needs, and nothing about the workspace. */
export const publicFormSchema = z.object({
  name: z.string(),
  workspaceName: z.string(),
  fields: formSchema.shape.fields,
  products: z.array(z.object({ id: idSchema, name: z.string(), price: z.number().int(), currency: z.string(), available: z.boolean() })),
});
export type PublicForm = z.infer<typeof publicFormSchema>;
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const publicFormParamsSchema = z.object({ publicKey: publicKeySchema });
/** A submission as a browser sends it: JSON (values as typed) or form-encoded (all strings). */
export const submitFormBodySchema = z.record(z.string().max(40), z.unknown());
export const submitFormResultSchema = z.object({ id: idSchema, message: z.string() });

export const publicFormEndpoints = {
  getPublicForm: endpoint({
    method: 'GET',
    path: '/api/public/forms/:publicKey',
    access: 'public',
    summary: 'A form’s definition for its public page (404 when it does not exist or is turned off)',
    params: publicFormParamsSchema,
    response: publicFormSchema,
    rateLimit: { limit: 120, windowSeconds: 60 },
  }),
  submitPublicForm: endpoint({
    method: 'POST',
    path: '/api/public/forms/:publicKey/submissions',
    access: 'public',
    summary:
      'Submit a form (JSON or form-encoded; 422 per field): finds or creates the customer by email, opens a web conversation, and an order for picked products',
    params: publicFormParamsSchema,
    body: submitFormBodySchema,
    response: submitFormResultSchema,
    status: 201,
    rateLimit: { limit: 10, windowSeconds: 600 },
  }),
};

/** Events on private-workspace-{wid} (registered in contracts/events.ts). */
export const formEvents = {
  'form.created': z.object({ form: formSchema }),
  'form.updated': z.object({ form: formSchema }),
  'form.deleted': z.object({ id: idSchema }),
  'form.submitted': z.object({ submission: submissionSchema, formName: z.string() }),
};

/** Activity actions (registered in contracts/activity.ts). */
export const formActivity = {
  'form.created': action('form', z.object({ name: z.string() }), (m, w) => `${w.actor} created the form ${quoted(m.name ?? '')}`),
  'form.updated': action('form', z.object({ name: z.string() }), (m, w) => `${w.actor} changed the form ${quoted(m.name ?? '')}`),
  'form.deleted': action('form', z.object({ name: z.string() }), (m, w) => `${w.actor} deleted the form ${quoted(m.name ?? '')}`),
};
