// The webhooks function: events from Stripe (and, later, the channel providers). It reads the raw body itself,
// since each sender signs the exact bytes it sent.
import { createFunction } from '../_lib/http/function.js';

export const config = { api: { bodyParser: false } };

export default createFunction('webhooks', {
  webhooks: () => import('../_lib/webhooks/routes.js'),
  'channel-webhooks': () => import('../_lib/channel-webhooks/routes.js'),
});
