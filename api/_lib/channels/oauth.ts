// Connecting a channel through its provider's OAuth flow (Facebook Messenger, Instagram, WhatsApp, TikTok):
// `startOAuth` makes the state and the authorization URL; `completeOAuth` checks the state, exchanges the code,
// finds the account to connect and stores the channel with its tokens encrypted.
//
// The state is 32 random bytes (base64url) that only the user's browser holds; the database keeps its SHA-256
// with the user, the workspace, the provider and a 10-minute expiry. It is marked used in the transaction that
// stores the channel, so a replayed callback (same state, same code) connects nothing. TikTok gets PKCE (S256,
// RFC 7636): the code_verifier is kept encrypted beside the state (bound to the state's hash) and sent with the
// code. Meta's login does not take PKCE for web apps.
//
// Meta (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow): the dialog at
// META_OAUTH_URL with client_id, redirect_uri, state, scope; the code exchanged at `{graph}/oauth/access_token`
// (META_TOKEN_URL) for a user token; then Messenger and Instagram use `GET /me/accounts` (the pages granted, each
// with its page token and linked Instagram business account) and `POST /{page-id}/subscribed_apps`; WhatsApp
// uses `GET /debug_token` (granular scopes name the WhatsApp business accounts granted), `GET
// /{waba-id}/phone_numbers` and `POST /{waba-id}/subscribed_apps`.
// TikTok (https://developers.tiktok.com/doc/oauth-user-access-token-management): the page at TIKTOK_OAUTH_URL
// with client_key, scope, redirect_uri, state and the code challenge; the code exchanged at TIKTOK_TOKEN_URL
// (form-encoded: client_key, client_secret, code, grant_type, redirect_uri, code_verifier) for access and refresh
// tokens and the user's open_id.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { CHANNEL_LABELS } from '../../../contracts/channels.js';
import { OAUTH_STATE_TTL_MINUTES, type OAuthProvider } from '../../../contracts/channel-oauth.js';
import { roleAtLeast, type Role } from '../../../contracts/roles.js';
import { channels, oauthStates } from '../../../db/schema/channels.js';
import { memberships } from '../../../db/schema/identity.js';
import { recordActivity } from '../activity/record.js';
import { serverEnv } from '../env.js';
import { withEvents, type EventOrigin } from '../events/outbox.js';
import { ApiError } from '../http/errors.js';
import { decryptSecret, encryptSecret } from './crypto.js';
import { channelCreated, channelUpdated } from './events.js';

const FETCH_TIMEOUT_MS = 10_000;

export const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Why a callback connected nothing, in words for the settings page (`?error=`). */
export class OAuthRefused extends Error {
  constructor(
    message: string,
    /** The workspace whose settings page shows it, when the state named one. */
    readonly workspaceId: string | null = null,
  ) {
    super(message);
    this.name = 'OAuthRefused';
  }
}

const META_SCOPES: Record<'facebook' | 'instagram' | 'whatsapp', string> = {
  facebook: 'pages_show_list,pages_messaging,pages_manage_metadata',
  instagram: 'pages_show_list,pages_messaging,pages_manage_metadata,instagram_basic,instagram_manage_messages,business_management',
  whatsapp: 'whatsapp_business_management,whatsapp_business_messaging,business_management',
};
const TIKTOK_SCOPES = 'user.info.basic';

function metaApp() {
  const { appId, appSecret } = serverEnv().channels.meta;
  if (!appId || !appSecret) throw new ApiError(503, 'unavailable', 'Meta channels are not set up on this deployment: set META_APP_ID and META_APP_SECRET');
  return { appId, appSecret };
}

function tiktokApp() {
  const { clientKey, clientSecret } = serverEnv().channels.tiktok;
  if (!clientKey || !clientSecret)
    throw new ApiError(503, 'unavailable', 'TikTok is not set up on this deployment: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET');
  return { clientKey, clientSecret };
}

/** Where the provider sends the browser back: APP_URL when set, else the origin the request came to. */
export function callbackUrl(provider: OAuthProvider, requestOrigin: string): string {
  const base = serverEnv().appUrl ? new URL(serverEnv().appUrl!).origin : requestOrigin;
  return `${base}/api/oauth/${provider}/callback`;
}

export interface StartInput {
  workspaceId: string;
  userId: string;
  provider: OAuthProvider;
  name?: string | undefined;
  redirectUri: string;
}

/** Records the state and answers the provider's authorization URL. */
export async function startOAuth(origin: EventOrigin, input: StartInput): Promise<{ url: string }> {
  const { provider, redirectUri } = input;
  const state = randomBytes(32).toString('base64url');
  const stateHash = hashState(state);
  let url: URL;
  let codeVerifier: string | null = null;
  if (provider === 'tiktok') {
    const { clientKey } = tiktokApp();
    codeVerifier = randomBytes(32).toString('base64url');
    url = new URL(serverEnv().channels.tiktok.oauthUrl);
    url.search = new URLSearchParams({
      client_key: clientKey,
      response_type: 'code',
      scope: TIKTOK_SCOPES,
      redirect_uri: redirectUri,
      state,
      code_challenge: s256(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
  } else {
    const { appId } = metaApp();
    url = new URL(serverEnv().channels.meta.oauthUrl);
    url.search = new URLSearchParams({ client_id: appId, redirect_uri: redirectUri, state, response_type: 'code', scope: META_SCOPES[provider] }).toString();
  }
  await origin.db.insert(oauthStates).values({
    stateHash,
    workspaceId: input.workspaceId,
    userId: input.userId,
    provider,
    codeVerifier: codeVerifier === null ? null : encryptSecret(codeVerifier, stateHash),
    payload: { redirectUri, ...(input.name ? { name: input.name } : {}) },
    expiresAt: new Date(Date.now() + OAUTH_STATE_TTL_MINUTES * 60_000),
  });
  return { url: url.toString() };
}

// --- The provider's side ---------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** The provider's words for a refusal: Graph's `error.message`, OAuth's `error_description` / `error`. */
function providerMessage(body: unknown, status: number): string {
  if (isObject(body)) {
    if (isObject(body.error)) return str(body.error.message) ?? `HTTP ${status}`;
    return str(body.error_description) ?? str(body.error) ?? str(body.message) ?? `HTTP ${status}`;
  }
  return `HTTP ${status}`;
}

async function call(what: string, url: string, init: RequestInit = {}): Promise<Json> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    throw new OAuthRefused(`${what} could not be reached (${(err as Error).message}); try again`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok || !isObject(body) || isObject(body.error) || (typeof body.error === 'string' && body.error !== '')) {
    throw new OAuthRefused(`${what} refused: ${providerMessage(body, res.status)}`);
  }
  return body;
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  body: new URLSearchParams(fields).toString(),
});

const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

/** What gets stored for the connected account. */
interface Discovered {
  externalId: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
}

async function exchangeMetaCode(code: string, redirectUri: string): Promise<string> {
  const { appId, appSecret } = metaApp();
  const body = await call(
    'Facebook',
    serverEnv().channels.meta.tokenUrl,
    form({ grant_type: 'authorization_code', client_id: appId, client_secret: appSecret, redirect_uri: redirectUri, code }),
  );
  const token = str(body.access_token);
  if (!token) throw new OAuthRefused('Facebook answered without an access token; try again');
  return token;
}

async function discoverMeta(provider: 'facebook' | 'instagram' | 'whatsapp', userToken: string): Promise<Discovered> {
  const graph = serverEnv().channels.meta.graphUrl;
  if (provider === 'whatsapp') {
    const { appId, appSecret } = metaApp();
    const debug = await call('Facebook', `${graph}/debug_token?${new URLSearchParams({ input_token: userToken, access_token: `${appId}|${appSecret}` })}`);
    const data = isObject(debug.data) ? debug.data : {};
    const scopes = Array.isArray(data.granular_scopes) ? data.granular_scopes.filter(isObject) : [];
    const wabaId = scopes
      .filter((s) => s.scope === 'whatsapp_business_management' || s.scope === 'whatsapp_business_messaging')
      .flatMap((s) => (Array.isArray(s.target_ids) ? s.target_ids : []))
      .map(str)
      .find(Boolean);
    if (!wabaId) throw new OAuthRefused('No WhatsApp Business account was shared: connect again and choose one');
    const numbers = await call('WhatsApp', `${graph}/${encodeURIComponent(wabaId)}/phone_numbers`, bearer(userToken));
    const phone = (Array.isArray(numbers.data) ? numbers.data.filter(isObject) : [])[0];
    const phoneNumberId = str(phone?.id);
    if (!phone || !phoneNumberId)
      throw new OAuthRefused('The WhatsApp Business account has no phone number yet: add one in WhatsApp Manager, then connect again');
    await call('WhatsApp', `${graph}/${encodeURIComponent(wabaId)}/subscribed_apps`, { method: 'POST', ...bearer(userToken) });
    const displayPhoneNumber = str(phone.display_phone_number) ?? phoneNumberId;
    return {
      externalId: phoneNumberId,
      name: str(phone.verified_name) ?? displayPhoneNumber,
      settings: { wabaId, phoneNumberId, phoneNumber: displayPhoneNumber, verifiedName: str(phone.verified_name) ?? null },
      credentials: { accessToken: userToken },
    };
  }
  const fields = 'id,name,access_token,instagram_business_account{id,username}';
  const accounts = await call('Facebook', `${graph}/me/accounts?${new URLSearchParams({ fields })}`, bearer(userToken));
  const pages = (Array.isArray(accounts.data) ? accounts.data.filter(isObject) : []).filter((p) => str(p.id) && str(p.access_token));
  if (provider === 'facebook') {
    const page = pages[0];
    if (!page) throw new OAuthRefused('No Facebook page was shared: connect again and choose the page to answer from');
    const pageId = str(page.id)!;
    const pageToken = str(page.access_token)!;
    await call('Facebook', `${graph}/${encodeURIComponent(pageId)}/subscribed_apps`, {
      ...form({ subscribed_fields: 'messages,message_deliveries,message_reads,message_echoes' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${pageToken}` },
    });
    const pageName = str(page.name) ?? pageId;
    return { externalId: pageId, name: pageName, settings: { pageId, pageName }, credentials: { accessToken: pageToken } };
  }
  const page = pages.find((p) => isObject(p.instagram_business_account) && str(p.instagram_business_account.id));
  if (!page) throw new OAuthRefused('None of the pages shared has an Instagram professional account linked: link one to the page, then connect again');
  const ig = page.instagram_business_account as Json;
  const pageId = str(page.id)!;
  const pageToken = str(page.access_token)!;
  await call('Facebook', `${graph}/${encodeURIComponent(pageId)}/subscribed_apps`, {
    ...form({ subscribed_fields: 'messages' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${pageToken}` },
  });
  const username = str(ig.username);
  return {
    externalId: str(ig.id)!,
    name: username ? `@${username}` : (str(page.name) ?? 'Instagram'),
    settings: { instagramId: str(ig.id)!, username: username ?? null, pageId, pageName: str(page.name) ?? null },
    credentials: { accessToken: pageToken },
  };
}

async function connectTikTok(code: string, redirectUri: string, codeVerifier: string): Promise<Discovered> {
  const { clientKey, clientSecret } = tiktokApp();
  const token = await call(
    'TikTok',
    serverEnv().channels.tiktok.tokenUrl,
    form({
      client_key: clientKey,
      client_secret: clientSecret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
  );
  const accessToken = str(token.access_token);
  if (!accessToken) throw new OAuthRefused('TikTok answered without an access token; try again');
  let openId = str(token.open_id);
  let displayName: string | undefined;
  if (!openId) {
    const info = await call('TikTok', `${serverEnv().channels.tiktok.apiUrl}/user/info/?fields=open_id,display_name`, bearer(accessToken));
    const user = isObject(info.data) && isObject(info.data.user) ? info.data.user : {};
    openId = str(user.open_id);
    displayName = str(user.display_name);
  }
  if (!openId) throw new OAuthRefused('TikTok did not say which account was connected; try again');
  const expiresIn = Number(token.expires_in);
  return {
    externalId: openId,
    name: displayName ?? 'TikTok',
    settings: { openId, ...(displayName ? { displayName } : {}) },
    credentials: {
      accessToken,
      ...(str(token.refresh_token) ? { refreshToken: str(token.refresh_token) } : {}),
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() } : {}),
    },
  };
}

// --- The callback ----------------------------------------------------------------------------------------------

export interface CallbackInput {
  provider: OAuthProvider;
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
}

/**
 * Checks the state, exchanges the code and stores the channel (a reconnected account keeps its channel and gets
 * the new tokens). Throws OAuthRefused, with nothing stored, when the flow cannot complete.
 */
export async function completeOAuth(origin: EventOrigin, input: CallbackInput): Promise<{ workspaceId: string; channelId: string }> {
  const { provider } = input;
  if (!input.state) throw new OAuthRefused('The connection could not be checked (no state came back): start again from Settings → Channels');
  const stateHash = hashState(input.state);
  const [row] = await origin.db.select().from(oauthStates).where(eq(oauthStates.stateHash, stateHash)).limit(1);
  if (!row) throw new OAuthRefused('This connection link is not known: start again from Settings → Channels');
  const wid = row.workspaceId;
  if (row.provider !== provider) throw new OAuthRefused('This connection was started for another provider: start again from Settings → Channels', wid);
  if (row.usedAt) throw new OAuthRefused('This connection link was already used: start again from Settings → Channels', wid);
  if (row.expiresAt.getTime() <= Date.now())
    throw new OAuthRefused(`This connection link expired (it lasts ${OAUTH_STATE_TTL_MINUTES} minutes): start again`, wid);
  const label = CHANNEL_LABELS[provider];
  if (input.error) {
    throw new OAuthRefused(`${label} did not connect: ${input.errorDescription ?? input.error}`, wid);
  }
  if (!input.code) throw new OAuthRefused(`${label} sent no authorization code: start again`, wid);
  const payload = row.payload as { redirectUri?: string; name?: string };
  const redirectUri = payload.redirectUri ?? callbackUrl(provider, 'http://localhost:3000');

  let discovered: Discovered;
  try {
    if (provider === 'tiktok') {
      if (!row.codeVerifier) throw new OAuthRefused('This connection link has no PKCE verifier: start again', wid);
      discovered = await connectTikTok(input.code, redirectUri, decryptSecret<string>(row.codeVerifier, stateHash));
    } else {
      discovered = await discoverMeta(provider, await exchangeMetaCode(input.code, redirectUri));
    }
  } catch (err) {
    if (err instanceof OAuthRefused) throw new OAuthRefused(err.message, wid);
    if (err instanceof ApiError) throw new OAuthRefused(err.message, wid);
    throw err;
  }

  return withEvents(origin, async (tx, emit) => {
    // The state is spent here, with the channel: of two callbacks with one state only one gets this row.
    const [claimed] = await tx
      .update(oauthStates)
      .set({ usedAt: new Date() })
      .where(and(eq(oauthStates.stateHash, stateHash), isNull(oauthStates.usedAt), gt(oauthStates.expiresAt, new Date())))
      .returning({ workspaceId: oauthStates.workspaceId, userId: oauthStates.userId });
    if (!claimed) throw new OAuthRefused('This connection link was already used: start again from Settings → Channels', wid);
    // The user may have left the workspace, or lost the admin role, since they started.
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, claimed.workspaceId), eq(memberships.userId, claimed.userId)))
      .limit(1);
    if (!member || !roleAtLeast(member.role as Role, 'admin')) throw new OAuthRefused('Only admins and owners of the workspace can connect channels', wid);

    const now = new Date();
    const [existing] = await tx
      .select({ id: channels.id, name: channels.name })
      .from(channels)
      .where(and(eq(channels.workspaceId, wid), eq(channels.type, provider), eq(channels.externalId, discovered.externalId)))
      .limit(1);
    let channelId: string;
    let name: string;
    if (existing) {
      // The same account connected again (e.g. after its token was revoked): new tokens, same channel and history.
      channelId = existing.id;
      name = existing.name;
      const [updated] = await tx
        .update(channels)
        .set({
          credentials: encryptSecret(discovered.credentials, channelId),
          settings: discovered.settings,
          status: 'connected',
          lastError: null,
          updatedAt: now,
        })
        .where(eq(channels.id, channelId))
        .returning({ id: channels.id, type: channels.type, name: channels.name, status: channels.status, updatedAt: channels.updatedAt });
      emit(channelUpdated(wid, updated!));
    } else {
      channelId = randomUUID();
      name = (payload.name ?? discovered.name).slice(0, 100);
      const [created] = await tx
        .insert(channels)
        .values({
          id: channelId,
          workspaceId: wid,
          type: provider,
          name,
          status: 'connected',
          settings: discovered.settings,
          credentials: encryptSecret(discovered.credentials, channelId),
          externalId: discovered.externalId,
          createdBy: claimed.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: channels.id, type: channels.type, name: channels.name, status: channels.status, updatedAt: channels.updatedAt });
      emit(channelCreated(wid, created!));
    }
    await recordActivity(tx, {
      workspaceId: wid,
      actorId: claimed.userId,
      action: 'channel.connected',
      subjectId: channelId,
      metadata: { name, type: provider },
    });
    return { workspaceId: wid, channelId };
  });
}
