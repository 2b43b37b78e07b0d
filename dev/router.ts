// Routes a URL the way Vercel does for this project, from the same two sources Vercel uses: the api/ file
// tree and vercel.json. Order, as in `vercel build`'s config.json: the filesystem (static files and
// functions at their exact paths), then vercel.json's rewrites (each checked against the filesystem), then
// the dynamic function files (`[id].ts`, `[...path].ts`: one segment each), then 404.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, pathToRegexp, type Key } from 'path-to-regexp';

export interface FunctionFile {
  /** URL path of the function, e.g. /api/auth/[...path] */
  route: string;
  /** File relative to the project root, e.g. api/auth/[...path].ts */
  file: string;
}

export type Resolution = { type: 'function'; file: string; params: Record<string, string> } | { type: 'static'; path: string } | { type: 'not_found' };

interface Rewrite {
  source: string;
  destination: string;
}

export interface VercelConfig {
  rewrites?: Rewrite[];
  headers?: { source: string; headers: { key: string; value: string }[] }[];
}

export function readVercelConfig(root: string): VercelConfig {
  return JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as VercelConfig;
}

/** Every deployable function under api/: .ts/.js files, skipping `_`-prefixed files and folders and tests. */
export function scanFunctions(root: string): FunctionFile[] {
  const found: FunctionFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|js|mjs)$/.test(entry.name) && !/\.(test|spec|d)\.[mc]?[tj]s$/.test(entry.name)) {
        found.push({ route: '/' + rel.replace(/\.(ts|js|mjs)$/, ''), file: rel });
      }
    }
  };
  walk('api');
  return found.sort((a, b) => a.route.localeCompare(b.route));
}

// Vercel converts `source` patterns with path-to-regexp 6 in strict, case-sensitive mode.
function sourceMatcher(source: string) {
  const keys: Key[] = [];
  const regex = pathToRegexp(source, keys, { strict: true, sensitive: true, delimiter: '/' });
  return (pathname: string): Record<string, string> | null => {
    const m = regex.exec(pathname);
    if (!m) return null;
    const params: Record<string, string> = {};
    // An optional parameter that matched nothing is "" (Vercel substitutes an unmatched `$n` with "").
    keys.forEach((key, i) => {
      params[String(key.name)] = m[i + 1] ?? '';
    });
    return params;
  };
}

function dynamicMatcher(route: string) {
  const names: string[] = [];
  const source = route
    .split('/')
    .map((segment) => {
      const m = /^\[(\.\.\.)?(.+)\]$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push((m[1] ?? '') + m[2]);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}$`);
  return (pathname: string): Record<string, string> | null => {
    const m = regex.exec(pathname);
    if (!m) return null;
    return Object.fromEntries(names.map((name, i) => [name, m[i + 1] ?? ''])); // the runtime decoded the path already
  };
}

export interface RouterOptions {
  functions: FunctionFile[];
  config: VercelConfig;
  /** Whether a static file exists at this URL path (public/ or the built dist/). */
  isStatic: (pathname: string) => boolean;
}

export function createRouter({ functions, config, isStatic }: RouterOptions) {
  const exact = new Map(functions.map((f) => [f.route, f.file]));
  const dynamic = functions.filter((f) => f.route.includes('[')).map((f) => ({ file: f.file, match: dynamicMatcher(f.route) }));
  const rewrites = (config.rewrites ?? []).map((r) => ({
    match: sourceMatcher(r.source),
    destination: r.destination,
    toPath: compile(r.destination.split('?')[0]!, { encode: (s: string) => s, validate: false }),
    usesParams: /:[A-Za-z_]/.test(r.destination),
  }));

  function filesystem(pathname: string): Resolution | null {
    const file = exact.get(pathname);
    if (file) return { type: 'function', file, params: {} };
    if (pathname !== '/' && isStatic(pathname)) return { type: 'static', path: pathname };
    return null;
  }

  return function resolve(pathname: string): Resolution {
    const direct = filesystem(pathname);
    if (direct) return direct;
    for (const rewrite of rewrites) {
      const params = rewrite.match(pathname);
      if (!params) continue;
      const destPath = rewrite.toPath(params);
      const destQuery = Object.fromEntries(new URLSearchParams(rewrite.destination.split('?')[1] ?? ''));
      // A destination that names no parameter receives them all as query parameters (as on Vercel).
      const carried = rewrite.usesParams ? destQuery : { ...params, ...destQuery };
      const hit = filesystem(destPath);
      if (hit?.type === 'function') return { ...hit, params: carried };
      if (hit) return hit;
      if (destPath === '/index.html') return { type: 'static', path: '/index.html' };
    }
    for (const { file, match } of dynamic) {
      const params = match(pathname);
      if (params) return { type: 'function', file, params };
    }
    return { type: 'not_found' };
  };
}

/** The response headers vercel.json assigns to a path (later rules override earlier ones). */
export function headersFor(config: VercelConfig) {
  const rules = (config.headers ?? []).map((rule) => ({ match: sourceMatcher(rule.source), headers: rule.headers }));
  return (pathname: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const rule of rules) if (rule.match(pathname)) for (const h of rule.headers) out[h.key] = h.value;
    return out;
  };
}
