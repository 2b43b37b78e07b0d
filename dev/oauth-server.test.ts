// The local authorization server (dev/oauth-server.ts): a code for the app's callback with the state, the code
// exchanged with a PKCE verifier checked against its challenge, and TikTok's answer naming the account.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TIKTOK_OPEN_ID, startOAuthServer, type LocalOAuthServer } from './oauth-server.js';

let server: LocalOAuthServer;
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(() => server.close());

async function authorize(query: Record<string, string>): Promise<URL> {
  const res = await fetch(
    `${server.env.TIKTOK_OAUTH_URL}?${new URLSearchParams({ response_type: 'code', redirect_uri: 'http://app.local/api/oauth/tiktok/callback', ...query })}`,
    {
      redirect: 'manual',
    },
  );
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const exchange = (fields: Record<string, string>) =>
  fetch(server.env.TIKTOK_TOKEN_URL!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe('local OAuth server', () => {
  it('sends the browser back with a code and the state, and checks the PKCE verifier', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const back = await authorize({ state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', client_key: 'k' });
    expect(back.origin + back.pathname).toBe('http://app.local/api/oauth/tiktok/callback');
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;
    const ok = await exchange({ grant_type: 'authorization_code', code, code_verifier: verifier, client_key: 'k', client_secret: 's' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), open_id: LOCAL_TIKTOK_OPEN_ID });

    const other = (await authorize({ state: 'st-2', code_challenge: challenge, code_challenge_method: 'S256' })).searchParams.get('code')!;
    const wrong = await exchange({ grant_type: 'authorization_code', code: other, code_verifier: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(400);
  });

  it('points Meta and TikTok at its endpoints', () => {
    expect(server.env).toEqual({
      META_OAUTH_URL: `${server.url}/authorize`,
      META_TOKEN_URL: `${server.url}/token`,
      TIKTOK_OAUTH_URL: `${server.url}/authorize`,
      TIKTOK_TOKEN_URL: `${server.url}/token`,
    });
  });
});
