// /api/realtime: where pusher-js connects, user authentication and channel authorization; channel names and
// presence data.
import { z } from 'zod';
import { endpoint } from './endpoint.js';

/** GET /api/realtime/config: what pusher-js needs to connect. */
export const realtimeConfigSchema = z.object({
  /** False when no Pusher is configured: the SPA then works without live updates. */
  enabled: z.boolean().optional(),
  key: z.string(),
  cluster: z.string(),
  wsHost: z.string().optional(),
  wsPort: z.number().int().positive().optional(),
  forceTLS: z.boolean(),
});
export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

const socketIdSchema = z.string().regex(/^\d+\.\d+$/, 'Invalid socket id');

/** POST /api/realtime/auth (form or JSON), as pusher-js sends it. */
export const realtimeAuthBodySchema = z.strictObject({
  socket_id: socketIdSchema,
  channel_name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_\-=@,.;]+$/, 'Invalid channel name'),
});
export type RealtimeAuthBody = z.input<typeof realtimeAuthBodySchema>;

export const realtimeAuthResponseSchema = z.object({ auth: z.string(), channel_data: z.string().optional() });
export type RealtimeAuthResponse = z.infer<typeof realtimeAuthResponseSchema>;

/** POST /api/realtime/user-auth (form or JSON), as pusher-js's userAuthentication sends it for signin(). */
export const realtimeUserAuthBodySchema = z.strictObject({ socket_id: socketIdSchema });
export type RealtimeUserAuthBody = z.input<typeof realtimeUserAuthBodySchema>;

/** What pusher-js sends on in pusher:signin: `user_data` is the JSON of `{ id, user_info: { name } }`. */
export const realtimeUserAuthResponseSchema = z.object({ auth: z.string(), user_data: z.string() });
export type RealtimeUserAuthResponse = z.infer<typeof realtimeUserAuthResponseSchema>;

/** The header a write carries so its own event is not echoed back to the sender's socket. */
export const SOCKET_ID_HEADER = 'X-Socket-Id';

export const workspaceChannel = (wid: string) => `private-workspace-${wid}` as const;
export const presenceChannel = (wid: string) => `presence-workspace-${wid}` as const;
export const userChannel = (uid: string) => `private-user-${uid}` as const;
/** A web-widget visitor's channel: the replies in their conversation (authorized by the visitor token). */
export const visitorChannel = (conversationId: string) => `private-visitor-${conversationId}` as const;

/** presence-workspace-{wid} members: `user_id` is the user's id, `user_info` comes from the session. */
export const presenceUserInfoSchema = z.object({ name: z.string() });
export type PresenceUserInfo = z.infer<typeof presenceUserInfoSchema>;

/** POST /api/realtime/typing: an agent is writing a reply in a web-widget conversation. */
export const typingBodySchema = z.strictObject({ conversationId: z.uuid() });

export const realtimeEndpoints = {
  config: endpoint({
    method: 'GET',
    path: '/api/realtime/config',
    access: 'public',
    rateLimit: null,
    summary: 'What pusher-js needs to connect (enabled: false when realtime is off)',
    response: realtimeConfigSchema,
  }),
  authorize: endpoint({
    method: 'POST',
    path: '/api/realtime/auth',
    access: 'user',
    summary: "Sign a channel subscription (form-encoded, as pusher-js sends it): a workspace's channels for its members, a user's own channel",
    body: realtimeAuthBodySchema,
    response: realtimeAuthResponseSchema,
  }),
  userAuth: endpoint({
    method: 'POST',
    path: '/api/realtime/user-auth',
    access: 'user',
    summary: "Sign the connection in as the caller (pusher-js signin(), form-encoded): lets the server end that user's connections when their access changes",
    body: realtimeUserAuthBodySchema,
    response: realtimeUserAuthResponseSchema,
  }),
  typing: endpoint({
    method: 'POST',
    path: '/api/realtime/typing',
    access: 'user',
    summary:
      'Tell the visitor of a web-widget conversation that the caller (an agent of its workspace) is writing; the app sends it at most every few seconds while typing',
    body: typingBodySchema,
    example: { conversationId: '00000000-0000-4000-8000-000000000000' },
    rateLimit: { limit: 60, windowSeconds: 60 },
  }),
};
