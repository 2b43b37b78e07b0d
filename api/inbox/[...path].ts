// The inbox function: customers and conversations, reached through the rewrite of
// /api/workspaces/:wid/(conversations|customers)/… so URLs stay resource-shaped.
import { createFunction } from '../_lib/http/function.js';

// Bodies are read by the kernel (JSON from the bytes), so a customers import receives its text/csv body.
export const config = { api: { bodyParser: false } };

export default createFunction('inbox', {
  customers: () => import('../_lib/customers/routes.js'),
  inbox: () => import('../_lib/inbox/routes.js'),
  channels: () => import('../_lib/channels/routes.js'),
  'channel-oauth': () => import('../_lib/channel-oauth/routes.js'),
  assistant: () => import('../_lib/assistant/routes.js'),
  'canned-replies': () => import('../_lib/canned-replies/routes.js'),
  views: () => import('../_lib/views/routes.js'),
});
