// Workspace steps a person takes in the browser: the switcher in the top bar, creating a workspace, settings.
import type { Page } from '@playwright/test';
import { expect } from './test';

/** The switcher's trigger; named after the current workspace, or "Choose a workspace" when there is none. */
export const switcherButton = (page: Page, current?: string) =>
  page.getByRole('button', { name: current ? `Workspace: ${current}. Switch workspace` : /^(Workspace: .*\. Switch workspace|Choose a workspace)$/ });

/** Opens the switcher and creates a workspace; returns with the new workspace open. */
export async function createWorkspaceFromSwitcher(page: Page, name: string): Promise<void> {
  await switcherButton(page).click();
  await page.getByRole('menuitem', { name: 'Create workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create workspace' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Workspace name').fill(name);
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(dialog).toBeHidden();
  await expect(switcherButton(page, name)).toBeVisible();
}

export async function openWorkspaceSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspace settings' }).click();
  await expect(page.getByRole('heading', { name: 'Workspace settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
}

/** The members table's row that shows this email. */
export const memberRow = (page: Page, email: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
