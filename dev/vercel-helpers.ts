// Vercel's request/response helpers for the local runtime, matching @vercel/node's own (dev-server.mjs):
// lazy req.query/req.cookies/req.body, res.status/json/send/redirect, and the platform's 4.5 MB body limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQs } from 'node:querystring';
import { PassThrough } from 'node:stream';
import type { VercelRequest, VercelResponse } from '@vercel/node';

export const BODY_LIMIT_BYTES = 4.5 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readRawBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function setLazy<T extends object>(target: T, prop: string, getter: () => unknown): void {
  Object.defineProperty(target, prop, {
    configurable: true,
    enumerable: true,
    get() {
      const value = getter();
      Object.defineProperty(target, prop, { configurable: true, enumerable: true, writable: true, value });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, prop, { configurable: true, enumerable: true, writable: true, value });
    },
  });
}

function parseQuery(url: string, params: Record<string, string>) {
  const query: Record<string, string | string[]> = {};
  new URL(url, 'http://localhost').searchParams.forEach((value, key) => {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  return { ...query, ...params };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

class InvalidJsonError extends Error {
  readonly statusCode = 400;
}

function parseBody(body: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const text = body.toString();
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      throw new InvalidJsonError('Invalid JSON');
    }
  }
  if (type === 'application/octet-stream') return body;
  if (type === 'application/x-www-form-urlencoded') return parseQs(body.toString());
  if (type === 'text/plain') return body.toString();
  return undefined;
}

function send(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  let chunk: string | Buffer | undefined;
  if (body === null || body === undefined) chunk = '';
  else if (Buffer.isBuffer(body)) {
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/octet-stream');
    chunk = body;
  } else if (typeof body === 'object') return json(req, res, body);
  else {
    chunk = String(body);
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
  }
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('content-type');
    res.end();
    return;
  }
  res.setHeader('content-length', Buffer.byteLength(chunk));
  res.end(req.method === 'HEAD' ? undefined : chunk);
}

function json(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  send(req, res, JSON.stringify(body));
}

/**
 * Decorates a Node request/response pair the way Vercel does. `rawBody` is the already-read body; when the
 * function turns the body parser off, the stream is replayed so the handler can read it itself.
 */
export function addVercelHelpers(
  request: IncomingMessage,
  response: ServerResponse,
  { params, rawBody, bodyParser }: { params: Record<string, string>; rawBody: Buffer; bodyParser: boolean },
): { req: VercelRequest; res: VercelResponse } {
  const req = request as VercelRequest;
  const res = response as VercelResponse;
  setLazy(req, 'query', () => parseQuery(req.url ?? '/', params));
  setLazy(req, 'cookies', () => parseCookies(req.headers.cookie));
  if (bodyParser) {
    const contentType = req.headers['content-type'];
    setLazy(req, 'body', () => parseBody(contentType === undefined ? Buffer.alloc(0) : rawBody, contentType));
  } else {
    const replay = new PassThrough();
    replay.end(rawBody);
    const originalOn = req.on.bind(req);
    req.read = replay.read.bind(replay) as typeof req.read;
    req.on = req.addListener = ((event: string, listener: (...args: unknown[]) => void) =>
      event === 'data' || event === 'end' || event === 'readable' ? (replay.on(event, listener), req) : originalOn(event, listener)) as typeof req.on;
    (req as unknown as { [Symbol.asyncIterator]: () => AsyncIterator<unknown> })[Symbol.asyncIterator] = () => replay[Symbol.asyncIterator]();
  }
  res.status = (code: number) => {
    res.statusCode = code;
    return res;
  };
  res.send = (body: unknown) => (send(req, res, body), res);
  res.json = (body: unknown) => (json(req, res, body), res);
  res.redirect = ((statusOrUrl: number | string, url?: string) => {
    const [code, location] = typeof statusOrUrl === 'string' ? [307, statusOrUrl] : [statusOrUrl, url!];
    res.writeHead(code, { Location: location }).end();
    return res;
  }) as VercelResponse['redirect'];
  return { req, res };
}
