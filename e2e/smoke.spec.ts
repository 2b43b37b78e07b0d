import { expect, test } from '@playwright/test';

test('the SPA loads and shows the API health', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('health-status')).toContainText('ok');
  await page.screenshot({ path: 'e2e/screenshots/smoke-sign-in.png', fullPage: true });
  expect(errors).toEqual([]);
});
