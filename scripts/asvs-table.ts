// Prints the security suite's OWASP ASVS table as Markdown (requirement, test file, status), from the rows in
// tests/security/asvs/. With a vitest JSON report (npx vitest run --project security --project api
// --reporter=json --outputFile=report.json), the status is each test's result; without one, what proves the row.
//
//   npx tsx scripts/asvs-table.ts [report.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asvsChapters, testName } from '../tests/security/asvs/index.js';

interface Report {
  testResults: { name: string; status: string; assertionResults: { title: string; status: string }[] }[];
}

const reportPath = process.argv[2];
const report = reportPath ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
const root = path.resolve(import.meta.dirname, '..');

/** The result of one test (by title) in a test file, from the report. */
function resultOf(file: string, title: string): string | undefined {
  const suite = report?.testResults.find((r) => path.relative(root, r.name) === file);
  return suite?.assertionResults.find((a) => a.title === title)?.status;
}

/** The result of a whole test file, from the report. */
function fileResult(file: string): string | undefined {
  const suite = report?.testResults.find((r) => path.relative(root, r.name) === file);
  if (!suite) return undefined;
  return suite.assertionResults.every((a) => a.status === 'passed' || a.status === 'skipped') && suite.status === 'passed' ? 'passed' : 'failed';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const status = (result: string | undefined, fallback: string) => (result === 'passed' ? '✅ passes' : result ? `❌ ${result}` : fallback);

const lines = ['| ASVS 4.0 | requirement | test file | status |', '| --- | --- | --- | --- |'];
for (const { file, rows } of asvsChapters) {
  for (const row of rows) {
    const [where, state] = row.gap
      ? ['—', `⚠️ gap: ${row.gap}`]
      : row.coveredBy
        ? [row.coveredBy, status(fileResult(row.coveredBy), 'tested')]
        : [file, status(resultOf(file, testName(row)), 'tested')];
    lines.push(`| ${row.id} | ${cell(row.requirement)} | \`${where}\` | ${cell(state)} |`);
  }
}
console.log(lines.join('\n'));
