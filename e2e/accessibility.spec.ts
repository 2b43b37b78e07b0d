// axe-core on the main pages, in the light and the dark theme (the app follows the system's), expecting no
// violations. Each page is checked once it shows its content, not its loading state.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { DEMO_WORKSPACE, signInAsDemoOwner, userMenuButton } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { switcherButton } from './support/workspaces';

/** Waits until no loading indicator is left in the page (spinners are role=status with a "Loading…" label). */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('sign-in and register pages have no axe violations', async ({ page }) => {
      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
      await expect(page.getByTestId('health-status')).toHaveAttribute('data-status', 'ok');
      await expectNoAxeViolations(page, `sign-in (${colorScheme})`);

      // With inline errors showing, too.
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Enter your email')).toBeVisible();
      await expectNoAxeViolations(page, `sign-in with errors (${colorScheme})`);

      await page.goto('/register');
      await expect(page.getByRole('heading', { name: 'Create your account', level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, `register (${colorScheme})`);
    });

    test('the top bar’s menus and the create-workspace dialog have no axe violations', async ({ page }) => {
      await signInAsDemoOwner(page);

      await switcherButton(page, DEMO_WORKSPACE).click();
      await expect(page.getByRole('menuitemradio', { name: new RegExp(DEMO_WORKSPACE) })).toBeVisible();
      await expectNoAxeViolations(page, `workspace switcher menu (${colorScheme})`, { soft: true });
      await page.screenshot({ path: `e2e/screenshots/workspace-switcher-${colorScheme}.png` });

      await page.getByRole('menuitem', { name: 'Create workspace' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create workspace' });
      await expect(dialog.getByLabel('Workspace name')).toBeFocused();
      await expectNoAxeViolations(page, `create-workspace dialog (${colorScheme})`, { soft: true });
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(switcherButton(page, DEMO_WORKSPACE)).toBeFocused();

      // The user menu by keyboard: opens with Enter, arrows move, Escape closes and gives focus back.
      await userMenuButton(page).focus();
      await page.keyboard.press('Enter');
      const menu = page.getByRole('menu');
      await expect(menu.getByRole('menuitem', { name: 'Account settings' })).toBeFocused();
      // Then the theme (System, the default, checked), and Sign out at the end.
      await page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitemradio', { name: 'System' })).toBeFocused();
      await expect(menu.getByRole('menuitemradio', { name: 'System' })).toHaveAttribute('aria-checked', 'true');
      await page.keyboard.press('End');
      await expect(menu.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
      await expectNoAxeViolations(page, `user menu (${colorScheme})`, { soft: true });
      await page.screenshot({ path: `e2e/screenshots/user-menu-${colorScheme}.png` });
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(userMenuButton(page)).toBeFocused();
    });

    test('the demo owner’s pages have no axe violations', async ({ page }) => {
      const wid = await signInAsDemoOwner(page);

      const pages: { label: string; path: string; ready: (page: Page) => Promise<void> }[] = [
        {
          label: 'dashboard',
          path: `/w/${wid}`,
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: DEMO_WORKSPACE, level: 1 })).toBeVisible();
            await expect(p.getByTestId('stat-card').first()).toBeVisible();
          },
        },
        {
          label: 'workspace settings',
          path: `/w/${wid}/settings`,
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: 'Workspace settings', level: 1 })).toBeVisible();
            await expect(p.getByRole('table')).toBeVisible();
          },
        },
        {
          label: 'account settings',
          path: '/settings/account',
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();
            await expect(p.getByText('Current', { exact: true })).toBeVisible();
          },
        },
        {
          label: 'activity',
          path: `/w/${wid}/activity`,
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
            // The seeded workspace may have no activity yet; either state is a page to check.
            const rows = p.getByRole('main').getByRole('listitem');
            await expect(rows.first().or(p.getByRole('heading', { name: 'No activity yet' }))).toBeVisible();
          },
        },
        {
          label: 'inbox',
          path: `/w/${wid}/inbox`,
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible();
          },
        },
        {
          label: 'customers',
          path: `/w/${wid}/customers`,
          ready: async (p) => {
            await expect(p.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
          },
        },
      ];

      // Every page is checked even if an earlier one fails, so one run reports them all.
      for (const { label, path, ready } of pages) {
        await test.step(label, async () => {
          await page.goto(path);
          await ready(page);
          await settled(page);
          await expectNoAxeViolations(page, `${label} (${colorScheme})`, { soft: true });
        });
      }
    });
  });
}
