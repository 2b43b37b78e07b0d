// /api/realtime endpoints: where pusher-js connects, and channel authorization.
import { endpoint } from './endpoint.js';
import { realtimeAuthBodySchema, realtimeAuthResponseSchema, realtimeConfigSchema } from './inbox.js';

export const realtimeEndpoints = {
  config: endpoint({
    method: 'GET',
    path: '/api/realtime/config',
    access: 'public',
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
};
