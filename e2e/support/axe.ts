// axe-core on the page as it stands, failing with each violation's rule, impact, help and the elements it
// names, so a failure says what to fix and where.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './test';

type Results = Awaited<ReturnType<AxeBuilder['analyze']>>;

export function describeViolations(violations: Results['violations']): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`).join('\n');
      return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/** `soft`: record the failure and go on, so one run reports every page's violations. */
export async function expectNoAxeViolations(page: Page, label: string, { soft = false } = {}): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const report = describeViolations(results.violations);
  if (report) console.log(`axe violations on ${label}:\n${report}`);
  (soft ? expect.soft : expect)(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe violations on ${label}:\n${report}`,
  ).toEqual([]);
}
