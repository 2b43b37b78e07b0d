// Ships each Vercel function as one minified ES module bundle, so a cold start parses a few files instead of
// resolving and compiling hundreds (zod, drizzle, pg, jose... module by module).
//
// How it fits Vercel: `vercel build` (and Vercel's own build) runs the project's build command first and only
// then lets @vercel/node trace each api/ entry with its file tracer. This script, the last step of
// `npm run build:deploy`, bundles every entry with esbuild into dist-functions/ (code splitting on: route
// modules that the kernel imports lazily stay lazy, as separate chunks) and then replaces each api/ entry
// with a re-export of its bundle. @vercel/node therefore traces the entry stub and the bundle's chunks only;
// it still writes every .func, .vc-config.json and the routes from vercel.json exactly as before.
//
// Replacing entry files is only ever done in a checkout that is thrown away after the build: on Vercel's
// build machines (`CI=1` there) or in the copy that `npm run build:vercel` builds (dev/vercel-build.ts sets
// SWITCHBOARD_STAGED_BUILD=1). Anywhere else (a `vercel build` in a working checkout) the entries are left
// alone and the functions deploy unbundled, which works, only with slower cold starts.
//
// PGlite (the embedded development database) is left out: a deployment always has DATABASE_URL, and PGlite's
// WebAssembly and data files are larger than everything else together.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { scanFunctions } from './router.js';

/** Where the bundles go, relative to the project root (git-ignored; never under api/ or dist/). */
export const BUNDLE_DIR = 'dist-functions';

/** Modules a deployed function must never load: the embedded database and its drizzle driver. */
const EMBEDDED_DATABASE = /^(@electric-sql\/pglite|drizzle-orm\/pglite)(\/|-|$)/;

/** Optional native add-ons that their packages load in a try/catch; not installed, so left as they are. */
const OPTIONAL_NATIVE = ['pg-native', 'bufferutil', 'utf-8-validate'];

export interface BundledFunction {
  /** The api/ entry, relative to the root, e.g. `api/auth/[...path].ts`. */
  entry: string;
  /** Its bundle, relative to the root, e.g. `dist-functions/api/auth/[...path].mjs`. */
  bundle: string;
  /** Bytes of the bundle's entry chunk plus the chunks it imports statically (what a cold start parses). */
  coldBytes: number;
}

const embeddedDatabaseLeftOut: Plugin = {
  name: 'embedded-database-left-out',
  setup(b) {
    b.onResolve({ filter: EMBEDDED_DATABASE }, (args) => ({ path: args.path, namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(
        `${args.path} (the embedded database) is not part of deployed functions: set DATABASE_URL to a Postgres or Neon URL`,
      )});`,
      loader: 'js',
    }));
  },
};

// Bundled CommonJS packages (pg, pusher...) call require() for Node's built-ins; an ES module has none.
const REQUIRE_BANNER = "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);";

export interface Bundles {
  functions: BundledFunction[];
  /** Every source module in the bundles, relative to the root (packages as `node_modules/...` paths). */
  modules: string[];
}

/** Bundles every function under api/ into `<root>/dist-functions`. */
export async function bundleFunctions(root: string): Promise<Bundles> {
  const functions = scanFunctions(root);
  const outdir = path.join(root, BUNDLE_DIR);
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = Object.fromEntries(functions.map((f) => [f.file.replace(/\.[cm]?[jt]s$/, ''), f.file]));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    chunkNames: '_chunks/[name]-[hash]',
    // Whitespace and syntax only: identifiers keep their names, so stack traces in the logs stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    banner: { js: REQUIRE_BANNER },
    external: OPTIONAL_NATIVE,
    plugins: [embeddedDatabaseLeftOut],
    metafile: true,
    logLevel: 'warning',
  });
  return {
    functions: functions.map((f) => {
      const bundle = `${BUNDLE_DIR}/${f.file.replace(/\.[cm]?[jt]s$/, '.mjs')}`;
      return { entry: f.file, bundle, coldBytes: coldBytes(result.metafile, bundle) };
    }),
    modules: Object.keys(result.metafile.inputs),
  };
}

function coldBytes(metafile: Metafile, output: string, seen = new Set<string>()): number {
  if (seen.has(output)) return 0;
  seen.add(output);
  const file = metafile.outputs[output];
  if (!file) return 0;
  return file.bytes + file.imports.filter((i) => i.kind === 'import-statement').reduce((sum, i) => sum + coldBytes(metafile, i.path, seen), 0);
}

/**
 * The `export const config = {...}` of an entry, as source text, when it has one. Vercel reads it statically
 * (maxDuration, regions, memory...), so the stub must carry it as a literal; anything but a literal is refused.
 */
export function staticConfigSource(file: string, source: string): string | null {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== 'config' || !decl.initializer) continue;
      if (!isLiteral(decl.initializer)) {
        throw new Error(`${file}: \`export const config\` must be a literal (Vercel reads it without running the code)`);
      }
      return `export const config = ${decl.initializer.getText(sf)};`;
    }
  }
  return null;
}

function isLiteral(node: ts.Expression): boolean {
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) return isLiteral(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isLiteral);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && isLiteral(p.initializer));
  }
  return false;
}

/** The stub that replaces an entry: its static config, then everything its bundle exports. */
export function entryStub(entry: string, bundle: string, source: string): string {
  let specifier = path.posix.relative(path.posix.dirname(entry), bundle);
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const config = staticConfigSource(entry, source);
  return [
    `// @ts-nocheck`,
    `// Generated by dev/bundle-functions.ts for the deployment: the function's code is bundled in ${bundle}.`,
    ...(config ? [config] : []),
    `export * from ${JSON.stringify(specifier)};`,
    `export { default } from ${JSON.stringify(specifier)};`,
    '',
  ].join('\n');
}

/** Bundles every function, then points each api/ entry at its bundle. Only for a throwaway checkout. */
export async function bundleInPlace(root: string): Promise<Bundles> {
  const bundled = await bundleFunctions(root);
  for (const { entry, bundle } of bundled.functions) {
    const file = path.join(root, entry);
    writeFileSync(file, entryStub(entry, bundle, readFileSync(file, 'utf8')));
  }
  return bundled;
}

/** True where replacing entry files is safe: a throwaway checkout inside `vercel build`. */
export function inThrowawayBuild(env: NodeJS.ProcessEnv): boolean {
  const truthy = (v: string | undefined) => Boolean(v) && v !== '0' && v !== 'false';
  return env.VERCEL === '1' && (env.SWITCHBOARD_STAGED_BUILD === '1' || truthy(env.CI));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(import.meta.dirname, '..');
  if (!inThrowawayBuild(process.env)) {
    console.log(
      '[bundle-functions] not a throwaway build checkout (no CI=1 or SWITCHBOARD_STAGED_BUILD=1 inside vercel build): functions deploy unbundled. `npm run build:vercel` builds them bundled.',
    );
  } else {
    const started = performance.now();
    const { functions } = await bundleInPlace(root);
    console.log(`[bundle-functions] ${functions.length} functions bundled into ${BUNDLE_DIR}/ in ${Math.round(performance.now() - started)} ms`);
    for (const f of functions) console.log(`  ${f.entry.padEnd(32)} ${(f.coldBytes / 1024).toFixed(0).padStart(5)} KB loaded at cold start`);
  }
}
