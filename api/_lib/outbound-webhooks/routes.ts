import { outboundWebhookEndpoints } from '../../../contracts/outbound-webhooks.js';
import { implement } from '../http/implement.js';

export const routes = implement(outboundWebhookEndpoints, {});
