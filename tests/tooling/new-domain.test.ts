// `npm run new:domain demo` on a copy of this checkout, then what `npm test` runs over everything the new
// domain touches: lint and the type check of the whole tree, the generated domain's own tests, and the
// registry-driven suites that cover every endpoint (the registry and OpenAPI checks, the tenancy and role
// matrices, the round-trip counter). The copy is deleted afterwards, so nothing generated stays behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let copy: string;

function run(cmd: string, args: string[]) {
  const result = spawnSync(cmd, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

beforeAll(() => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'switchboard-new-domain-'));
  // The checkout as it is (tracked and new files, not ignored ones), with the installed packages linked.
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) if (existsSync(path.join(ROOT, file))) cpSync(path.join(ROOT, file), path.join(copy, file), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const generated = run('npx', ['tsx', 'scripts/new-domain.ts', 'demo']);
  if (generated.status !== 0) throw new Error(`new:domain failed:\n${generated.output}`);
}, 120_000);
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('npm run new:domain demo', () => {
  it('writes the domain and registers it everywhere', () => {
    for (const file of [
      'contracts/demos.ts',
      'db/schema/demos.ts',
      'api/_lib/demos/routes.ts',
      'api/_lib/demos/service.ts',
      'api/_lib/demos/queries.ts',
      'api/_lib/demos/events.ts',
      'api/demos/[...path].ts',
      'src/features/demos/manifest.ts',
      'tests/api/demos.test.ts',
    ]) {
      expect(existsSync(path.join(copy, file)), file).toBe(true);
    }
    expect(readFileSync(path.join(copy, 'contracts/generated/routes.ts'), 'utf8')).toContain("'demos.listDemos'");
    expect(readFileSync(path.join(copy, 'vercel.json'), 'utf8')).toContain('/api/workspaces/:wid/:resource(demos)/:path*');
    expect(readFileSync(path.join(copy, 'src/app/features.ts'), 'utf8')).toContain('demosFeature');
    const migrations = readFileSync(path.join(copy, 'db/migrations/meta/_journal.json'), 'utf8');
    expect(migrations).toMatch(/_demos"/);
  });

  it('passes lint, the format check and the type check', () => {
    const lint = run('npx', ['eslint', '.']);
    expect(lint.status, lint.output).toBe(0);
    const format = run('npx', ['prettier', '--check', '.']);
    expect(format.status, format.output).toBe(0);
    const types = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    expect(types.status, types.output).toBe(0);
  });

  it('passes its own tests and the registry-driven suites that cover every endpoint', () => {
    const tests = run('npx', [
      'vitest',
      'run',
      '--project',
      'api',
      'tests/api/demos.test.ts',
      'tests/api/registry.test.ts',
      'tests/api/access-matrix.test.ts',
      'tests/api/round-trips.test.ts',
      '--reporter=verbose',
    ]);
    expect(tests.status, tests.output.slice(-6000)).toBe(0);
    expect(tests.output).toMatch(/demos\.listDemos/); // the matrices and the round-trip counter covered the new endpoints
  });
});
