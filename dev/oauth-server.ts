// The local authorization server for the channels' OAuth connect flows (Facebook, Instagram, WhatsApp, TikTok):
// oauth2-mock-server, a real OAuth 2 server, standing in for Meta's login dialog and TikTok's authorization
// page. `/authorize` sends the browser straight back to the app's callback with a code and the state (no consent
// screen); `/token` exchanges a code for an access token (a signed JWT) and a refresh token, and checks a PKCE
// code_verifier against the challenge of its `/authorize` request (S256). TikTok's token answer also names the
// account (`open_id`), as TikTok's does. `npm run dev` points META_OAUTH_URL, META_TOKEN_URL, TIKTOK_OAUTH_URL and
// TIKTOK_TOKEN_URL at it (dev/services.ts).
import { OAuth2Server } from 'oauth2-mock-server';

/** The TikTok account a local connect flow connects. */
export const LOCAL_TIKTOK_OPEN_ID = 'local-tiktok-open-id-0001';
/** The TikTok app's client key in development (the client secret is the TikTok stand-in's). */
export const LOCAL_TIKTOK_CLIENT_KEY = 'local-tiktok-client-key';

export interface LocalOAuthServer {
  url: string;
  /** The variables that point the app at it. */
  env: Record<string, string>;
  server: OAuth2Server;
  close(): Promise<void>;
}

export async function startOAuthServer(options: { port?: number; host?: string } = {}): Promise<LocalOAuthServer> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  server.service.on('beforeResponse', (response: { body: Record<string, unknown> }, req: { body?: Record<string, unknown> }) => {
    if (req.body?.client_key) response.body.open_id = LOCAL_TIKTOK_OPEN_ID;
  });
  await server.start(options.port ?? 0, options.host ?? '127.0.0.1');
  const url = server.issuer.url!.replace(/\/+$/, '');
  return {
    url,
    server,
    env: {
      META_OAUTH_URL: `${url}/authorize`,
      META_TOKEN_URL: `${url}/token`,
      TIKTOK_OAUTH_URL: `${url}/authorize`,
      TIKTOK_TOKEN_URL: `${url}/token`,
    },
    close: () => server.stop(),
  };
}
