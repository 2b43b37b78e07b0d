// /api/workspaces/{wid}/views: a member's own named filter sets of the inbox (API.md "Inbox additions (round 2)").
// Each member sees and changes only their own views.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  tagSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';
import { assigneeFilterSchema, channelSchema, conversationStatusSchema } from './conversations.js';

/** The inbox list's filters a view keeps (the names of GET /conversations' query). */
export const viewFiltersSchema = z.strictObject({
  status: conversationStatusSchema.optional(),
  assigneeId: assigneeFilterSchema.optional(),
  channel: channelSchema.optional(),
  tag: tagSchema.optional(),
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  unread: z.boolean().optional(),
});
export type ViewFilters = z.infer<typeof viewFiltersSchema>;

export const savedViewSchema = z.object({ id: idSchema, name: z.string(), filters: viewFiltersSchema, createdAt: timestampSchema, updatedAt: timestampSchema });
export type SavedView = z.infer<typeof savedViewSchema>;
export const savedViewListSchema = listResponseSchema(savedViewSchema);

export const createSavedViewBodySchema = z.strictObject({ name: trimmedText(60, 'Name the view'), filters: viewFiltersSchema });
export type CreateSavedViewBody = z.input<typeof createSavedViewBodySchema>;
export const updateSavedViewBodySchema = createSavedViewBodySchema.partial();

export const savedViewEndpoints = {
  listViews: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/views',
    access: 'viewer',
    summary: "The caller's saved inbox views, oldest first",
    params: workspaceParamsSchema,
    query: listQuerySchema,
    response: savedViewListSchema,
  }),
  createView: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/views',
    access: 'viewer',
    summary: 'Save the inbox filters under a name (the caller’s own)',
    params: workspaceParamsSchema,
    body: createSavedViewBodySchema,
    example: { name: 'My unread', filters: { status: 'open', assigneeId: 'me', unread: true } },
    response: savedViewSchema,
    status: 201,
    idempotent: true,
  }),
  getView: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/views/:id',
    access: 'viewer',
    summary: 'One of the caller’s saved views',
    params: itemParamsSchema,
    response: savedViewSchema,
  }),
  updateView: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/views/:id',
    access: 'viewer',
    summary: 'Rename a saved view or replace its filters',
    params: itemParamsSchema,
    body: updateSavedViewBodySchema,
    example: { name: 'Unread, mine' },
    response: savedViewSchema,
  }),
  deleteView: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/views/:id',
    access: 'viewer',
    summary: 'Delete a saved view',
    params: itemParamsSchema,
  }),
};
