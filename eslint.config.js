// ESLint for the whole repository: typescript-eslint's recommended rules, React hooks rules for the SPA, the
// dependency directions from ARCHITECTURE.md (eslint-plugin-boundaries) and a ban on focused or skipped tests.
// Formatting is Prettier's job (eslint-config-prettier turns off the stylistic rules that would fight it).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/**
 * The architecture's elements. Patterns are matched from the repository root (partialMatch: false) and the
 * first descriptor that matches a file wins, so the narrower ones come first (a feature before src/).
 */
const elements = [
  { type: 'feature', pattern: 'src/features/*', capture: ['feature'], partialMatch: false },
  { type: 'app', pattern: 'src/app', partialMatch: false },
  // src/components, src/lib, src/test and the entry files: shared SPA code.
  { type: 'spa', pattern: 'src', partialMatch: false },
  { type: 'contracts', pattern: 'contracts', partialMatch: false },
  { type: 'api-lib', pattern: 'api/_lib', partialMatch: false },
  // api/<fn>.ts and api/<fn>/[...path].ts: the Vercel function entry files.
  { type: 'api-entry', pattern: 'api', partialMatch: false },
  { type: 'db', pattern: 'db', partialMatch: false },
  // Tooling may import anything: the local runtime, test support, benchmarks, browser tests and scripts.
  { type: 'tooling', pattern: ['dev', 'tests', 'bench', 'e2e', 'scripts'], partialMatch: false },
];

const to = (type) => ({ to: { element: { type } } });

/** A feature never imports another feature (its own files are internal to it and not checked). */
const featureIsolation = {
  from: { element: { type: 'feature' } },
  disallow: {
    to: { element: { type: 'feature', captured: { feature: '!{{ from.element.captured.feature }}' } } },
  },
  message:
    'src/features/{{ from.element.captured.feature }} must not import src/features/{{ to.element.captured.feature }}: ' +
    'features never import each other (the shell in src/app composes them; shared pieces go to src/components or src/lib).',
};

/** The dependency directions (last matching policy wins; anything not allowed here is an error). */
const dependencyPolicies = [
  {
    from: { element: { type: ['feature', 'app', 'spa'] } },
    allow: [to('feature'), to('app'), to('spa'), to('contracts')],
  },
  featureIsolation,
  { from: { element: { type: 'api-entry' } }, allow: [to('api-lib')] },
  { from: { element: { type: 'api-lib' } }, allow: [to('db'), to('contracts')] },
  { from: { element: { type: 'db' } }, allow: [to('contracts')] },
  { from: { element: { type: 'tooling' } }, allow: { to: { element: { type: '*' } } } },
  // Test files beside the code (db/*.test.ts, src/**/*.test.tsx) may also use the shared test support.
  { from: { file: { categories: 'test' } }, allow: [to('tooling')] },
];

/** Focused or skipped tests (vitest and Playwright) never land: `it.only`, `describe.skip`, `test.describe.only`… */
const testRunners = '/^(it|test|describe|suite|bench)$/';
const testModifiers = '/^(only|skip|skipIf|runIf|todo|fixme)$/';
const noFocusedOrSkippedTests = [
  'error',
  {
    selector: `MemberExpression[object.name=${testRunners}][property.name=${testModifiers}]`,
    message: 'No focused, skipped or conditional tests: every test runs every time.',
  },
  {
    selector: `MemberExpression[object.object.name=${testRunners}][property.name=${testModifiers}]`,
    message: 'No focused, skipped or conditional tests: every test runs every time.',
  },
  {
    selector: 'CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|fdescribe)$/]',
    message: 'No focused or skipped tests: every test runs every time.',
  },
];

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.vercel/',
      '.data/',
      '.ci/results/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'e2e/screenshots/',
      'db/migrations/',
      'public/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are the codebase's way to say "deliberately unused" (e.g. an ignored argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': noFocusedOrSkippedTests,
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      // These five check what the React Compiler needs in order to memoize a component safely. The SPA does not
      // use the compiler, and what they flag here is deliberate and correct without it: the "latest ref" idiom
      // (`ref.current = callback` during render, read in an effect), Date.now() for relative times, a dialog
      // resetting its fields when it opens, a running day divider inside a map and a module-level last-user
      // cache. Turn them back on together with the compiler (and useEffectEvent for the latest-ref cases).
      'react-hooks/refs': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
      'react-hooks/globals': 'off',
    },
  },
  {
    // The web widget runs in the business's pages: browser globals, no imports from the app.
    files: ['widget/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests read untyped JSON bodies and Pusher payloads: `any` there keeps assertions terse, and the assertions
    // themselves check the shape at run time. Production code stays without `any`.
    files: ['tests/**', 'e2e/**', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.{ts,tsx}' }],
      'boundaries/legacy-templates': false,
      // Element patterns are relative to the repository root, wherever ESLint runs from.
      'boundaries/root-path': root,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'import/resolver': {
        typescript: { project: `${root}/tsconfig.json`, alwaysTryTypes: true },
      },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: dependencyPolicies }],
    },
  },
  {
    // contracts/ is shared by both halves, so it imports nothing but zod (and other contracts files).
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod(/|$)|\\./)',
              message: 'contracts/ imports only zod and other contracts files.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
