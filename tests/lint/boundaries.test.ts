// Proves the ESLint config enforces ARCHITECTURE.md's dependency directions and the ban on focused or skipped
// tests: snippets are linted as if they sat at a path in the repository (ESLint's lintText with a filePath), so
// a config change that silently stops a boundary from biting fails here.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

/** Only messages of one rule, so the test says exactly which check answered. */
async function lintRule(rule: string, filePath: string, code: string) {
  return (await lint(filePath, code)).filter((m) => m.rule === rule);
}

/**
 * A real module of some feature: the boundaries plugin classifies an import by the file it resolves to, so the
 * target must exist. Picked at run time because features are being reorganised and any one will do.
 */
function someFeatureModule(): { feature: string; specifier: string } {
  const featuresDir = path.join(root, 'src/features');
  for (const feature of readdirSync(featuresDir).sort()) {
    const file = readdirSync(path.join(featuresDir, feature)).find((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));
    if (file) return { feature, specifier: `@/features/${feature}/${file.replace(/\.tsx?$/, '')}` };
  }
  throw new Error('no feature module found under src/features');
}

describe('dependency directions (boundaries/dependencies)', () => {
  it('forbids a feature importing another feature', async () => {
    const target = someFeatureModule();
    const messages = await lintRule(
      'boundaries/dependencies',
      'src/features/lint-probe/x.ts',
      `import * as other from '${target.specifier}';\nexport const y = other;\n`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain(`src/features/lint-probe must not import src/features/${target.feature}`);
  });

  it('lets a feature import its own files, shared SPA code and contracts', async () => {
    const target = someFeatureModule();
    const code = [
      `import * as own from '${target.specifier}';`,
      "import { cx } from '@/lib/cx';",
      "import type { Role } from '../../../contracts/roles';",
      'export const y: [unknown, unknown, Role | null] = [own, cx, null];',
      '',
    ].join('\n');
    expect(await lint(`src/features/${target.feature}/lint-probe.ts`, code)).toEqual([]);
  });

  it('forbids the SPA importing db/ or api/', async () => {
    const db = await lintRule('boundaries/dependencies', 'src/lib/x.ts', "import { openDatabase } from '../../db/client';\nexport const y = openDatabase;\n");
    expect(db).toHaveLength(1);
    expect(db[0]?.message).toMatch(/"spa" to elements of type "db"/);
    const api = await lintRule('boundaries/dependencies', 'src/components/x.ts', "import { db } from '../../api/_lib/db.js';\nexport const y = db;\n");
    expect(api).toHaveLength(1);
    expect(api[0]?.message).toMatch(/"spa" to elements of type "api-lib"/);
  });

  it('forbids db/ importing api/ or src/, and lets api/_lib import db/ and contracts/', async () => {
    const fromDb = await lintRule(
      'boundaries/dependencies',
      'db/x.ts',
      "import { db } from '../api/_lib/db.js';\nimport { cx } from '../src/lib/cx';\nexport const y = [db, cx];\n",
    );
    expect(fromDb.map((m) => m.message)).toEqual([
      expect.stringMatching(/"db" to elements of type "api-lib"/),
      expect.stringMatching(/"db" to elements of type "spa"/),
    ]);
    const fromLib = await lint(
      'api/_lib/x.ts',
      "import { openDatabase } from '../../db/client.js';\nimport { roleAtLeast } from '../../contracts/roles.js';\nexport const y = [openDatabase, roleAtLeast];\n",
    );
    expect(fromLib).toEqual([]);
  });

  it('keeps contracts/ to zod and other contracts files', async () => {
    const messages = await lint(
      'contracts/x.ts',
      "import { z } from 'zod';\nimport { roleAtLeast } from './roles.js';\nimport pg from 'pg';\nexport const y = [z, roleAtLeast, pg];\n",
    );
    expect(messages).toEqual([{ rule: 'no-restricted-imports', message: expect.stringContaining("'pg' import is restricted") }]);
  });

  it('lets tooling (tests/) import anything', async () => {
    const code = "import { openDatabase } from '../../db/client.js';\nimport { cx } from '../../src/lib/cx';\nexport const y = [openDatabase, cx];\n";
    expect(await lint('tests/support/lint-probe.ts', code)).toEqual([]);
  });
});

describe('no focused or skipped tests', () => {
  it('reports .only, .skip and their Playwright forms', async () => {
    const code = [
      "import { describe, it, test } from 'vitest';",
      // Assembled, so this file itself holds no focused or skipped call for a text search to find.
      `it.${'only'}('a', () => {});`,
      `describe.${'skip'}('b', () => {});`,
      `test.describe.${'only'}('c', () => {});`,
      "it('d', () => {});",
      '',
    ].join('\n');
    const messages = await lintRule('no-restricted-syntax', 'tests/api/lint-probe.test.ts', code);
    expect(messages).toHaveLength(3);
  });
});
