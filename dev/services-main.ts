// `npm run services`: starts every local stand-in for the cloud services (the database served over the
// Postgres wire protocol, the Pusher-protocol server, …) and writes the variables that reach them to
// `.env.local`, for function processes started elsewhere (`vercel dev`, via `npm run dev:vercel`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findRunningServices, startServices } from './services.js';

const started = Date.now();
const root = path.resolve(import.meta.dirname, '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const other = await findRunningServices(process.env, 0);
if (other) {
  console.error(`[services] already running in process ${other.pid}; its variables are in .env.local`);
  process.exit(1);
}
let services;
try {
  services = await startServices({ ports: 'fixed', envFile: path.join(root, '.env.local'), lock: true });
} catch (err) {
  console.error(`[services] ${(err as Error).message}`);
  process.exit(1);
}

const width = Math.max(...services.running.map((s) => s.name.length), ...services.skipped.map((s) => s.name.length));
console.log(`
  Local services are running  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

${services.running.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}
${services.skipped.map((s) => `  ${s.name.padEnd(width)}  not started: ${s.reason}`).join('\n')}
  ${
    services.envFile === 'written'
      ? 'written to .env.local (`npm run dev:vercel` runs `vercel dev` with them):'
      : '.env.local holds other settings and was left alone: add these to it for `npm run dev:vercel`:'
  }

${Object.entries(services.env)
  .map(([key, value]) => `    ${key}=${value}`)
  .join('\n')}
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await services.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
