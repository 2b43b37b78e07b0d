// Cold-start import time of each built function: a fresh Node process per sample imports the handler from
// its .func folder (the module graph Vercel deploys), as a cold Vercel instance does before its first
// request. Run `npm run build:vercel` first. Target: 150 ms.
//
// `npx tsx bench/functions.ts [output-dir ...]` compares several build outputs (e.g. a copy of an older
// .vercel/output): their samples are taken in interleaved rounds, so a busy machine slows all of them alike.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtFunctions, builtHandler } from '../dev/vercel-build.js';
import { ROOT, stats } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
// Wall time is the target; CPU time (all threads) says how much of it was the import's own work when other
// processes compete for the cores.
const PROBE = [
  'const cpu = process.cpuUsage();',
  'const started = performance.now();',
  'await import(process.env.FUNC_URL);',
  'const wall = performance.now() - started;',
  'const used = process.cpuUsage(cpu);',
  'console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));',
].join('\n');

const outputs = process.argv.length > 2 ? process.argv.slice(2).map((o) => path.resolve(o)) : [path.join(ROOT, '.vercel/output')];
const targets = outputs.flatMap((output) => {
  const names = builtFunctions(ROOT, output);
  if (names.length === 0) throw new Error(`No built functions in ${output}: run \`npm run build:vercel\` first`);
  return names.map((name) => ({ output, name, ...builtHandler(ROOT, name, output), samples: [] as number[], cpu: [] as number[] }));
});

/** Bytes of JavaScript deployed in a .func folder (what a cold start may load, at most). */
function deployedJsBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.[cm]?js$/.test(file))
    .reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

console.log(`import time of each built function, ${RUNS} cold processes each (target 150 ms)`);
for (let round = 0; round < RUNS; round++) {
  for (const t of targets) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
      cwd: t.dir,
      env: { PATH: process.env.PATH, FUNC_URL: pathToFileURL(t.handler).href },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${t.name} failed to import:\n${child.stderr}`);
    const { wall, cpu } = JSON.parse(child.stdout.trim()) as { wall: number; cpu: number };
    t.samples.push(wall);
    t.cpu.push(cpu);
  }
}
for (const output of outputs) {
  if (outputs.length > 1) console.log(`${path.relative(process.cwd(), output) || '.'}:`);
  for (const t of targets.filter((x) => x.output === output)) {
    const { median, p95 } = stats(t.samples);
    const cpu = stats(t.cpu).median;
    const kb = (deployedJsBytes(t.dir) / 1024).toFixed(0);
    console.log(
      `  ${t.name.padEnd(28)} median ${median.toFixed(0).padStart(4)} ms   p95 ${p95.toFixed(0).padStart(4)} ms   cpu ${cpu.toFixed(0).padStart(4)} ms   ${kb.padStart(6)} KB of JS deployed`,
    );
  }
}
