// An independent evaluator of `.vercel/output/config.json` (Build Output API v3): the oracle the local
// runtime's router (dev/router.ts) is checked against. It reads only what `vercel build` produced — the
// routes, the files under static/ and the functions/**/X.func folders — and follows the platform's routing
// (modelled on `vercel dev`'s devRouter): routes in order; `continue` routes add headers (and may rewrite)
// and go on; `handle: filesystem` serves an existing file or function; later routes rewrite, and with
// `check: true` only land when their destination exists (else the `miss` phase runs on it, then routing
// goes on with the rewritten path); `status` routes answer; when nothing matched, the `error` phase runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseQs } from 'node:querystring';

type Query = Record<string, string | string[]>;

interface SourceRoute {
  src: string;
  dest?: string;
  headers?: Record<string, string>;
  continue?: boolean;
  check?: boolean;
  status?: number;
  caseSensitive?: boolean;
  methods?: string[];
}
type Route = SourceRoute | { handle: string };

export type OutputResolution =
  { type: 'function'; name: string; query: Query; status?: number } | { type: 'static'; path: string; status?: number } | { type: 'not_found'; status: number };

export interface OutputResult {
  resolution: OutputResolution;
  /** Response headers the routes assign (lower-case names). */
  headers: Record<string, string>;
}

function listFiles(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const child = `${rel}/${entry.name}`;
    return entry.isDirectory() ? listFiles(dir, child) : [child];
  });
}

function listFunctions(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return [];
    const child = `${rel}/${entry.name}`;
    return entry.name.endsWith('.func') ? [child.slice(0, -'.func'.length)] : listFunctions(dir, child);
  });
}

function splitUrl(url: string): { pathname: string; query: Query } {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? {} : (parseQs(url.slice(q + 1)) as Query);
  return { pathname: pathname || '/', query };
}

/** `$1`, `$name` in a destination or header value, as Vercel substitutes them (unmatched → empty). */
function substitute(template: string, match: RegExpExecArray): string {
  return template.replace(/\$([1-9][0-9]*|[a-zA-Z_][a-zA-Z0-9_]*)/g, (_, ref: string) =>
    /^\d+$/.test(ref) ? (match[Number(ref)] ?? '') : (match.groups?.[ref] ?? ''),
  );
}

export function loadOutputRouter(outputDir: string) {
  const config = JSON.parse(readFileSync(path.join(outputDir, 'config.json'), 'utf8')) as { version: number; routes?: Route[] };
  if (config.version !== 3) throw new Error(`expected Build Output API v3, got version ${config.version}`);
  const statics = new Set(listFiles(path.join(outputDir, 'static')));
  const functions = new Set(listFunctions(path.join(outputDir, 'functions')));

  const phases = new Map<string | null, SourceRoute[]>();
  let phase: string | null = null;
  phases.set(null, []);
  for (const route of config.routes ?? []) {
    if ('handle' in route) {
      phase = route.handle;
      if (!phases.has(phase)) phases.set(phase, []);
    } else phases.get(phase)!.push(route);
  }
  const routesOf = (name: string | null) => phases.get(name) ?? [];

  /** What the filesystem serves at a path: a function, a static file (index.html for a folder), or nothing. */
  function filesystem(pathname: string): OutputResolution | null {
    if (functions.has(pathname)) return { type: 'function', name: pathname.slice(1), query: {} };
    if (statics.has(pathname)) return { type: 'static', path: pathname };
    if (pathname.endsWith('/') && statics.has(`${pathname}index.html`)) return { type: 'static', path: `${pathname}index.html` };
    return null;
  }

  interface State {
    pathname: string;
    query: Query;
    headers: Record<string, string>;
    status?: number;
  }
  type Outcome = { done: true; state: State; userDest: boolean } | { done: false; state: State };

  function runPhase(name: string | null, start: State, method: string): Outcome {
    let state = { ...start, headers: { ...start.headers }, query: { ...start.query } };
    for (const route of routesOf(name)) {
      if (route.methods && !route.methods.includes(method)) continue;
      const match = new RegExp(route.src, route.caseSensitive ? '' : 'i').exec(state.pathname);
      if (!match) continue;
      for (const [key, value] of Object.entries(route.headers ?? {})) {
        const lower = key.toLowerCase();
        // In the hit/miss phases a header already set by an earlier route is kept.
        if ((name === 'hit' || name === 'miss') && lower in start.headers) continue;
        state.headers[lower] = substitute(value, match);
      }
      let next = state;
      if (route.dest) {
        const dest = splitUrl(substitute(route.dest, match));
        // A rewrite's own query joins the request's; the request's values win (as in `vercel dev`).
        next = { ...state, pathname: dest.pathname.startsWith('/') ? dest.pathname : `/${dest.pathname}`, query: { ...dest.query, ...state.query } };
      }
      if (route.continue) {
        state = { ...next, status: route.status ?? next.status };
        continue;
      }
      if (route.check && name !== 'hit' && !filesystem(next.pathname) && !(route.status && name !== 'miss')) {
        const missed = runPhase('miss', next, method);
        if (missed.done) return missed;
        state = next;
        continue;
      }
      return { done: true, state: { ...next, status: route.status ?? next.status }, userDest: Boolean(route.dest) };
    }
    return { done: false, state };
  }

  function resolve(state: State): OutputResolution {
    const hit = filesystem(state.pathname);
    if (hit?.type === 'function') return { ...hit, query: state.query, ...(state.status ? { status: state.status } : {}) };
    if (hit) return { ...hit, ...(state.status ? { status: state.status } : {}) };
    return { type: 'not_found', status: state.status ?? 404 };
  }

  return function route(url: string, method = 'GET'): OutputResult {
    const { pathname, query } = splitUrl(url);
    let state: State = { pathname, query, headers: {} };

    // Routes before any `handle`.
    const main = runPhase(null, state, method);
    state = main.state;
    if (main.done) return { resolution: resolve(state), headers: state.headers };

    // `handle: filesystem`: an existing file or function is served as is (the `hit` phase only adds headers).
    if (phases.has('filesystem') && filesystem(state.pathname)) {
      const hit = runPhase('hit', state, method);
      return { resolution: resolve({ ...state, headers: hit.state.headers }), headers: hit.state.headers };
    }

    // The routes after `handle: filesystem` (and a `rewrite` phase, when present).
    for (const name of ['filesystem', 'rewrite']) {
      const outcome = runPhase(name, state, method);
      state = outcome.state;
      if (outcome.done) {
        const resolution = resolve(state);
        if (resolution.type !== 'not_found' || !outcome.userDest) return { resolution, headers: state.headers };
        break;
      }
    }

    // Nothing found: the `error` phase may name a page to serve with its status (e.g. /404.html).
    const error = runPhase('error', state, method);
    if (error.done) {
      const page = filesystem(error.state.pathname);
      if (page) return { resolution: { ...page, status: error.state.status ?? 404 }, headers: error.state.headers };
    }
    return { resolution: { type: 'not_found', status: 404 }, headers: error.state.headers };
  };
}
