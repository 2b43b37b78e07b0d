// `npm run build:vercel`: the offline `vercel build` (see FACTS.md), then the Hobby plan's function budget.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MAX_FUNCTIONS = 12;

const PROJECT_JSON = {
  projectId: 'prj_local',
  orgId: 'team_local',
  settings: { framework: 'vite', buildCommand: 'vite build', outputDirectory: 'dist', installCommand: '', devCommand: null, rootDirectory: null },
};

/** Function names in a build output, e.g. `api/auth/[...path]` for `functions/api/auth/[...path].func`. */
export function builtFunctions(root: string): string[] {
  const base = path.join(root, '.vercel/output/functions');
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
export function builtHandler(root: string, name: string): { dir: string; handler: string; runtime: string } {
  const dir = path.join(root, '.vercel/output/functions', `${name}.func`);
  const vc = JSON.parse(readFileSync(path.join(dir, '.vc-config.json'), 'utf8')) as { handler: string; runtime: string };
  return { dir, handler: path.join(dir, vc.handler), runtime: vc.runtime };
}

/** Runs `vercel build --yes` offline in `root`; rejects when it fails. Returns the built function names. */
export async function runVercelBuild(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const projectJson = path.join(root, '.vercel/project.json');
  if (!existsSync(projectJson)) {
    mkdirSync(path.dirname(projectJson), { recursive: true });
    writeFileSync(projectJson, JSON.stringify(PROJECT_JSON) + '\n');
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/vercel'), ['build', '--yes'], {
      cwd: root,
      // NODE_ENV left over from a test runner (vitest sets "test") would make Vite build React's dev bundle.
      env: { ...env, NODE_ENV: undefined, VERCEL_INSTALL_COMPLETED: '1' },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`vercel build failed (exit code ${code})`);
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
