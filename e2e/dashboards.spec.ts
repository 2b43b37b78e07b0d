// Dashboards in the browser, in a workspace of the test's own with a metric its API sent: the owner finds the
// default dashboard on the home page, builds a new dashboard of three widgets (KPI, line chart, table) from the
// editor, resizes one with the keyboard and moves another with the mouse, saves, and after a reload the layout
// is the one they left. They share it: the link opens in a fresh browser (no session) on the dashboard alone,
// with its data and no app around it; revoked, the same page says the link was revoked. Screenshots of the
// editor, the saved dashboard and the public page go to e2e/screenshots/.
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { openShop } from './support/commerce';
import { FIRST_LOAD_TIMEOUT, openTeammate, uniq } from './support/inbox';
import { expect, test } from './support/test';

const cell = (page: Page, title: string) => page.getByTestId('grid-cell').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
const layoutOf = (page: Page, title: string) => cell(page, title).getAttribute('data-layout');

async function addWidget(page: Page, widget: { kind: string; title: string; metric: string; aggregate?: string }) {
  await page.getByRole('button', { name: 'Add widget' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a widget' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Kind').selectOption({ label: widget.kind });
  await dialog.getByLabel('Metric').selectOption(widget.metric);
  await dialog.getByLabel('Title').fill(widget.title);
  if (widget.aggregate) await dialog.getByLabel('Aggregate').selectOption({ label: widget.aggregate });
  await dialog.getByRole('button', { name: 'Add widget' }).click();
  await expect(dialog).toBeHidden();
  await expect(cell(page, widget.title)).toBeVisible();
}

test.describe('dashboards', () => {
  test('build a dashboard of three widgets, resize and move them, reload, share it, open the link in a fresh browser, revoke it', async ({
    browser,
    request,
    baseURL,
  }) => {
    const shop = await openShop(request, 'dashboards');
    const wid = shop.workspace.id;
    const headers = { authorization: `Bearer ${shop.api.token}` };
    const hour = 3_600_000;
    const ingested = await request.post(`/api/workspaces/${wid}/metrics`, {
      headers,
      data: {
        points: [
          { name: 'shop.visits', value: 5, at: new Date(Date.now() - hour).toISOString() },
          { name: 'shop.visits', value: 7, at: new Date(Date.now() - 2 * 24 * hour).toISOString() },
          // Before the last 30 days: the period the KPI compares with.
          { name: 'shop.visits', value: 4, at: new Date(Date.now() - 40 * 24 * hour).toISOString() },
        ],
      },
    });
    expect(ingested.status(), await ingested.text()).toBe(202);

    const owner = await openTeammate(browser, baseURL!, shop.owner.email, 'owner', shop.owner.password);
    const { page } = owner;
    const stranger = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    try {
      // The home page is the workspace's default dashboard.
      await page.goto(`/w/${wid}`);
      await expect(page.getByRole('heading', { level: 1, name: shop.workspace.name })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(page.getByTestId('stat-card')).toHaveCount(3);
      await expect(page.getByRole('heading', { name: 'New conversations per day' })).toBeVisible();

      // A new dashboard opens in the editor.
      const name = uniq('Shop board');
      await page.getByRole('button', { name: /^Dashboard: .*\. Switch dashboard$/ }).click();
      await page.getByRole('menuitem', { name: 'New dashboard' }).click();
      const naming = page.getByRole('dialog', { name: 'New dashboard' });
      await naming.getByLabel('Dashboard name').fill(name);
      await naming.getByRole('button', { name: 'Create' }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${wid}/dashboards/[0-9a-f-]{36}\\?edit=1$`));
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page.getByText('No widgets yet')).toBeVisible();
      const dashboardId = /dashboards\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      await addWidget(page, { kind: 'KPI (total or average, with its change)', title: 'Visits', metric: 'shop.visits', aggregate: 'Sum' });
      await addWidget(page, { kind: 'Line chart', title: 'Visits per day', metric: 'shop.visits', aggregate: 'Sum' });
      await addWidget(page, { kind: 'Table', title: 'Orders by day', metric: 'orders.count', aggregate: 'Count' });
      expect(await layoutOf(page, 'Visits')).toBe('0,0,3,2');
      expect(await layoutOf(page, 'Visits per day')).toBe('0,2,6,4');
      expect(await layoutOf(page, 'Orders by day')).toBe('0,6,4,4');

      // The keyboard: the line chart's handle, Shift + arrows make it wider and taller, and it is announced.
      const handle = page.getByRole('button', { name: 'Move or resize Visits per day' });
      await handle.focus();
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowDown');
      await expect(handle).toBeFocused();
      expect(await layoutOf(page, 'Visits per day')).toBe('0,2,8,5');
      await expect(page.getByText('Visits per day: column 1, row 3, 8 columns wide, 5 rows tall')).toBeAttached();
      // Growing it pushed the table below it down.
      expect(await layoutOf(page, 'Orders by day')).toBe('0,7,4,4');

      // The mouse: the KPI dragged by its handle three columns to the right.
      const grip = page.getByRole('button', { name: 'Move or resize Visits', exact: true });
      const box = (await grip.boundingBox())!;
      const grid = (await page.getByTestId('dashboard-grid').boundingBox())!;
      const column = (grid.width + 16) / 12;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + column, box.y + box.height / 2, { steps: 4 });
      await page.mouse.move(box.x + box.width / 2 + 3 * column, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      expect(await layoutOf(page, 'Visits')).toBe('3,0,3,2');
      await expectNoAxeViolations(page, 'dashboard editor', { soft: true });
      await page.screenshot({ path: 'e2e/screenshots/dashboard-editor.png', fullPage: true });

      await page.getByRole('button', { name: 'Save layout' }).click();
      await expect(page.getByText(`${name} saved`)).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`/w/${wid}/dashboards/${dashboardId}$`));

      // After a reload the layout is the saved one, and the widgets show their data.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      expect(await layoutOf(page, 'Visits')).toBe('3,0,3,2');
      expect(await layoutOf(page, 'Visits per day')).toBe('0,2,8,5');
      expect(await layoutOf(page, 'Orders by day')).toBe('0,7,4,4');
      await expect(cell(page, 'Visits').getByTestId('kpi-value')).toHaveText('12');
      await expect(cell(page, 'Visits')).toContainText('+200%');
      await expect(cell(page, 'Visits per day').getByRole('img', { name: /^Line chart of Visits per day, \d+ days from/ })).toBeVisible();
      await expect(cell(page, 'Visits per day').locator('canvas').first()).toBeVisible();
      await expect(cell(page, 'Orders by day').getByRole('table')).toBeVisible();
      const saved = await request.get(`/api/workspaces/${wid}/dashboards/${dashboardId}`, { headers });
      // Saved in reading order, top to bottom.
      expect(((await saved.json()) as { widgets: { title: string; layout: unknown }[] }).widgets.map((w) => [w.title, w.layout])).toEqual([
        ['Visits', { x: 3, y: 0, w: 3, h: 2 }],
        ['Visits per day', { x: 0, y: 2, w: 8, h: 5 }],
        ['Orders by day', { x: 0, y: 7, w: 4, h: 4 }],
      ]);
      await expectNoAxeViolations(page, 'dashboard', { soft: true });
      await page.screenshot({ path: 'e2e/screenshots/dashboard-saved.png', fullPage: true });

      // Share it, and open the link where nobody is signed in.
      await page.getByRole('button', { name: `More actions for ${name}` }).click();
      await page.getByRole('menuitem', { name: 'Share…' }).click();
      const sharing = page.getByRole('dialog', { name: `Share ${name}` });
      await sharing.getByRole('button', { name: 'Create link' }).click();
      const link = sharing.getByLabel('Read-only link');
      await expect(link).toHaveValue(/\/d\/[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
      const url = new URL(await link.inputValue());

      const visitor = await stranger.newPage();
      await visitor.goto(url.pathname);
      await expect(visitor.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(cell(visitor, 'Visits').getByTestId('kpi-value')).toHaveText('12');
      await expect(cell(visitor, 'Visits per day').locator('canvas').first()).toBeVisible();
      await expect(cell(visitor, 'Orders by day').getByRole('table')).toBeVisible();
      expect(await layoutOf(visitor, 'Visits per day')).toBe('0,2,8,5');
      // The dashboard alone: no app frame, no sign-in, no editing.
      await expect(visitor.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
      await expect(visitor.getByRole('button', { name: /Account menu/ })).toHaveCount(0);
      await expect(visitor.getByRole('button', { name: 'Edit layout' })).toHaveCount(0);
      await expect(visitor.getByText(shop.workspace.name)).toHaveCount(0);
      await expectNoAxeViolations(visitor, 'shared dashboard', { soft: true });
      await visitor.screenshot({ path: 'e2e/screenshots/dashboard-shared.png', fullPage: true });

      // Revoked: the same page says so.
      await sharing.getByRole('button', { name: 'Revoke link' }).click();
      await expect(sharing.getByText('This dashboard is not shared.')).toBeVisible();
      await visitor.reload();
      await expect(visitor.getByRole('heading', { level: 1, name: 'This link was revoked' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(visitor.getByText('Visits per day')).toHaveCount(0);
      await visitor.screenshot({ path: 'e2e/screenshots/dashboard-revoked.png' });
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await stranger.close();
      await owner.context.close();
    }
  });
});
