// The task board in the browser, in a workspace of the test's own: the owner opens a project's board from the
// project page's Tasks panel, adds tasks at the bottom of a column, drags one to another column with the mouse
// and reorders one with the keyboard alone, while an agent in a second browser watches the same board follow
// each move live. Screenshots of the board at desktop and phone sizes go to e2e/screenshots/.
import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { joinShop, openShop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, openTeammate, subscribed, uniq, type Teammate } from './support/inbox';
import { expect, test } from './support/test';

/** A live change reaches the other browser within this (the outbox, Pusher, the cache update). */
const LIVE = 2_000;

const column = (page: Page, status: 'pending' | 'in_progress' | 'completed') => page.getByTestId(`column-${status}`);
const cards = (page: Page, status: 'pending' | 'in_progress' | 'completed') => column(page, status).getByTestId('task-card');
const titlesIn = (page: Page, status: 'pending' | 'in_progress' | 'completed') => cards(page, status).getByRole('link');

async function openBoard(teammate: Teammate, wid: string, projectId: string) {
  const since = teammate.frames.length;
  await teammate.page.goto(`/w/${wid}/projects/${projectId}/board`);
  await expect(column(teammate.page, 'pending')).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await subscribed(teammate, `private-workspace-${wid}`, since);
}

/** Drags `card` with the mouse to the middle of `target`, in small steps as a hand would. */
async function drag(page: Page, card: Locator, target: Locator) {
  const from = (await card.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 12);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 20, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

test.describe('task board', () => {
  test('cards added, dragged across columns with the mouse and reordered with the keyboard, live in a second browser', async ({
    browser,
    request,
    baseURL,
  }) => {
    const shop = await openShop(request, 'kanban');
    const wid = shop.workspace.id;
    const agentMember = await joinShop(request, shop, 'agent');
    const name = uniq('Shop fit-out');
    const created = await request.post(`/api/workspaces/${wid}/projects`, { headers: { authorization: `Bearer ${shop.api.token}` }, data: { name } });
    expect(created.status(), await created.text()).toBe(201);
    const project = (await created.json()) as { id: string };

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const agent = await openTeammate(browser, baseURL!, agentMember.account.email, 'agent', agentMember.account.password);
    const { page } = owner;
    try {
      // The project page's Tasks panel leads to the board.
      await page.goto(`/w/${wid}/projects/${project.id}`);
      const panel = page.getByTestId('project-tasks-panel');
      await expect(panel).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(panel).toContainText('No tasks yet');
      await panel.getByRole('link', { name: 'Open board' }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${wid}/projects/${project.id}/board$`));
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await subscribed(owner, `private-workspace-${wid}`);
      await openBoard(agent, wid, project.id);

      // Quick add at the bottom of Pending: three cards, in order, on both boards.
      await column(page, 'pending').getByRole('button', { name: 'Add a task' }).click();
      const input = column(page, 'pending').getByLabel('New task in Pending');
      for (const title of ['Measure the counter', 'Order the tiles', 'Paint the walls']) {
        await input.fill(title);
        await input.press('Enter');
        await expect(titlesIn(page, 'pending').last()).toHaveText(title);
      }
      await input.press('Escape');
      await expect(titlesIn(page, 'pending')).toHaveText(['Measure the counter', 'Order the tiles', 'Paint the walls']);
      await expect(titlesIn(agent.page, 'pending')).toHaveText(['Measure the counter', 'Order the tiles', 'Paint the walls'], { timeout: LIVE });
      await expect(column(page, 'pending').getByRole('heading', { name: 'Pending' })).toBeVisible();
      await expect(column(page, 'pending')).toContainText('3');

      // Details set elsewhere (the task's page, the API) show on the cards of both boards: priority, assignee, due date.
      const auth = { authorization: `Bearer ${shop.api.token}` };
      const employee = await request.post(`/api/workspaces/${wid}/employees`, { headers: auth, data: { name: 'Ava Agent' } });
      expect(employee.status(), await employee.text()).toBe(201);
      const tasks = (await (await request.get(`/api/workspaces/${wid}/tasks?projectId=${project.id}&sort=position`, { headers: auth })).json()) as {
        data: { id: string; title: string }[];
      };
      const idOf = (title: string) => tasks.data.find((t) => t.title === title)!.id;
      for (const [title, data] of [
        ['Measure the counter', { priority: 'urgent', dueDate: '2020-02-01', assigneeEmployeeId: ((await employee.json()) as { id: string }).id }],
        ['Paint the walls', { priority: 'high', dueDate: '2030-05-01' }],
      ] as const) {
        const res = await request.patch(`/api/workspaces/${wid}/tasks/${idOf(title)}`, { headers: auth, data });
        expect(res.status(), await res.text()).toBe(200);
      }
      const measured = cards(agent.page, 'pending').filter({ hasText: 'Measure the counter' });
      await expect(measured).toContainText('Urgent', { timeout: LIVE });
      await expect(measured).toContainText('(overdue)');
      await expect(cards(page, 'pending').filter({ hasText: 'Paint the walls' })).toContainText('May 1, 2030', { timeout: LIVE });
      await page.reload();
      await expect(cards(page, 'pending').filter({ hasText: 'Measure the counter' })).toContainText('Ava Agent', { timeout: FIRST_LOAD_TIMEOUT });

      // The mouse: "Order the tiles" to In progress (an empty column).
      await drag(page, cards(page, 'pending').filter({ hasText: 'Order the tiles' }), column(page, 'in_progress'));
      await expect(titlesIn(page, 'in_progress')).toHaveText(['Order the tiles']);
      await expect(titlesIn(page, 'pending')).toHaveText(['Measure the counter', 'Paint the walls']);
      await expect(titlesIn(agent.page, 'in_progress')).toHaveText(['Order the tiles'], { timeout: LIVE });
      await expect(titlesIn(agent.page, 'pending')).toHaveText(['Measure the counter', 'Paint the walls']);

      // The keyboard: "Paint the walls" up above "Measure the counter" with its handle, space and the arrow keys.
      const handle = page.getByRole('button', { name: 'Move Paint the walls' });
      await handle.focus();
      await page.keyboard.press('Space');
      await expect(page.locator('[id^="DndLiveRegion"]')).toContainText('Picked up “Paint the walls”');
      await page.keyboard.press('ArrowUp');
      await page.waitForTimeout(250);
      await page.keyboard.press('Space');
      await expect(titlesIn(page, 'pending')).toHaveText(['Paint the walls', 'Measure the counter']);
      await expect(handle).toBeFocused();
      await expect(titlesIn(agent.page, 'pending')).toHaveText(['Paint the walls', 'Measure the counter'], { timeout: LIVE });

      // The server keeps that order: a reload shows it.
      await page.reload();
      await expect(titlesIn(page, 'pending')).toHaveText(['Paint the walls', 'Measure the counter'], { timeout: FIRST_LOAD_TIMEOUT });
      await expect(titlesIn(page, 'in_progress')).toHaveText(['Order the tiles']);

      // A click on a card's title opens the task's page.
      await expect(cards(page, 'in_progress').getByRole('link', { name: 'Order the tiles' })).toHaveAttribute('href', new RegExp(`/w/${wid}/tasks/`));

      await expectNoAxeViolations(page, 'the task board');
      await page.screenshot({ path: 'e2e/screenshots/board-desktop.png' });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(column(page, 'pending')).toBeVisible();
      await page.screenshot({ path: 'e2e/screenshots/board-phone.png' });

      // The project page's panel counts the board's columns.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`/w/${wid}/projects/${project.id}`);
      await expect(panel).toContainText('Paint the walls', { timeout: FIRST_LOAD_TIMEOUT });
      await expect(panel.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
      await expectNoAxeViolations(page, "the project page's Tasks panel");
      await page.screenshot({ path: 'e2e/screenshots/project-tasks-panel.png' });

      expect(owner.pageErrors).toEqual([]);
      expect(agent.pageErrors).toEqual([]);
    } finally {
      await owner.context.close();
      await agent.context.close();
    }
  });

  test('my tasks: how to link an employee, then the tasks of the linked one', async ({ browser, request, baseURL }) => {
    const shop = await openShop(request, 'my-tasks');
    const wid = shop.workspace.id;
    const auth = { authorization: `Bearer ${shop.api.token}` };
    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const { page } = owner;
    try {
      await page.goto(`/w/${wid}/tasks/mine`);
      await expect(page.getByText('You are not linked to an employee yet')).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByRole('link', { name: 'Go to employees' })).toBeVisible();

      const employee = await request.post(`/api/workspaces/${wid}/employees`, { headers: auth, data: { name: 'Olive Owner', userId: owner.user.id } });
      expect(employee.status(), await employee.text()).toBe(201);
      const employeeId = ((await employee.json()) as { id: string }).id;
      for (const [title, status, dueDate] of [
        ['Call the supplier', 'in_progress', '2020-01-10'],
        ['Send the quote', 'pending', null],
      ] as const) {
        const res = await request.post(`/api/workspaces/${wid}/tasks`, { headers: auth, data: { title, status, dueDate, assigneeEmployeeId: employeeId } });
        expect(res.status(), await res.text()).toBe(201);
      }
      await page.reload();
      await expect(page.getByText('Assigned to Olive Owner')).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      const inProgress = page.getByRole('region', { name: /In progress/ });
      await expect(inProgress.getByRole('link', { name: 'Call the supplier' })).toBeVisible();
      await expect(inProgress).toContainText('Overdue');
      await expect(page.getByRole('region', { name: /Pending/ }).getByRole('link', { name: 'Send the quote' })).toBeVisible();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'My tasks' })).toBeVisible();
      await expectNoAxeViolations(page, 'my tasks');
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await owner.context.close();
    }
  });
});
