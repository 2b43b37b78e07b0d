// Connecting channels through OAuth: start → authorization server (oauth2-mock-server, a real OAuth 2 server)
// → callback → channel. The state binds the flow to the user and workspace for 10 minutes and is spent with the
// channel; TikTok gets PKCE (S256). Meta's Graph API is the local stand-in (dev/channel-providers/meta.ts).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META, createMetaStandIn, metaEnv } from '../../dev/channel-providers/meta.js';
import { channels, oauthStates } from '../../db/schema/channels.js';
import { activities } from '../../db/schema/activity.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

const TIKTOK = { clientKey: 'local-tiktok-client', clientSecret: 'local-tiktok-secret', openId: 'tiktok-open-id-0001' };

async function startGraph() {
  const standIn = createMetaStandIn();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://graph.local');
      standIn.handle(req, res, url.pathname, url.searchParams, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { standIn, url: `http://127.0.0.1:${port}/v21.0`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let app: TestApp;
let api: ReturnType<typeof client>;
let oauth: OAuth2Server;
let graph: Awaited<ReturnType<typeof startGraph>>;
let team: Awaited<ReturnType<typeof teamFixture>>;
/** The token requests the authorization server answered (form bodies). */
const tokenRequests: Record<string, string>[] = [];
/** The authorization requests' query strings. */
const authorizeRequests: URLSearchParams[] = [];

beforeAll(async () => {
  oauth = new OAuth2Server();
  await oauth.issuer.keys.generate('RS256');
  await oauth.start(0, '127.0.0.1');
  oauth.service.on('beforeAuthorizeRedirect', (_redirect: unknown, req: http.IncomingMessage) => {
    authorizeRequests.push(new URL(req.url ?? '/', 'http://oauth.local').searchParams);
  });
  oauth.service.on('beforeResponse', (response: { body: Record<string, unknown> }, req: { body: Record<string, string> }) => {
    tokenRequests.push({ ...req.body });
    // TikTok's token answer names the account (open_id); Meta's does not.
    if (req.body.client_key) response.body.open_id = TIKTOK.openId;
  });
  graph = await startGraph();
  const issuer = oauth.issuer.url!;
  Object.assign(process.env, metaEnv(graph.url), {
    META_OAUTH_URL: `${issuer}/authorize`,
    META_TOKEN_URL: `${issuer}/token`,
    TIKTOK_CLIENT_KEY: TIKTOK.clientKey,
    TIKTOK_CLIENT_SECRET: TIKTOK.clientSecret,
    TIKTOK_OAUTH_URL: `${issuer}/authorize`,
    TIKTOK_TOKEN_URL: `${issuer}/token`,
  });
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});

afterAll(async () => {
  await app?.close();
  await oauth?.stop();
  await graph?.close();
});

const db = () => app.database.db;

async function start(provider: string, token = team.admin.token, body: Record<string, unknown> = {}) {
  const res = await api.post(`/api/workspaces/${team.workspace.id}/channels/oauth/${provider}/start`, body, { token });
  return res;
}

/** Follows the authorization URL to the server, which sends the browser back with a code: that callback URL. */
async function authorize(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

/** Opens the callback as the browser would (no token); where it redirects. */
async function callback(url: string): Promise<URL> {
  const res = await fetch(url.replace(/^https?:\/\/[^/]+/, app.url), { redirect: 'manual' });
  expect(res.status).toBe(302);
  await res.arrayBuffer();
  return new URL(res.headers.get('location')!, app.url);
}

const channelCount = async () =>
  (
    await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(channels)
      .where(eq(channels.workspaceId, team.workspace.id))
  )[0]!.n;

describe('OAuth start', () => {
  it('answers the provider’s authorization URL with a state kept only as its SHA-256', async () => {
    const res = await start('facebook', team.admin.token, { name: 'Shop page' });
    expect(res.status).toBe(200);
    const url = new URL(res.body.url);
    expect(url.origin + url.pathname).toBe(`${oauth.issuer.url}/authorize`);
    expect(url.searchParams.get('client_id')).toBe(LOCAL_META.appId);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe(`${app.url}/api/oauth/facebook/callback`);
    expect(url.searchParams.get('code_challenge')).toBeNull();
    const state = url.searchParams.get('state')!;
    expect(Buffer.from(state, 'base64url')).toHaveLength(32);
    const hash = createHash('sha256').update(state).digest('hex');
    const [row] = await db().select().from(oauthStates).where(eq(oauthStates.stateHash, hash));
    expect(row).toMatchObject({ workspaceId: team.workspace.id, userId: team.admin.user.id, provider: 'facebook', usedAt: null, codeVerifier: null });
    expect(row!.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(row!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(await db().select().from(oauthStates).where(eq(oauthStates.stateHash, state))).toEqual([]);
  });

  it('is for admins and owners of the workspace, and known providers only', async () => {
    expect((await start('facebook', team.agent.token)).status).toBe(403);
    expect((await start('facebook', team.outsider.token)).status).toBe(404);
    expect((await start('telegram')).status).toBe(404);
    expect((await start('facebook', team.admin.token, { name: '' })).status).toBe(422);
  });
});

describe('OAuth callback', () => {
  it('facebook: exchanges the code, stores the page with its token encrypted, and redirects to the channel', async () => {
    const before = await channelCount();
    const { body } = await start('facebook', team.admin.token, { name: 'Shop page' });
    const back = await authorize(body.url);
    expect(new URL(back).pathname).toBe('/api/oauth/facebook/callback');
    const to = await callback(back);
    expect(to.pathname).toBe(`/w/${team.workspace.id}/settings/channels`);
    const channelId = to.searchParams.get('connected')!;
    expect(channelId).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await db().select().from(channels).where(eq(channels.id, channelId));
    expect(row).toMatchObject({
      workspaceId: team.workspace.id,
      type: 'facebook',
      name: 'Shop page',
      status: 'connected',
      externalId: LOCAL_META.page.id,
      createdBy: team.admin.user.id,
      settings: { pageId: LOCAL_META.page.id, pageName: LOCAL_META.page.name },
    });
    // Not plaintext: neither the token nor any JSON of it is in the column, and it decrypts only for this channel.
    expect(row!.credentials).toMatch(/^v1\./);
    expect(row!.credentials).not.toContain(LOCAL_META.page.accessToken);
    expect(row!.credentials).not.toContain('accessToken');
    const { decryptSecret } = await import('../../api/_lib/channels/crypto.js');
    expect(decryptSecret(row!.credentials!, channelId)).toEqual({ accessToken: LOCAL_META.page.accessToken });
    expect(() => decryptSecret(row!.credentials!, team.workspace.id)).toThrow();
    // The code went to the token endpoint with the app's credentials and the same redirect URI.
    expect(tokenRequests.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: LOCAL_META.appId,
      client_secret: LOCAL_META.appSecret,
      redirect_uri: `${app.url}/api/oauth/facebook/callback`,
      code: new URL(back).searchParams.get('code'),
    });
    expect(await channelCount()).toBe(before + 1);
    const logged = await db()
      .select()
      .from(activities)
      .where(and(eq(activities.subjectId, channelId), eq(activities.action, 'channel.connected')));
    expect(logged).toHaveLength(1);
  });

  it('a replayed callback (same code and state) is refused and stores nothing more', async () => {
    const { body } = await start('instagram');
    const back = await authorize(body.url);
    const first = await callback(back);
    expect(first.searchParams.get('connected')).toBeTruthy();
    const [row] = await db()
      .select()
      .from(channels)
      .where(eq(channels.id, first.searchParams.get('connected')!));
    expect(row).toMatchObject({ type: 'instagram', externalId: LOCAL_META.instagram.id, name: `@${LOCAL_META.instagram.username}` });
    const count = await channelCount();
    const again = await callback(back);
    expect(again.pathname).toBe(`/w/${team.workspace.id}/settings/channels`);
    expect(again.searchParams.get('connected')).toBeNull();
    expect(again.searchParams.get('error')).toMatch(/already used/);
    expect(await channelCount()).toBe(count);
  });

  it('the same replayed callback sent 5 times at once connects one channel', async () => {
    const { body } = await start('whatsapp');
    const back = await authorize(body.url);
    const count = await channelCount();
    const answers = await Promise.all(Array.from({ length: 5 }, () => callback(back)));
    expect(answers.filter((to) => to.searchParams.get('connected')).length).toBe(1);
    expect(answers.filter((to) => to.searchParams.get('error')).length).toBe(4);
    expect(await channelCount()).toBe(count + 1);
    const id = answers.find((to) => to.searchParams.get('connected'))!.searchParams.get('connected')!;
    const [row] = await db().select().from(channels).where(eq(channels.id, id));
    expect(row).toMatchObject({ type: 'whatsapp', externalId: LOCAL_META.whatsapp.phoneNumberId, settings: { wabaId: LOCAL_META.whatsapp.wabaId } });
  });

  it('an unknown state (a mismatch) is refused, with nothing stored', async () => {
    const { body } = await start('facebook');
    const back = new URL(await authorize(body.url));
    back.searchParams.set('state', 'AAAA' + back.searchParams.get('state')!.slice(4));
    const count = await channelCount();
    const to = await callback(back.toString());
    expect(to.pathname).toBe('/');
    expect(to.searchParams.get('error')).toMatch(/not known/);
    const none = await callback(`${app.url}/api/oauth/facebook/callback?code=abc`);
    expect(none.searchParams.get('error')).toMatch(/no state/);
    expect(await channelCount()).toBe(count);
  });

  it('a state started for another provider is refused', async () => {
    const { body } = await start('facebook');
    const back = new URL(await authorize(body.url));
    back.pathname = '/api/oauth/tiktok/callback';
    const count = await channelCount();
    const to = await callback(back.toString());
    expect(to.pathname).toBe(`/w/${team.workspace.id}/settings/channels`);
    expect(to.searchParams.get('error')).toMatch(/another provider/);
    expect(await channelCount()).toBe(count);
  });

  it('an expired state is refused, with nothing stored', async () => {
    const { body } = await start('facebook');
    const state = new URL(body.url).searchParams.get('state')!;
    await db()
      .update(oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthStates.stateHash, createHash('sha256').update(state).digest('hex')));
    const count = await channelCount();
    const to = await callback(await authorize(body.url));
    expect(to.searchParams.get('error')).toMatch(/expired/);
    expect(await channelCount()).toBe(count);
  });

  it('the provider’s refusal (the user declined) is said, with nothing stored', async () => {
    const { body } = await start('facebook');
    const state = new URL(body.url).searchParams.get('state')!;
    const count = await channelCount();
    const to = await callback(`${app.url}/api/oauth/facebook/callback?error=access_denied&error_description=Permissions+error&state=${state}`);
    expect(to.searchParams.get('error')).toMatch(/Permissions error/);
    expect(await channelCount()).toBe(count);
  });

  it('a member who lost the admin role before coming back connects nothing', async () => {
    const { body } = await start('facebook', team.admin.token);
    const back = await authorize(body.url);
    const res = await api.patch(`/api/workspaces/${team.workspace.id}/members/${team.admin.user.id}`, { role: 'agent' }, { token: team.owner.token });
    expect(res.status).toBe(200);
    try {
      const count = await channelCount();
      const to = await callback(back);
      expect(to.searchParams.get('error')).toMatch(/admins and owners/);
      expect(await channelCount()).toBe(count);
    } finally {
      await api.patch(`/api/workspaces/${team.workspace.id}/members/${team.admin.user.id}`, { role: 'admin' }, { token: team.owner.token });
    }
  });

  it('tiktok: PKCE S256, the verifier sent with the code, tokens stored encrypted', async () => {
    const { body } = await start('tiktok', team.owner.token);
    const url = new URL(body.url);
    expect(url.searchParams.get('client_key')).toBe(TIKTOK.clientKey);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = url.searchParams.get('code_challenge')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = url.searchParams.get('state')!;
    const [stored] = await db()
      .select()
      .from(oauthStates)
      .where(eq(oauthStates.stateHash, createHash('sha256').update(state).digest('hex')));
    expect(stored!.codeVerifier).toMatch(/^v1\./);

    const to = await callback(await authorize(body.url));
    const channelId = to.searchParams.get('connected')!;
    expect(channelId).toBeTruthy();
    const sent = tokenRequests.at(-1)!;
    expect(sent).toMatchObject({ client_key: TIKTOK.clientKey, client_secret: TIKTOK.clientSecret, grant_type: 'authorization_code' });
    // The verifier the authorization server checked (it refuses a mismatch) is the one behind the challenge.
    expect(createHash('sha256').update(sent.code_verifier!).digest('base64url')).toBe(challenge);
    expect(stored!.codeVerifier).not.toContain(sent.code_verifier!);
    const [row] = await db().select().from(channels).where(eq(channels.id, channelId));
    expect(row).toMatchObject({ type: 'tiktok', externalId: TIKTOK.openId, createdBy: team.owner.user.id });
    const { decryptSecret } = await import('../../api/_lib/channels/crypto.js');
    const credentials = decryptSecret<Record<string, string>>(row!.credentials!, channelId);
    expect(credentials.accessToken).toBeTruthy();
    expect(credentials.refreshToken).toBeTruthy();
    expect(row!.credentials).not.toContain(credentials.accessToken);
    expect(row!.credentials).not.toContain(credentials.refreshToken);
  });

  it('connecting the same page again keeps its channel and replaces the token', async () => {
    const first = await callback(await authorize((await start('facebook')).body.url));
    const second = await callback(await authorize((await start('facebook')).body.url));
    expect(second.searchParams.get('connected')).toBe(first.searchParams.get('connected'));
    const rows = await db()
      .select()
      .from(channels)
      .where(and(eq(channels.workspaceId, team.workspace.id), eq(channels.type, 'facebook')));
    expect(rows).toHaveLength(1);
  });
});
