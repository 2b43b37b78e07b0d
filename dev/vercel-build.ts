// `npm run build:vercel`: the offline `vercel build` (see FACTS.md), then the Hobby plan's function budget.
// The build runs in a throwaway copy of the project (the files git would deploy, node_modules hard-linked),
// the way Vercel builds a fresh checkout: the build command's last step replaces the api/ entries with
// re-exports of their bundles (dev/bundle-functions.ts), which must never happen in the working tree. The
// copy's .vercel/output then replaces the project's.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MAX_FUNCTIONS = 12;

const PROJECT_JSON = {
  projectId: 'prj_local',
  orgId: 'team_local',
  settings: { framework: 'vite', buildCommand: 'vite build', outputDirectory: 'dist', installCommand: '', devCommand: null, rootDirectory: null },
};

/** Function names in a build output, e.g. `api/auth/[...path]` for `functions/api/auth/[...path].func`. */
export function builtFunctions(root: string, output = path.join(root, '.vercel/output')): string[] {
  const base = path.join(output, 'functions');
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(base, rel), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name.endsWith('.func')) found.push(child.slice(0, -'.func'.length));
      else walk(child);
    }
  };
  if (existsSync(base)) walk('');
  return found.sort();
}

/** A built function's folder, its handler file and its .vc-config.json runtime. */
export function builtHandler(root: string, name: string, output = path.join(root, '.vercel/output')): { dir: string; handler: string; runtime: string } {
  const dir = path.join(output, 'functions', `${name}.func`);
  const vc = JSON.parse(readFileSync(path.join(dir, '.vc-config.json'), 'utf8')) as { handler: string; runtime: string };
  return { dir, handler: path.join(dir, vc.handler), runtime: vc.runtime };
}

/**
 * A throwaway copy of the project for a build: the files git lists (tracked, and untracked unless ignored),
 * `.vercel/project.json` (written when absent) and `node_modules` (hard links). Left out, like in a git
 * deployment: .env files, dist/, .data/ and anything else git ignores.
 */
export function stageProject(root: string): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listed.stderr}`);
  const stage = mkdtempSync(path.join(os.tmpdir(), 'switchboard-build-'));
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = path.join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet in the index
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    cpSync(from, path.join(stage, file));
  }
  const projectJson = path.join(root, '.vercel/project.json');
  mkdirSync(path.join(stage, '.vercel'), { recursive: true });
  writeFileSync(path.join(stage, '.vercel/project.json'), existsSync(projectJson) ? readFileSync(projectJson) : JSON.stringify(PROJECT_JSON) + '\n');
  // A real node_modules, as in a checkout, so the file tracer can copy whatever a function leaves external:
  // hard links cost about a second. Across file systems (no hard links), a link to the folder instead.
  const modules = path.join(stage, 'node_modules');
  const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), modules], { encoding: 'utf8' });
  if (linked.status !== 0) {
    rmSync(modules, { recursive: true, force: true });
    console.warn(`[build:vercel] could not hard-link node_modules (${linked.stderr.trim()}); linking the folder instead`);
    symlinkSync(path.join(root, 'node_modules'), modules, 'dir');
  }
  return stage;
}

/**
 * Runs `vercel build --yes` offline in a staged copy of `root` and moves its output to `root/.vercel/output`;
 * rejects when it fails. Returns the built function names.
 */
export async function runVercelBuild(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const stage = stageProject(root);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(path.join(root, 'node_modules/.bin/vercel'), ['build', '--yes'], {
        cwd: stage,
        // NODE_ENV left over from a test runner (vitest sets "test") would make Vite build React's dev bundle.
        env: { ...env, NODE_ENV: undefined, VERCEL_INSTALL_COMPLETED: '1', SWITCHBOARD_STAGED_BUILD: '1' },
        stdio: 'inherit',
      });
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) throw new Error(`vercel build failed (exit code ${code})`);
    const output = path.join(root, '.vercel/output');
    rmSync(output, { recursive: true, force: true });
    cpSync(path.join(stage, '.vercel/output'), output, { recursive: true, verbatimSymlinks: true });
  } finally {
    if (env.SWITCHBOARD_KEEP_STAGE === '1') console.log(`[build:vercel] staged copy kept in ${stage}`);
    else rmSync(stage, { recursive: true, force: true });
  }
  return builtFunctions(root);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(import.meta.dirname, '..');
  try {
    const functions = await runVercelBuild(root);
    console.log(`\n${functions.length} functions (Hobby plan limit: ${MAX_FUNCTIONS})`);
    for (const name of functions) console.log(`  ${name}`);
    if (functions.length > MAX_FUNCTIONS) {
      console.error(`Too many functions: ${functions.length} > ${MAX_FUNCTIONS}. Merge domains into fewer catch-all functions.`);
      process.exit(1);
    }
  } catch (err) {
    console.error(`[build:vercel] ${(err as Error).message}`);
    process.exit(1);
  }
}
