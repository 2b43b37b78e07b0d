// Token channels against the local provider stand-ins (dev/channel-providers, speaking Telegram's Bot API and
// Viber's REST API): the token is checked and the channel's webhook registered at the provider before the row is
// stored, a refused token is a 422 at its field with the provider's reason (and nothing is stored), the token is
// encrypted at rest and never answered, and disconnecting removes the webhook at the provider.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../api/_lib/channels/crypto.js';
import { connectedChannelSchema } from '../../contracts/channels.js';
import { channels } from '../../db/schema/channels.js';
import { startChannelProviders, type ChannelProviders } from '../../dev/channel-providers/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, teamFixture } from '../support/users.js';

const BOT_TOKEN = '7100000042:AAH-acme-shop-bot-token-for-tests';
const VIBER_TOKEN = '4b2d0ffee0000042-acme0viber0shop1-0000000000000042';

let providers: ChannelProviders;
let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  providers = await startChannelProviders({ port: 0, appUrl: null });
  // Before the app reads its environment: the adapters call the stand-ins.
  Object.assign(process.env, providers.env);
  app = await startTestApp();
  providers.setAppUrl(app.url);
  api = client(app.url);
  team = await teamFixture(api);
  providers.addToken('telegram', BOT_TOKEN, { username: 'acme_shop_bot', first_name: 'Acme Shop' });
  providers.addToken('viber', VIBER_TOKEN, { name: 'Acme Shop', uri: 'acmeshop' });
});
afterAll(async () => {
  await app?.close();
  await providers?.close();
});

const db = () => app.database.db;
const path = (wid: string, id?: string) => `/api/workspaces/${wid}/channels${id ? `/${id}` : ''}`;

describe('a Telegram channel', () => {
  it('is connected with its bot token: the webhook is registered at Telegram, the token stored encrypted and never answered', async () => {
    const wid = (await createWorkspace(api, team.owner.token, 'Telegram shop')).id;
    const res = await api.post(path(wid), { type: 'telegram', name: 'Shop bot', credentials: { botToken: BOT_TOKEN } }, { token: team.owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const channel = connectedChannelSchema.parse(res.body);
    expect(channel).toMatchObject({ type: 'telegram', name: 'Shop bot', status: 'connected', publicKey: null, settings: { username: 'acme_shop_bot' } });

    const registered = providers.channels().find((c) => c.channelId === channel.id);
    expect(registered).toMatchObject({ provider: 'telegram', webhookUrl: `${app.url}/api/webhooks/telegram/${channel.id}` });

    // Nowhere in any answer…
    const answers = [
      res.body,
      (await api.get(path(wid), { token: team.owner.token })).body,
      (await api.get(path(wid, channel.id), { token: team.owner.token })).body,
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(BOT_TOKEN);
      expect(JSON.stringify(answer)).not.toContain('AAH-acme');
      expect(JSON.stringify(answer)).not.toMatch(/credentials|webhookSecret/);
    }
    // …and not in plaintext in the database: an encrypted blob bound to this channel.
    const [row] = await db().select({ credentials: channels.credentials, externalId: channels.externalId }).from(channels).where(eq(channels.id, channel.id));
    expect(row!.externalId).toBe('7100000042');
    expect(row!.credentials).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row!.credentials).not.toContain(BOT_TOKEN);
    expect(row!.credentials).not.toContain('acme-shop-bot');
    const secrets = decryptSecret<{ botToken: string; webhookSecret: string }>(row!.credentials!, channel.id);
    expect(secrets.botToken).toBe(BOT_TOKEN);
    expect(secrets.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(() => decryptSecret(row!.credentials!, '00000000-0000-4000-8000-000000000000')).toThrow();

    // Its settings are the provider's: a PATCH may rename it, not change them.
    const settings = await api.patch(path(wid, channel.id), { settings: { allowedOrigins: ['https://x.example.com'] } }, { token: team.owner.token });
    expect(settings.status).toBe(422);
    expect(settings.body.error.details[0].path).toBe('settings');
    const renamed = await api.patch(path(wid, channel.id), { name: 'Acme on Telegram' }, { token: team.owner.token });
    expect(renamed.status).toBe(200);
    expect(JSON.stringify(renamed.body)).not.toContain(BOT_TOKEN);

    // Disconnected: the webhook is removed at Telegram and the row (with the credentials) is gone.
    expect((await api.delete(path(wid, channel.id), { token: team.owner.token })).status).toBe(204);
    expect(providers.channels().some((c) => c.channelId === channel.id)).toBe(false);
    expect(await db().select().from(channels).where(eq(channels.id, channel.id))).toEqual([]);
  });

  it('refuses a token Telegram does not know, at credentials.botToken with Telegram’s reason, and stores nothing', async () => {
    const wid = (await createWorkspace(api, team.owner.token, 'Wrong token shop')).id;
    const res = await api.post(
      path(wid),
      { type: 'telegram', name: 'Bot', credentials: { botToken: '7100000099:AAwrong-token' } },
      { token: team.owner.token },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'credentials.botToken', message: expect.stringMatching(/Unauthorized.*@BotFather/) }]);
    expect(JSON.stringify(res.body)).not.toContain('AAwrong-token');
    expect(await db().select().from(channels).where(eq(channels.workspaceId, wid))).toEqual([]);
  });
});

describe('a Viber channel', () => {
  it('is connected with its authentication token and disconnected again', async () => {
    const wid = (await createWorkspace(api, team.owner.token, 'Viber shop')).id;
    const res = await api.post(path(wid), { type: 'viber', name: 'Viber bot', credentials: { authToken: VIBER_TOKEN } }, { token: team.owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(VIBER_TOKEN);
    expect(providers.channels().find((c) => c.channelId === res.body.id)).toMatchObject({
      provider: 'viber',
      webhookUrl: `${app.url}/api/webhooks/viber/${res.body.id}`,
    });
    const [row] = await db().select({ credentials: channels.credentials }).from(channels).where(eq(channels.id, res.body.id));
    expect(row!.credentials).not.toContain(VIBER_TOKEN);

    const wrong = await api.post(path(wid), { type: 'viber', name: 'Bot', credentials: { authToken: 'not-a-viber-token' } }, { token: team.owner.token });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual([{ path: 'credentials.authToken', message: expect.stringMatching(/invalidAuthToken.*Viber admin panel/) }]);

    expect((await api.delete(path(wid, res.body.id), { token: team.owner.token })).status).toBe(204);
    expect(providers.channels().some((c) => c.channelId === res.body.id)).toBe(false);
  });
});

describe('registering connected bots again (npm run dev on start: its stand-ins keep no state)', () => {
  it("gives the provider every connected token channel's webhook back, and reports the ones it refuses", async () => {
    const wid = (await createWorkspace(api, team.owner.token, 'Restarted shop')).id;
    const tg = await api.post(path(wid), { type: 'telegram', name: 'Bot', credentials: { botToken: BOT_TOKEN } }, { token: team.owner.token });
    const vb = await api.post(path(wid), { type: 'viber', name: 'Viber', credentials: { authToken: VIBER_TOKEN } }, { token: team.owner.token });
    expect([tg.status, vb.status]).toEqual([201, 201]);
    providers.reset();
    providers.addToken('telegram', BOT_TOKEN, { username: 'acme_shop_bot', first_name: 'Acme Shop' });
    expect(providers.channels().filter((c) => [tg.body.id, vb.body.id].includes(c.channelId))).toEqual([]);

    const { registerTokenChannelWebhooks } = await import('../../api/_lib/channels/register-webhooks.js');
    const result = await registerTokenChannelWebhooks(db(), app.url);
    const urls = providers.channels().map((c) => c.webhookUrl);
    expect(urls).toContain(`${app.url}/api/webhooks/telegram/${tg.body.id}`);
    // The Viber stand-in no longer knows that token: the channel is reported, not registered.
    expect(urls).not.toContain(`${app.url}/api/webhooks/viber/${vb.body.id}`);
    expect(result.failed).toEqual(expect.arrayContaining([expect.stringMatching(/^Viber: /)]));
  });
});
