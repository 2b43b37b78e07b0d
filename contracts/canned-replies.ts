// /api/workspaces/{wid}/canned-replies: the workspace's saved answers, inserted with `/shortcut` in the composer
// (API.md "Inbox additions (round 2)"). Agents and above read them; admins and owners write them. The content
// may use {{customer.name}}, {{agent.name}} and {{conversation.number}}, filled in by the composer.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';

export const CANNED_REPLY_MAX_LENGTH = 10_000;

/** Letters, digits, `-` and `_`; compared case-insensitively (unique per workspace). */
export const shortcutSchema = z
  .string()
  .trim()
  .min(1, 'Enter a shortcut')
  .max(40, 'Use at most 40 characters')
  .regex(/^[\p{L}\p{N}_-]+$/u, 'Use letters, digits, - and _ only');

export const cannedReplySchema = z.object({
  id: idSchema,
  shortcut: z.string(),
  title: z.string(),
  content: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type CannedReply = z.infer<typeof cannedReplySchema>;

export const cannedReplyListSchema = listResponseSchema(cannedReplySchema);

const contentSchema = z
  .string()
  .min(1, 'Write the reply')
  .max(CANNED_REPLY_MAX_LENGTH, `Use at most ${CANNED_REPLY_MAX_LENGTH} characters`)
  .refine((v) => v.trim().length > 0, 'Write the reply')
  .refine(hasNoNul, NUL_MESSAGE);

export const createCannedReplyBodySchema = z.strictObject({ shortcut: shortcutSchema, title: trimmedText(200, 'Enter a title'), content: contentSchema });
export type CreateCannedReplyBody = z.input<typeof createCannedReplyBodySchema>;
export const updateCannedReplyBodySchema = createCannedReplyBodySchema.partial();
export type UpdateCannedReplyBody = z.input<typeof updateCannedReplyBodySchema>;

/** `q` matches the shortcut or the title (case-insensitive). Ordered by shortcut. */
export const cannedReplyListQuerySchema = listQuerySchema.extend({ q: z.string().trim().max(100).refine(hasNoNul, NUL_MESSAGE).optional() });

export const cannedReplyEndpoints = {
  listCannedReplies: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/canned-replies',
    access: 'agent',
    summary: "The workspace's canned replies by shortcut (`q` matches shortcut or title)",
    params: workspaceParamsSchema,
    query: cannedReplyListQuerySchema,
    response: cannedReplyListSchema,
  }),
  createCannedReply: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/canned-replies',
    access: 'admin',
    summary: 'Add a canned reply (409 when the shortcut is taken, in any case)',
    params: workspaceParamsSchema,
    body: createCannedReplyBodySchema,
    example: { shortcut: 'shipping', title: 'Shipping times', content: 'Hi {{customer.name}}, orders ship within 2 working days. {{agent.name}}' },
    response: cannedReplySchema,
    status: 201,
    idempotent: true,
  }),
  getCannedReply: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/canned-replies/:id',
    access: 'agent',
    summary: 'One canned reply',
    params: itemParamsSchema,
    response: cannedReplySchema,
  }),
  updateCannedReply: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/canned-replies/:id',
    access: 'admin',
    summary: 'Change a canned reply (409 when the new shortcut is taken)',
    params: itemParamsSchema,
    body: updateCannedReplyBodySchema,
    example: { title: 'Shipping times (EU)' },
    response: cannedReplySchema,
  }),
  deleteCannedReply: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/canned-replies/:id',
    access: 'admin',
    summary: 'Delete a canned reply',
    params: itemParamsSchema,
  }),
};
