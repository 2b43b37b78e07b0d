// CORS of the web widget's endpoints: the business's site calls /api/public/widget/… from its own origin, and
// only an origin the web channel lists in `settings.allowedOrigins` gets `Access-Control-Allow-Origin` (its own
// origin echoed, never `*`); any other origin gets no CORS headers at all, so the browser keeps the answer from
// it. The kernel applies this policy on these paths only (api/_lib/http/function.ts, handler.ts CorsPolicy).
//
// Which channel decides: the one named by the path's public key (config, sessions), else the one of the
// request's visitor token. A preflight carries no Authorization header, so a preflight of a token path is
// allowed when some web channel lists the origin; the request that follows still needs its own channel's
// consent to be readable. Lists are cached per instance for 30 s.
import type { VercelRequest } from '@vercel/node';
import type { Db } from '../../../db/client.js';
import type { CorsPolicy } from '../http/handler.js';

const PREFIX = '/api/public/widget/';
const TTL_MS = 30_000;
const cache = new Map<string, { origins: string[]; at: number }>();

/** `https://Shop.example.com/` → `https://shop.example.com`; null for what is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

async function originsOf(key: string, lookup: () => Promise<string[]>): Promise<string[]> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.origins;
  const origins = (await lookup()).map(normalizeOrigin).filter((o): o is string => o !== null);
  if (cache.size > 5000) cache.clear();
  cache.set(key, { origins, at: Date.now() });
  return origins;
}

/** Forgets the cached lists (tests that change a channel's allowedOrigins). */
export function clearWidgetCorsCache(): void {
  cache.clear();
}

export const widgetCors: CorsPolicy = {
  prefix: PREFIX,
  async allows(origin: string, path: string, req: VercelRequest, db: Db): Promise<boolean> {
    const wanted = normalizeOrigin(origin);
    if (!wanted) return false;
    const { allowedOriginsByKey, allowedOriginsByChannel, anyChannelAllows } = await import('./cors-queries.js');
    const segments = path.slice(PREFIX.length).split('/');
    if (segments.length === 2 && (segments[1] === 'config' || segments[1] === 'sessions')) {
      const key = segments[0]!;
      return (await originsOf(`key:${key}`, () => allowedOriginsByKey(db, key))).includes(wanted);
    }
    const { bearerOf, verifyVisitorToken } = await import('./token.js');
    const token = bearerOf(req.headers.authorization);
    if (token) {
      const visitor = await verifyVisitorToken(token);
      if (!visitor) return false;
      return (await originsOf(`channel:${visitor.channelId}`, () => allowedOriginsByChannel(db, visitor.channelId))).includes(wanted);
    }
    if ((req.method ?? '').toUpperCase() !== 'OPTIONS') return false;
    return anyChannelAllows(db, wanted);
  },
};
