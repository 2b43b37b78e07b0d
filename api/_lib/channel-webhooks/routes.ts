import { channelWebhookEndpoints } from '../../../contracts/channel-webhooks.js';
import { implement } from '../http/implement.js';

export const routes = implement(channelWebhookEndpoints, {});
