import { expect, test } from './support/test';

test('the SPA loads and shows the API health', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A signed-out visit sends no request bound to fail (no refresh without the session hint cookie).
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('health-status')).toHaveAttribute('data-status', 'ok');
  await page.screenshot({ path: 'e2e/screenshots/smoke-sign-in.png', fullPage: true });
  expect(errors).toEqual([]);
});
