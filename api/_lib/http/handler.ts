// The handler kernel: turns a function's route table into a Vercel handler. It routes inside the domain,
// authenticates, checks workspace membership and role, parses and validates input, and shapes every error.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { waitUntil } from '@vercel/functions';
import { ZodError, type z } from 'zod';
import type { ErrorBody } from '../../../contracts/errors.js';
import { roleAtLeast } from '../../../contracts/roles.js';
import { isConnectionError } from '../../../db/client.js';
import { database } from '../db.js';
import { loadCaller } from '../auth/caller.js';
import { ApiError, forbidden, notFound, unauthorized } from './errors.js';
import type { BaseContext, MemberContext, RouteDef, UserContext } from './route.js';

interface CompiledRoute {
  def: RouteDef;
  regex: RegExp;
  names: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = def.path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '/([^/]+)';
      }
      return '/' + segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { def, regex: new RegExp(`^${source}/?$`), names };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HandlerOptions {
  /** Names of req.query keys that carry the path (from the rewrite) rather than query parameters. */
  pathParam?: string;
  /**
   * req.query keys that a rewrite fills from the URL and that lead the route path, in order. With the rewrite
   * `/api/workspaces/:wid/:resource(conversations|customers)/:path*` → `/api/inbox/[...path]` and
   * `['wid', 'resource']`, `/api/workspaces/W/customers/C` is routed as `/W/customers/C`.
   */
  prefixParams?: string[];
}

function zodDetails(error: ZodError, prefix: string) {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const message = issue.code === 'unrecognized_keys' ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message;
    return { path: issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [path, issue.keys[0]].filter(Boolean).join('.') : path || prefix, message };
  });
}

function validate<S extends z.ZodType | undefined>(schema: S, value: unknown, where: 'params' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A malformed id in the URL names no resource: 404, like an unknown one.
  if (where === 'params') throw notFound();
  const details = zodDetails(result.error, where === 'body' ? '' : where);
  throw new ApiError(422, 'validation_failed', 'Some fields are not valid', details);
}

function firstHeader(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v : null;
}

function clientIp(req: VercelRequest): string | null {
  const forwarded = firstHeader(req.headers['x-forwarded-for']);
  const ip = forwarded?.split(',')[0]?.trim() || req.socket?.remoteAddress || null;
  return ip?.replace(/^::ffff:/, '') ?? null;
}

// Only the types Vercel's helpers parse: for application/*+json req.body is undefined, so accepting it would
// silently treat the body as empty.
const JSON_TYPE = /^application\/json$/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded$/i;

function readBody(req: VercelRequest): unknown {
  const contentType = (firstHeader(req.headers['content-type']) ?? '').split(';')[0]!.trim();
  const length = Number(firstHeader(req.headers['content-length']) ?? 0);
  const chunked = Boolean(req.headers['transfer-encoding']);
  if (!contentType && !length && !chunked) return {};
  if (contentType && !JSON_TYPE.test(contentType) && !FORM_TYPE.test(contentType)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  if (!contentType) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  try {
    const body: unknown = req.body;
    return body ?? {};
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}

function sendError(res: VercelResponse, err: ApiError): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  for (const [name, value] of Object.entries(err.headers ?? {})) res.setHeader(name, value);
  res.status(err.status).json(body);
}

export function createHandler(routes: RouteDef[], options: HandlerOptions = {}) {
  const compiled = routes.map(compile);
  const pathParam = options.pathParam ?? 'path';
  const prefixParams = options.prefixParams ?? [];

  return async function handler(req: VercelRequest, res: VercelResponse): Promise<void> {
    // Work queued with ctx.after() runs once the response is sent, and only if the request succeeded.
    const afterResponse: (() => Promise<unknown>)[] = [];
    try {
      const rawPath = req.query[pathParam];
      const prefix = prefixParams.map((name) => {
        const value = req.query[name];
        return (Array.isArray(value) ? value[0] : value) ?? '';
      });
      if (prefix.some((value) => !value || value.includes('/'))) throw notFound('Endpoint');
      const relative = '/' + [...prefix, Array.isArray(rawPath) ? rawPath.join('/') : (rawPath ?? '')].join('/');
      const method = (req.method ?? 'GET').toUpperCase();

      let match: { route: CompiledRoute; values: RegExpExecArray } | undefined;
      const allowed = new Set<string>();
      for (const candidate of compiled) {
        const values = candidate.regex.exec(relative);
        if (!values) continue;
        allowed.add(candidate.def.method);
        if (candidate.def.method === method || (method === 'HEAD' && candidate.def.method === 'GET')) {
          match ??= { route: candidate, values };
        }
      }
      if (!match) {
        if (allowed.size === 0) throw notFound('Endpoint');
        throw new ApiError(405, 'method_not_allowed', `Use ${[...allowed].join(', ')} on this path`, undefined, {
          Allow: [...allowed].join(', '),
        });
      }
      const { def, names } = match.route;
      const pathValues: Record<string, string> = {};
      names.forEach((name, i) => {
        pathValues[name] = match.values[i + 1] ?? ''; // req.query values are already decoded (once)
      });

      const db = (await database()).db;
      const base: BaseContext = {
        req,
        res,
        db,
        ip: clientIp(req),
        userAgent: firstHeader(req.headers['user-agent'])?.slice(0, 512) ?? null,
        socketId: firstHeader(req.headers['x-socket-id']),
        after(task) {
          afterResponse.push(task);
        },
      };

      let ctx: BaseContext | UserContext | MemberContext = base;
      if (def.access !== 'public') {
        const header = firstHeader(req.headers.authorization);
        const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
        if (!token) throw unauthorized();
        const workspaceId = def.access === 'user' ? undefined : pathValues.wid;
        if (workspaceId !== undefined && !UUID.test(workspaceId)) throw notFound('Workspace');
        const caller = await loadCaller(db, token, workspaceId);
        if (!caller) throw unauthorized('Your session has expired; sign in again');
        if (def.access === 'user') {
          ctx = { ...base, user: caller.user } satisfies UserContext;
        } else {
          if (!caller.role) throw notFound('Workspace');
          if (!roleAtLeast(caller.role, def.access)) throw forbidden();
          ctx = { ...base, user: caller.user, workspaceId: workspaceId!, role: caller.role } satisfies MemberContext;
        }
      }

      const query = { ...req.query };
      delete query[pathParam];
      for (const name of prefixParams) delete query[name];
      const input = {
        params: validate(def.params, pathValues, 'params'),
        query: validate(def.query, query, 'query'),
        body: def.body ? validate(def.body, readBody(req), 'body') : undefined,
      };
      const result = await def.handle(ctx as never, input as never);
      if (!res.headersSent && !res.writableEnded) {
        if (result === undefined) res.status(204).end();
        else res.status(def.status ?? 200).json(result);
      }
      for (const task of afterResponse) waitUntil(task().catch((err: unknown) => console.error('[after]', err)));
    } catch (err) {
      if (res.headersSent) {
        console.error('[api] error after response was sent', err);
        return;
      }
      if (err instanceof ApiError) return sendError(res, err);
      if (err instanceof ZodError) return sendError(res, new ApiError(422, 'validation_failed', 'Some fields are not valid', zodDetails(err, '')));
      if (isConnectionError(err)) {
        console.error('[api] database unavailable:', (err as Error).message);
        return sendError(res, new ApiError(503, 'unavailable', 'The database cannot be reached; try again shortly', undefined, { 'Retry-After': '5' }));
      }
      console.error('[api] unhandled error', err);
      sendError(res, new ApiError(500, 'internal_error', 'Something went wrong on our side'));
    }
  };
}
