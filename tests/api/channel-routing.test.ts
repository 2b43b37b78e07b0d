// Meta and TikTok keep one webhook URL per app, whatever the number of pages, accounts or workspaces connected
// to it: a delivery reaching any channel's URL is stored on every connected channel of that type whose account
// it names, in that channel's workspace, and nowhere else.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META, metaDeliveryBody } from '../../dev/channel-providers/meta.js';
import { tiktokSignatureHeader } from '../../dev/channel-providers/tiktok.js';
import type { TestApp } from '../support/app.js';
import { channelCounts, createChannel, eventually, sleep, startChannelTestApp, TEST_TIKTOK_SECRET } from '../support/channels.js';
import { client } from '../support/http.js';
import { createWorkspace, teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  ({ app } = await startChannelTestApp());
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const post = (type: string, channelId: string, body: string, headers: Record<string, string>) =>
  api.request('POST', `/api/webhooks/${type}/${channelId}`, { raw: body, headers: { 'content-type': 'application/json', ...headers } });

async function contents(wid: string): Promise<string[]> {
  const list = await api.get(`/api/workspaces/${wid}/conversations?limit=100`, { token: team.owner.token });
  return (list.body.data as { lastMessage: { content: string } | null }[]).map((c) => c.lastMessage?.content ?? '');
}

describe('one webhook URL per app', () => {
  it('stores a Messenger delivery naming two pages on each page’s channel, in its own workspace', async () => {
    const other = (await createWorkspace(api, team.owner.token, 'Second shop')).id;
    const pageA = await createChannel(app, { workspaceId: team.workspace.id, type: 'facebook', credentials: { accessToken: 'a' }, externalId: '111000111' });
    const pageB = await createChannel(app, { workspaceId: other, type: 'facebook', credentials: { accessToken: 'b' }, externalId: '222000222' });
    const entryFor = (page: string, text: string) =>
      (metaDeliveryBody('facebook', page, { kind: 'message', from: `24${page}`, text }) as { entry: unknown[] }).entry[0];
    const body = JSON.stringify({ object: 'page', entry: [entryFor('111000111', 'for page A'), entryFor('222000222', 'for page B')] });
    const signature = { 'X-Hub-Signature-256': 'sha256=' + createHmac('sha256', LOCAL_META.appSecret).update(body).digest('hex') };

    // Meta calls the URL the app registered: page A's.
    expect((await post('facebook', pageA.id, body, signature)).status).toBe(200);
    await eventually(async () => (await channelCounts(app, pageB.id)).messages === 1, 5000, "page B's message");
    await eventually(async () => (await channelCounts(app, pageA.id)).messages === 1, 5000, "page A's message");
    expect(await contents(team.workspace.id)).toContain('for page A');
    expect(await contents(team.workspace.id)).not.toContain('for page B');
    expect(await contents(other)).toEqual(['for page B']);
  });

  it('stores a TikTok delivery on the channel of the business it names, whichever channel’s URL it reached', async () => {
    const other = (await createWorkspace(api, team.owner.token, 'TikTok shop')).id;
    const first = await createChannel(app, { workspaceId: team.workspace.id, type: 'tiktok', credentials: { accessToken: 'x' }, externalId: 'biz-one' });
    const second = await createChannel(app, { workspaceId: other, type: 'tiktok', credentials: { accessToken: 'y' }, externalId: 'biz-two' });
    const body = JSON.stringify({
      client_key: 'test-client-key',
      event: 'im_receive_msg',
      create_time: Math.floor(Date.now() / 1000),
      user_openid: 'biz-two',
      content: JSON.stringify({
        conversation_id: 'conv_routed',
        message_id: 'msg-routed-1',
        type: 'text',
        text: { body: 'for business two' },
        from: 'Tik Tok',
      }),
    });
    expect((await post('tiktok', first.id, body, { 'TikTok-Signature': tiktokSignatureHeader(body, TEST_TIKTOK_SECRET) })).status).toBe(200);
    await eventually(async () => (await channelCounts(app, second.id)).messages === 1, 5000, "business two's message");
    await sleep(200);
    expect((await channelCounts(app, first.id)).messages).toBe(0);
    expect(await contents(other)).toEqual(['for business two']);
  });

  it('does not hand a delivery to a channel of another type with the same account id', async () => {
    const insta = await createChannel(app, { workspaceId: team.workspace.id, type: 'instagram', credentials: { accessToken: 'i' }, externalId: '333000333' });
    const page = await createChannel(app, { workspaceId: team.workspace.id, type: 'facebook', credentials: { accessToken: 'p' }, externalId: '444000444' });
    const body = JSON.stringify(metaDeliveryBody('facebook', '333000333', { kind: 'message', from: '24999', text: 'page delivery' }));
    const signature = { 'X-Hub-Signature-256': 'sha256=' + createHmac('sha256', LOCAL_META.appSecret).update(body).digest('hex') };
    expect((await post('facebook', page.id, body, signature)).status).toBe(200);
    await sleep(300);
    expect((await channelCounts(app, insta.id)).messages).toBe(0);
    expect((await channelCounts(app, page.id)).messages).toBe(0);
  });
});
