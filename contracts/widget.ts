// /api/public/widget/… (public function): the web chat widget's visitor session, messages and realtime authorization.
//
// The widget (public/widget.js, built from widget/src) runs on the business's own site. It finds the web channel by
// its public key (`data-key`), opens a visitor session, and from then on calls with `Authorization: Bearer
// {visitorToken}`: a 30-day HS256 token naming the channel, the workspace and a random visitor id, kept in the
// visitor's localStorage so the history survives reloads. CORS is answered on these paths only, and only for the
// origins the channel lists in `settings.allowedOrigins` (api/_lib/widget/cors.ts).
import { z } from 'zod';
import { emailSchema, hasNoNul, idSchema, NUL_MESSAGE, timestampSchema } from './common.js';
import { endpoint } from './endpoint.js';
import { publicKeySchema } from './forms.js';
import { realtimeAuthBodySchema, realtimeAuthResponseSchema, realtimeConfigSchema } from './realtime.js';

export const WIDGET_MESSAGE_MAX = 4000;
/** How many of the visitor's newest messages GET /messages answers. */
export const WIDGET_HISTORY_LIMIT = 100;

export const widgetParamsSchema = z.object({ publicKey: publicKeySchema });

/** GET /api/public/widget/{publicKey}/config: what the widget shows before anyone writes. */
export const widgetConfigSchema = z.object({
  name: z.string(),
  greeting: z.string(),
  /** The launcher's and the visitor's bubbles' colour (`#rrggbb`); the widget darkens it until white text on it reads at 4.5:1. */
  color: z.string(),
  /**
   * Whether someone of the team is around: a member has the app open (subscribed to the workspace's presence
   * channel), or, without realtime, a member's session was used in the last 15 minutes. False: the widget offers
   * the offline form (email + message) instead of the chat.
   */
  online: z.boolean(),
  /** Where the widget's WebSocket connects (the same answer as GET /api/realtime/config, so CORS stays on these paths). */
  realtime: realtimeConfigSchema,
});
export type WidgetConfig = z.infer<typeof widgetConfigSchema>;

const optionalName = z.string().trim().max(100, 'Use at most 100 characters').refine(hasNoNul, NUL_MESSAGE).optional();

export const widgetSessionBodySchema = z.strictObject({
  name: optionalName,
  email: z.string().trim().toLowerCase().pipe(emailSchema).optional(),
});
export type WidgetSessionBody = z.input<typeof widgetSessionBodySchema>;

export const widgetSessionSchema = z.object({
  visitorToken: z.string(),
  /** The visitor's conversation on this channel, once they have written (null for a new visitor). */
  conversationId: idSchema.nullable(),
});
export type WidgetSession = z.infer<typeof widgetSessionSchema>;

export const visitorAttachmentSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), url: z.string() });

/** A message as the visitor sees it: their own and the team's replies, never a private note or a system event. */
export const visitorMessageSchema = z.object({
  id: idSchema,
  senderType: z.enum(['customer', 'agent', 'ai']),
  content: z.string(),
  attachments: z.array(visitorAttachmentSchema),
  createdAt: timestampSchema,
});
export type VisitorMessage = z.infer<typeof visitorMessageSchema>;

export const widgetMessagesSchema = z.object({
  conversationId: idSchema.nullable(),
  /** Oldest first, the newest WIDGET_HISTORY_LIMIT. */
  data: z.array(visitorMessageSchema),
});
export type WidgetMessages = z.infer<typeof widgetMessagesSchema>;

const contentSchema = z
  .string()
  .trim()
  .min(1, 'Write a message')
  .max(WIDGET_MESSAGE_MAX, `Use at most ${WIDGET_MESSAGE_MAX} characters`)
  .refine(hasNoNul, NUL_MESSAGE);

export const widgetSendBodySchema = z.strictObject({ content: contentSchema });
export type WidgetSendBody = z.input<typeof widgetSendBodySchema>;
export const widgetSentSchema = z.object({ conversationId: idSchema, message: visitorMessageSchema });
export type WidgetSent = z.infer<typeof widgetSentSchema>;

export const widgetOfflineBodySchema = z.strictObject({ email: z.string().trim().toLowerCase().pipe(emailSchema), content: contentSchema });
export type WidgetOfflineBody = z.input<typeof widgetOfflineBodySchema>;

/** Events on private-visitor-{conversationId} (contracts/realtime.ts visitorChannel). */
export const visitorEvents = {
  'message.created': z.object({ message: visitorMessageSchema }),
  /** Someone of the team is writing a reply (sent at most every few seconds while they type). */
  typing: z.object({}),
};

const BEARER = 'Authorization: Bearer {visitorToken} (from POST …/sessions)';

export const widgetEndpoints = {
  config: endpoint({
    method: 'GET',
    path: '/api/public/widget/:publicKey/config',
    access: 'public',
    summary: 'The web widget’s name, greeting, colour, whether the team is online, and where to connect for live replies',
    params: widgetParamsSchema,
    response: widgetConfigSchema,
    rateLimit: { limit: 120, windowSeconds: 60 },
  }),
  createSession: endpoint({
    method: 'POST',
    path: '/api/public/widget/:publicKey/sessions',
    access: 'public',
    summary: 'Open a visitor session (optionally with the visitor’s name and email): a 30-day visitor token',
    params: widgetParamsSchema,
    body: widgetSessionBodySchema,
    example: {},
    response: widgetSessionSchema,
    status: 201,
    rateLimit: { limit: 20, windowSeconds: 600 },
  }),
  listMessages: endpoint({
    method: 'GET',
    path: '/api/public/widget/messages',
    access: 'public',
    summary: `The visitor’s conversation: their messages and the team’s replies, oldest first (never private notes). ${BEARER}`,
    response: widgetMessagesSchema,
    rateLimit: { limit: 120, windowSeconds: 60 },
  }),
  sendMessage: endpoint({
    method: 'POST',
    path: '/api/public/widget/messages',
    access: 'public',
    summary: `Write to the team: joins the visitor’s open conversation or opens one. ${BEARER}`,
    body: widgetSendBodySchema,
    example: { content: 'Hello! Do you ship abroad?' },
    response: widgetSentSchema,
    status: 201,
    rateLimit: { limit: 30, windowSeconds: 60 },
  }),
  sendOffline: endpoint({
    method: 'POST',
    path: '/api/public/widget/offline',
    access: 'public',
    summary: `Leave a message while nobody is online: the visitor becomes a customer with that email. ${BEARER}`,
    body: widgetOfflineBodySchema,
    example: { email: 'visitor@example.com', content: 'Please call me back about my order.' },
    response: widgetSentSchema,
    status: 201,
    rateLimit: { limit: 5, windowSeconds: 600 },
  }),
  authorizeRealtime: endpoint({
    method: 'POST',
    path: '/api/public/widget/realtime/auth',
    access: 'public',
    summary: `Sign the visitor’s subscription to private-visitor-{their conversation id} (form or JSON), and no other. ${BEARER}`,
    body: realtimeAuthBodySchema,
    example: { socket_id: '123.456', channel_name: 'private-visitor-00000000-0000-4000-8000-000000000000' },
    response: realtimeAuthResponseSchema,
    rateLimit: { limit: 60, windowSeconds: 60 },
  }),
};
