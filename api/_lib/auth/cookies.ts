// The refresh-token cookie: HttpOnly, SameSite=Strict, scoped to /api/auth, Secure over https. Beside it, a
// readable `sb_session=1` hint with the same lifetime and no secret in it: the SPA checks it on start and
// asks for a refresh only when a session may exist, so a signed-out visit sends no request that must fail.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { SESSION_HINT_COOKIE } from '../../../contracts/session.js';
import { serverEnv } from '../env.js';
import { REFRESH_TOKEN_TTL_SECONDS } from './tokens.js';

export const REFRESH_COOKIE = 'sb_refresh';

function secure(req: VercelRequest): boolean {
  const proto = req.headers['x-forwarded-proto'];
  return proto === 'https' || Boolean(serverEnv().appUrl?.startsWith('https:'));
}

function cookies(req: VercelRequest, token: string, maxAge: number): string[] {
  const attributes = [`Max-Age=${maxAge}`, 'SameSite=Strict', ...(secure(req) ? ['Secure'] : [])];
  return [
    [`${REFRESH_COOKIE}=${token}`, 'Path=/api/auth', 'HttpOnly', ...attributes].join('; '),
    [`${SESSION_HINT_COOKIE}=${maxAge > 0 ? '1' : ''}`, 'Path=/', ...attributes].join('; '),
  ];
}

export function setRefreshCookie(req: VercelRequest, res: VercelResponse, token: string): void {
  res.setHeader('Set-Cookie', cookies(req, token, REFRESH_TOKEN_TTL_SECONDS));
}

export function clearRefreshCookie(req: VercelRequest, res: VercelResponse): void {
  res.setHeader('Set-Cookie', cookies(req, '', 0));
}

export function readRefreshCookie(req: VercelRequest): string | null {
  const value = req.cookies[REFRESH_COOKIE];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}
