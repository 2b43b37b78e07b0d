// What the kernel checks about a request before any handler runs: who sent it (the client address, believing
// X-Forwarded-For only as far as TRUST_PROXY says), and whether a cookie-using auth endpoint was called from
// another site.
import { isIP } from 'node:net';
import type { VercelRequest } from '@vercel/node';
import { ApiError, forbidden } from './errors.js';

function header(req: VercelRequest, name: string): string | null {
  const value = req.headers[name];
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v : null;
}

const normalize = (address: string | null | undefined): string | null => {
  const bare = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return bare && isIP(bare) ? bare : null;
};

/**
 * The client's address. `trust` is how many proxies in front of the app append to X-Forwarded-For (0: none, so
 * the socket's peer is the client), or 'vercel' (Vercel's edge sets x-real-ip to the client it saw). A header
 * that is missing, too short or not an address falls back to the socket's peer: never "no address".
 */
export function clientAddress(req: VercelRequest, trust: 'vercel' | number): string | null {
  const socket = normalize(req.socket?.remoteAddress);
  if (trust === 'vercel') return normalize(header(req, 'x-real-ip')) ?? socket;
  if (trust <= 0) return socket;
  const hops = (header(req, 'x-forwarded-for') ?? '').split(',');
  // Each trusted proxy appended the address it received from; the n-th entry from the right is the one the
  // outermost trusted proxy saw. What is left of it was written by the client and proves nothing.
  const candidate = hops.length >= trust ? hops[hops.length - trust] : undefined;
  return normalize(candidate) ?? socket;
}

const JSON_TYPE = /^application\/json$/i;

/**
 * For endpoints that set or use the refresh cookie: a cross-site caller is refused (login CSRF: a form on another
 * site posting the attacker's credentials), and only JSON bodies are taken (a cross-site form cannot send JSON
 * without a CORS preflight, which this API never grants).
 */
export function assertSameSiteJson(req: VercelRequest): void {
  if (header(req, 'sec-fetch-site') === 'cross-site') throw forbidden('Cross-site requests are not accepted here');
  const origin = header(req, 'origin');
  if (origin !== null) {
    let host: string | null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    const served = [header(req, 'x-forwarded-host'), header(req, 'host')].filter(Boolean);
    if (!host || !served.includes(host)) throw forbidden('Cross-site requests are not accepted here');
  }
  const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim();
  const hasBody = Number(header(req, 'content-length') ?? 0) > 0 || Boolean(req.headers['transfer-encoding']);
  if ((hasBody || contentType) && !JSON_TYPE.test(contentType)) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
}
