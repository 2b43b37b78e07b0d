// Sign-in and token refresh latency through the local runtime (bcrypt cost 10 dominates sign-in).
// Run: npx tsx bench/auth.ts   (DATABASE_URL=postgres://… to use Postgres instead of PGlite in memory)
import { ms, startBenchApp, stats, time } from './support.js';

const RUNS = 50;
const app = await startBenchApp();
const email = `bench-${Date.now()}@bench.test`;
const password = 'Bench-Pass-1';
const json = { 'content-type': 'application/json' };
const register = await fetch(`${app.url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, name: 'Bench' }) });
if (register.status !== 201) throw new Error(`register answered ${register.status}`);

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sb_refresh='))!
    .split(';')[0]!;
let cookie = cookieOf(register);

const login = stats(
  await time(RUNS, async () => {
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    await res.arrayBuffer();
  }),
);
const refresh = stats(
  await time(RUNS, async () => {
    const res = await fetch(`${app.url}/api/auth/refresh`, { method: 'POST', headers: { cookie } });
    if (res.status !== 200) throw new Error(`refresh answered ${res.status}`);
    cookie = cookieOf(res);
    await res.arrayBuffer();
  }),
);
await app.close();
console.log(`database: ${app.targetLabel}; ${RUNS} sequential requests each`);
console.log(`POST /api/auth/login     median ${ms(login.median)}   p95 ${ms(login.p95)}`);
console.log(`POST /api/auth/refresh   median ${ms(refresh.median)}   p95 ${ms(refresh.p95)}`);
