// The command palette, the keyboard shortcuts sheet and the colour theme, as the demo owner meets them:
// Ctrl+K and a customer's name opens their page, Ctrl+K and a page's name goes there, `?` lists the shortcuts,
// and Dark survives a reload (the class on <html> and the painted background), with the palette axe-clean in
// both themes.
import type { Page } from '@playwright/test';
import { demo, signInAsDemoOwner, userMenuButton } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { FIRST_LOAD_TIMEOUT, InboxApi, uniq } from './support/inbox';
import { expect, test } from './support/test';

const palette = (page: Page) => page.getByRole('dialog', { name: 'Search or run a command' });
const paletteInput = (page: Page) => palette(page).getByRole('combobox', { name: 'Search or run a command' });

async function openPalette(page: Page) {
  await page.keyboard.press('Control+K');
  await expect(paletteInput(page)).toBeFocused({ timeout: FIRST_LOAD_TIMEOUT });
}

/** The page's painted background, as `rgb(r, g, b)`. */
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe('command palette, shortcuts and theme', () => {
  test('Ctrl+K finds a customer and a page, ? shows the shortcuts', async ({ page, request }) => {
    const api = await InboxApi.signIn(request, demo.owner);
    const customer = await api.createCustomer(uniq('Palette Person'));
    const wid = await signInAsDemoOwner(page);
    // The top bar (and its search button) loads once the first page has settled.
    const searchButton = page.getByRole('button', { name: 'Search or run a command' });
    await expect(searchButton).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });

    await openPalette(page);
    await paletteInput(page).fill(customer.name);
    const option = palette(page).getByRole('option', { name: new RegExp(`^${customer.name}`) });
    await expect(option).toBeVisible();
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/customers/${customer.id}$`));
    await expect(palette(page)).toBeHidden();
    await expect(page.getByRole('heading', { name: customer.name })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });

    // An action on the customer found: their page opens the new conversation dialog.
    await openPalette(page);
    await paletteInput(page).fill(customer.name);
    await palette(page)
      .getByRole('option', { name: `New conversation with ${customer.name}` })
      .click();
    await expect(page.getByRole('dialog', { name: 'New conversation' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/customers/${customer.id}$`));

    // Invite a member: the settings page, with the invite email field focused.
    await openPalette(page);
    await paletteInput(page).fill('invite');
    await expect(palette(page).getByRole('option', { name: 'Invite a member' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Email to invite' })).toBeFocused({ timeout: FIRST_LOAD_TIMEOUT });

    // A page by name, chosen with the arrow keys from where the list starts.
    await openPalette(page);
    await paletteInput(page).fill('orders');
    await expect(palette(page).getByRole('option', { name: /^Orders/ })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(palette(page).getByRole('option', { name: /^Orders/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/orders$`));

    // Escape closes it and focus returns to the search button that opened it.
    await searchButton.click();
    await expect(paletteInput(page)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(palette(page)).toBeHidden();
    await expect(searchButton).toBeFocused();

    // `?` outside a text field: the sheet, listing the inbox's keys too; Escape closes it.
    await page.keyboard.press('Shift+?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(sheet.getByText('Close the conversation and open the next')).toBeVisible();
    await expect(sheet.getByText('Search or run a command')).toBeVisible();
    await expectNoAxeViolations(page, 'the keyboard shortcuts sheet');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    // On a 390 px phone: the top bar's button (an icon there) opens it, and it fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    // The top bar with its search button still fits: nothing scrolls sideways.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await searchButton.click();
    await expect(paletteInput(page)).toBeFocused();
    const box = await palette(page).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await paletteInput(page).fill('customers');
    await palette(page)
      .getByRole('option', { name: /^Customers/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/customers$`));
  });

  test('Dark is kept across a reload, and the palette is axe-clean in both themes', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await signInAsDemoOwner(page);
    await expect(page.getByRole('button', { name: 'Search or run a command' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    const light = await bodyBackground(page);
    expect(light).toBe('rgb(246, 246, 247)');

    await openPalette(page);
    await expectNoAxeViolations(page, 'the palette, light');
    // The theme as a palette action.
    await paletteInput(page).fill('theme dark');
    await expect(palette(page).getByRole('option', { name: 'Switch theme: dark' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect(await bodyBackground(page)).toBe('rgb(14, 14, 17)');

    await page.reload();
    // Applied before the app's script runs: the splash is already dark.
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect(await bodyBackground(page)).toBe('rgb(14, 14, 17)');
    await expect(page.getByRole('button', { name: 'Search or run a command' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await openPalette(page);
    await expectNoAxeViolations(page, 'the palette, dark');
    await page.keyboard.press('Escape');

    // The user menu shows the choice and takes it back to System (the system here is light).
    await userMenuButton(page).click();
    await expect(page.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
    await page.getByRole('menuitemradio', { name: 'System' }).click();
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
    expect(await bodyBackground(page)).toBe(light);
    await page.reload();
    await expect(page.locator('html')).not.toHaveClass(/\b(dark|light)\b/);
  });
});
