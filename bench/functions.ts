// Cold-start import time of each built function: a fresh Node process per sample imports the handler from
// its .func folder (the module graph Vercel deploys), as a cold Vercel instance does before its first
// request. Run `npm run build:vercel` first. Target: 150 ms.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { builtFunctions, builtHandler } from '../dev/vercel-build.js';
import { ROOT, stats } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PROBE = [
  'const started = performance.now();',
  'await import(process.env.FUNC_URL);',
  'console.log(performance.now() - started);',
].join('\n');

const names = builtFunctions(ROOT);
if (names.length === 0) throw new Error('No built functions: run `npm run build:vercel` first');

console.log(`import time of each built function, ${RUNS} cold processes each (target 150 ms)`);
for (const name of names) {
  const { dir, handler } = builtHandler(ROOT, name);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
      cwd: dir,
      env: { PATH: process.env.PATH, FUNC_URL: pathToFileURL(handler).href },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${name} failed to import:\n${child.stderr}`);
    samples.push(Number(child.stdout.trim()));
  }
  const { median, p95 } = stats(samples);
  console.log(`  ${name.padEnd(28)} median ${median.toFixed(0).padStart(4)} ms   p95 ${p95.toFixed(0).padStart(4)} ms`);
}
