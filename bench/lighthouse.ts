// Lighthouse performance of the built SPA on the two pages people land on: the sign-in page (what every
// visitor loads first) and the signed-in dashboard `/w/<wid>` (what a returning user loads first). The built
// app is served from dist/ by the local runtime, compressed as Vercel's CDN serves it, with the API beside it
// on an in-memory PGlite holding the demo seed. Lighthouse's default mobile profile (simulated slow 4G, 4x
// CPU slowdown) in Debian's Chromium; RUNS runs per page, interleaved, the medians printed. Target: 95+.
// The dashboard run signs in as the demo owner through the API first and puts the refresh cookie and the
// session hint into the browser Lighthouse attaches to, so the SPA restores the session on load, as after a
// reload; each run checks (final URL, the refresh and the dashboard's widgets' series answered 200) that the
// dashboard really rendered. A benchmark, not a test: it exits non-zero only when something fails to run.
// Lighthouse is not a dependency of the project: it is fetched by npx on first use (about 200 packages).
// Run: npx tsx bench/lighthouse.ts   (BENCH_RUNS=1 for a quick look; BENCH_PAGES=dashboard for one page; the
// median run's report and final screenshot per page are kept in bench/results/)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../db/seed.js';
import { buildSpa, launchChromium, ROOT, startBenchApp, stats, type BrowserCookie } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LIGHTHOUSE = 'lighthouse@12';
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
] as const;

interface AuditNode {
  snippet?: string;
  nodeLabel?: string;
}
interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  numericValue?: number;
  displayValue?: string;
  metricSavings?: Record<string, number>;
  details?: { type?: string; data?: string; items?: unknown[]; overallSavingsMs?: number; overallSavingsBytes?: number };
}
interface Report {
  finalDisplayedUrl: string;
  runWarnings: string[];
  categories: { performance: { score: number | null; auditRefs: { id: string; weight: number }[] } };
  audits: Record<string, Audit>;
}
interface NetworkRequest {
  url: string;
  statusCode: number;
  resourceType?: string;
  transferSize?: number;
}

const loadAverage = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
const startLoad = loadAverage();

buildSpa();
// Always a throwaway in-memory database: the demo seed goes into it, never into a DATABASE_URL's database.
delete process.env.DATABASE_URL;
const app = await startBenchApp({ spa: 'static' });
await seedDemo(app.database.db);
const owner = DEMO_USERS[0];
const host = new URL(app.url).hostname;

/** Signs the demo owner in through the API; returns the cookies the answer set, as the browser would keep them. */
async function signIn(): Promise<{ cookies: BrowserCookie[]; accessToken: string }> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`POST /api/auth/login answered ${res.status}: ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  const cookies = res.headers.getSetCookie().map((header): BrowserCookie => {
    const [pair = '', ...attributes] = header.split(/;\s*/);
    const at = pair.indexOf('=');
    const attribute = (name: string) => attributes.find((a) => a.toLowerCase().startsWith(name.toLowerCase()));
    const maxAge = Number(attribute('max-age=')?.split('=')[1] ?? 0);
    const sameSite = attribute('samesite=')?.split('=')[1] as BrowserCookie['sameSite'];
    return {
      name: pair.slice(0, at),
      value: pair.slice(at + 1),
      domain: host,
      path: attribute('path=')?.split('=')[1] ?? '/',
      httpOnly: Boolean(attribute('httponly')),
      secure: Boolean(attribute('secure')),
      ...(sameSite ? { sameSite } : {}),
      ...(maxAge > 0 ? { expires: Math.floor(Date.now() / 1000) + maxAge } : {}),
    };
  });
  for (const name of ['sb_refresh', 'sb_session']) {
    if (!cookies.some((c) => c.name === name && c.value)) throw new Error(`the sign-in answer set no ${name} cookie`);
  }
  return { cookies, accessToken };
}

// The demo workspace's id, from the owner's own account.
const { accessToken } = await signIn();
const me = (await (await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
  workspaces: { id: string; name: string }[];
};
const workspace = me.workspaces[0];
if (!workspace) throw new Error('the demo owner has no workspace');

interface Page {
  label: string;
  path: string;
  signedIn: boolean;
  /** Throws when the run did not measure the page it was meant to (e.g. the dashboard fell back to sign-in). */
  check(report: Report, requests: NetworkRequest[]): string;
}
const pathOf = (url: string) => new URL(url).pathname;
const ALL_PAGES: Page[] = [
  {
    label: 'sign-in',
    path: '/sign-in',
    signedIn: false,
    check(report) {
      if (pathOf(report.finalDisplayedUrl) !== '/sign-in') throw new Error(`the sign-in run ended on ${report.finalDisplayedUrl}`);
      return `final URL ${pathOf(report.finalDisplayedUrl)}`;
    },
  },
  {
    label: 'dashboard (signed in)',
    path: `/w/${workspace.id}`,
    signedIn: true,
    check(report, requests) {
      const final = pathOf(report.finalDisplayedUrl);
      if (final !== `/w/${workspace.id}`) throw new Error(`the dashboard run ended on ${final}, not the dashboard`);
      const answered = (suffix: string) => requests.find((r) => pathOf(r.url).endsWith(suffix));
      const refresh = answered('/api/auth/refresh');
      const summary = answered('/metrics/series');
      if (refresh?.statusCode !== 200) throw new Error(`the session was not restored: POST /api/auth/refresh answered ${refresh?.statusCode ?? 'nothing'}`);
      if (summary?.statusCode !== 200)
        throw new Error(`the dashboard's figures were not loaded: …/metrics/series answered ${summary?.statusCode ?? 'nothing'}`);
      return `final URL ${final}, /api/auth/refresh ${refresh.statusCode}, …/metrics/series ${summary.statusCode}`;
    },
  },
];

// BENCH_PAGES=dashboard (or sign-in) measures one page only.
const only = process.env.BENCH_PAGES?.split(',');
const PAGES = ALL_PAGES.filter((p) => !only || only.includes(p.label.split(' ')[0]!));
if (PAGES.length === 0) throw new Error(`BENCH_PAGES=${process.env.BENCH_PAGES} names no page (sign-in, dashboard)`);

async function lighthouse(page: Page, file: string): Promise<Report> {
  // A browser of our own (fresh profile, chrome-launcher's flags) that Lighthouse attaches to, so the
  // signed-in run can hold the session's cookies before the page loads. Lighthouse keeps cookies between
  // its storage resets (it clears caches, service workers and file systems only).
  const chromium = await launchChromium();
  try {
    if (page.signedIn) await chromium.setCookies((await signIn()).cookies);
    // Asynchronously: this process serves the page Lighthouse loads.
    const run = spawn(
      'npx',
      [
        '--yes',
        LIGHTHOUSE,
        `${app.url}${page.path}`,
        `--port=${chromium.port}`,
        '--quiet',
        '--only-categories=performance',
        '--output=json',
        `--output-path=${file}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const [code] = (await once(run, 'close')) as [number | null];
    if (code !== 0) throw new Error(`lighthouse exited with ${code} on ${page.path}`);
  } finally {
    await chromium.close();
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  if (report.categories.performance.score === null) throw new Error(`lighthouse gave no score on ${page.path}: ${report.runWarnings.join('; ')}`);
  return report;
}

const requestsOf = (report: Report) => (report.audits['network-requests']?.details?.items ?? []) as NetworkRequest[];
const out = mkdtempSync(path.join(tmpdir(), 'switchboard-lighthouse-'));
const reports = new Map<Page, Report[]>(PAGES.map((p) => [p, []]));
const checks = new Map<Page, string>();
try {
  // Interleaved, so a change in the machine's load touches both pages alike.
  for (let i = 0; i < RUNS; i++) {
    for (const page of PAGES) {
      const report = await lighthouse(page, path.join(out, `${page.label.split(' ')[0]}-${i}.json`));
      checks.set(page, page.check(report, requestsOf(report)));
      reports.get(page)!.push(report);
    }
  }
} finally {
  await app.close();
  rmSync(out, { recursive: true, force: true });
}

const median = (values: number[]) => stats(values).median;
const scoreOf = (r: Report) => Math.round(r.categories.performance.score! * 100);
const results = path.join(ROOT, 'bench/results');
mkdirSync(results, { recursive: true });

console.log(`Lighthouse ${LIGHTHOUSE}, performance, mobile profile (simulated slow 4G, 4x CPU slowdown), built app, ${RUNS} runs per page`);
console.log(`load average (1/5/15 min): ${startLoad} at start, ${loadAverage()} at end (${availableParallelism()} cores)`);
for (const page of PAGES) {
  const runs = reports.get(page)!;
  const scores = runs.map(scoreOf);
  console.log(`\n${page.label}  ${page.path}`);
  console.log(`  score  median ${median(scores)}   runs: ${scores.join(', ')}`);
  console.log(
    `  ${METRICS.map(([id, short]) => {
      const value = median(runs.map((r) => r.audits[id]!.numericValue!));
      return `${short} ${id === 'cumulative-layout-shift' ? value.toFixed(3) : `${Math.round(value)} ms`}`;
    }).join('   ')}   (medians)`,
  );
  // The run with the median score speaks for the page: what it loaded and where it lost time.
  const typical = [...runs].sort((a, b) => scoreOf(a) - scoreOf(b))[Math.floor(runs.length / 2)]!;
  const requests = requestsOf(typical);
  const scripts = requests.filter((r) => r.resourceType === 'Script');
  const kb = (list: NetworkRequest[]) => (list.reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024).toFixed(1);
  console.log(`  loaded  ${requests.length} requests, ${kb(requests)} KB transferred; JS ${scripts.length} files, ${kb(scripts)} KB`);
  const lcp = typical.audits['largest-contentful-paint-element']?.details;
  const node = findNode(lcp);
  if (node) console.log(`  LCP element  ${node.nodeLabel ?? ''}  ${(node.snippet ?? '').slice(0, 120)}`);
  console.log(`  check  ${checks.get(page)}`);
  const base = path.join(results, `lighthouse-${page.label.split(' ')[0]}`);
  writeFileSync(`${base}.json`, JSON.stringify(typical));
  const shot = typical.audits['final-screenshot']?.details?.data;
  if (shot) writeFileSync(`${base}.jpg`, Buffer.from(shot.replace(/^data:image\/\w+;base64,/, ''), 'base64'));
  console.log(`  median run's report and final screenshot  ${path.relative(ROOT, base)}.json, .jpg`);
  const weighted = new Set(typical.categories.performance.auditRefs.filter((a) => a.weight > 0).map((a) => a.id));
  const losing = Object.values(typical.audits)
    .filter((a) => !weighted.has(a.id) && a.score !== null && a.score < 0.9 && ['metricSavings', 'numeric', 'binary'].includes(a.scoreDisplayMode))
    .filter(
      (a) => Object.values(a.metricSavings ?? {}).some((v) => v > 0) || (a.details?.overallSavingsMs ?? 0) > 0 || (a.details?.overallSavingsBytes ?? 0) > 0,
    )
    .sort((a, b) => (b.details?.overallSavingsMs ?? 0) - (a.details?.overallSavingsMs ?? 0));
  for (const audit of losing.slice(0, 8)) console.log(`  to improve  ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ''}`);
}

function findNode(value: unknown): AuditNode | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (record.type === 'node') return record as AuditNode;
  for (const child of Object.values(record)) {
    const found = findNode(child);
    if (found) return found;
  }
  return null;
}
