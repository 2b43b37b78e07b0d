// The activity log as the demo owner reads it: an agent assigns a conversation (through the API), the owner
// filters the log by that member and the "Conversation assigned" action (both land in the address and the
// subtitle), the entry reads as a sentence, and its subject's link opens the conversation. The filtered page is
// axe-clean and fits a phone's width.
import { demo, signInAsDemoOwner } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { FIRST_LOAD_TIMEOUT, InboxApi, loginViaApi } from './support/inbox';
import { expect, test } from './support/test';

test.describe('activity log', () => {
  test('filter by member and action, then follow an entry to its conversation', async ({ page, request }) => {
    const agent = await loginViaApi(request, demo.agent);
    const admin = await loginViaApi(request, demo.admin);
    const api = await InboxApi.signIn(request, demo.agent);
    const { customer, conversation } = await api.freshConversation('Activity');
    const assign = await request.patch(`/api/workspaces/${api.wid}/conversations/${conversation.id}`, {
      headers: { authorization: `Bearer ${agent.accessToken}` },
      data: { assigneeId: admin.user.id },
    });
    expect(assign.status(), await assign.text()).toBe(200);

    const wid = await signInAsDemoOwner(page);
    await page.goto(`/w/${wid}/activity`);
    const subtitle = page.getByTestId('activity-subtitle');
    await expect(subtitle).toHaveText('All activity in this workspace', { timeout: FIRST_LOAD_TIMEOUT });

    const member = page.getByLabel('Member', { exact: true });
    await expect(member.getByRole('option', { name: agent.user.name })).toBeAttached({ timeout: FIRST_LOAD_TIMEOUT });
    await member.selectOption({ label: agent.user.name });
    await expect(subtitle).toHaveText(`Everything ${agent.user.name} did`);
    await page.getByLabel('Action', { exact: true }).selectOption('conversation.assigned');
    await expect(subtitle).toHaveText(`“Conversation assigned” by ${agent.user.name}`);
    const url = new URL(page.url());
    expect(url.searchParams.get('member')).toBe(agent.user.id);
    expect(url.searchParams.get('action')).toBe('conversation.assigned');

    const label = `#${conversation.number} ${customer.name}`;
    const link = page.getByRole('link', { name: label, exact: true });
    await expect(link).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(page.locator('li[data-action]').filter({ has: link })).toContainText(`${agent.user.name} assigned ${label} to ${admin.user.name}`);
    // Every listed entry is the chosen member's chosen action.
    await expect(page.locator('li[data-action]:not([data-action="conversation.assigned"])')).toHaveCount(0);
    await expectNoAxeViolations(page, 'activity log, filtered');

    // A reload keeps the filters (they live in the address).
    await page.reload();
    await expect(subtitle).toHaveText(`“Conversation assigned” by ${agent.user.name}`, { timeout: FIRST_LOAD_TIMEOUT });

    // On a phone nothing is wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(link).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    const wide = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      const culprits = [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').slice(0, 60)}`);
      return { page: document.documentElement.scrollWidth - window.innerWidth, main: main.scrollWidth - main.clientWidth, culprits };
    });
    expect(wide.page, wide.culprits.join('; ')).toBeLessThanOrEqual(0);
    expect(wide.main, wide.culprits.join('; ')).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    await link.click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/inbox/${conversation.id}$`));
    await expect(page.getByRole('heading', { name: customer.name }).first()).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  });
});
