// /api/workspaces/{wid}/channels (served by the inbox function): admins and owners list, connect, rename or
// re-configure, and disconnect the workspace's channels. The OAuth connect flows are their own endpoints
// (contracts/oauth.ts).
import { channelEndpoints } from '../../../contracts/channels.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readChannel, readChannels } from './queries.js';
import { createChannel, deleteChannel, updateChannel } from './service.js';

export const routes = implement(channelEndpoints, {
  listChannels: (ctx, { query }) => readChannels(ctx.scope, query),
  createChannel: (ctx, { body }) => createChannel(ctx, body),
  async getChannel(ctx, { params }) {
    const channel = await readChannel(ctx.scope, params.id);
    if (!channel) throw notFound('Channel');
    return channel;
  },
  updateChannel: (ctx, { params, body }) => updateChannel(ctx, params.id, body),
  async deleteChannel(ctx, { params }) {
    await deleteChannel(ctx, params.id);
    return undefined;
  },
});
