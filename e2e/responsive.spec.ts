// Every signed-in page on a phone (390×844, touch) and a tablet (768×1024): nothing wider than the screen, axe
// clean, controls big enough to touch; the navigation drawer; the inbox as list → thread → back on a phone; and
// the desktop frame (1440×900) as it was. The pages are the ones the app's own navigation links to: the
// sidebar's entries and the workspace settings' tabs, read from the page rather than listed here. Screenshots
// of every page at 390 and 1440 go to e2e/screenshots/responsive/.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { signInAsDemoOwner, demo } from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { composer, conversationItems, conversationLink, InboxApi, messagesWithText, threadList, uniq, FIRST_LOAD_TIMEOUT } from './support/inbox';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };
const DESKTOP = { width: 1440, height: 900 };

const menuButton = (page: Page) => page.getByRole('button', { name: 'Open navigation' });
const sidebar = (page: Page) => page.locator('#app-sidebar');

/** Opens `path` inside the running app, as a link would (a full load per page would take most of the test's time). */
async function visit(page: Page, path: string): Promise<void> {
  const heading = page.getByRole('main').locator('h1').first();
  const before = (await heading.count()) ? await heading.textContent() : null;
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await expect(page).toHaveURL(path);
  // The new page has replaced the old one once its heading differs (pages of one kind may share a heading).
  await expect(heading)
    .not.toHaveText(before ?? '', { timeout: 5_000 })
    .catch(() => undefined);
}

/** Waits until the page shows its content: a level-1 heading in main and no loading indicator left. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('main').locator('h1').first()).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  await expect(page.getByRole('status').filter({ hasText: /Loading/ })).toHaveCount(0);
}

/**
 * Every page the navigation offers the demo owner (who sees them all): the sidebar's links and the workspace
 * settings' tabs, as paths. Read at the desktop width, where the sidebar is on screen.
 */
async function navigationPaths(page: Page): Promise<string[]> {
  // The workspace's entries come once the workspace has loaded (the account's are there before).
  await expect(sidebar(page).locator('a[href$="/settings"]')).toHaveCount(1, { timeout: FIRST_LOAD_TIMEOUT });
  const hrefs = await sidebar(page)
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const settings = hrefs.find((href) => /^\/w\/[^/]+\/settings$/.test(href));
  expect(settings, `a Settings entry among ${hrefs.join(', ')}`).toBeTruthy();
  await visit(page, settings!);
  const tabs = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link');
  await expect(tabs.nth(1)).toBeVisible();
  const tabHrefs = await tabs.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return [...new Set([...hrefs, ...tabHrefs])];
}

const label = (path: string) =>
  path
    .replace(/^\/w\/[^/]+/, '')
    .replace(/^\//, '')
    .replace(/\//g, '-') || 'dashboard';

/**
 * What sticks out past the right edge of the screen, or makes the page's content area scroll sideways. A table
 * or code block that scrolls inside its own container is fine: only what the page itself would scroll for counts.
 */
async function horizontalOverflow(page: Page): Promise<{ documentWidth: number; mainWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    const innerWidth = window.innerWidth;
    // Whether an ancestor that scrolls or clips holds it (an absolutely positioned element escapes the
    // ancestors below its containing block).
    const clipped = (el: Element): boolean => {
      const absolute = getComputedStyle(el).position === 'absolute';
      const start = absolute && el instanceof HTMLElement ? el.offsetParent : el.parentElement;
      for (let p = start; p && p !== main && p !== document.body; p = p.parentElement) {
        const { overflowX } = getComputedStyle(p);
        if (overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= innerWidth + 1 || clipped(el)) continue;
      if (getComputedStyle(el).position === 'fixed') continue;
      culprits.push(`${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').slice(0, 80)} (right ${Math.round(rect.right)})`);
      if (culprits.length >= 5) break;
    }
    return { documentWidth: document.documentElement.scrollWidth, mainWidth: main.scrollWidth - main.clientWidth, innerWidth, culprits };
  });
}

async function expectNoHorizontalScroll(page: Page, what: string): Promise<void> {
  const result = await horizontalOverflow(page);
  expect
    .soft(result.documentWidth, `${what}: the document is ${result.documentWidth}px wide on a ${result.innerWidth}px screen; ${result.culprits.join('; ')}`)
    .toBeLessThanOrEqual(result.innerWidth);
  expect.soft(result.mainWidth, `${what}: the page's content scrolls sideways by ${result.mainWidth}px; ${result.culprits.join('; ')}`).toBeLessThanOrEqual(0);
}

for (const { name, viewport, shots } of [
  { name: 'phone', viewport: PHONE, shots: true },
  { name: 'tablet', viewport: TABLET, shots: false },
] as const) {
  test.describe(`${name} ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, hasTouch: true });

    test('every page of the navigation fits the screen and has no axe violations', async ({ page }) => {
      test.setTimeout(480_000);
      await page.setViewportSize(DESKTOP);
      await signInAsDemoOwner(page);
      const paths = await navigationPaths(page);
      expect(paths.length, paths.join(', ')).toBeGreaterThan(10);
      await page.setViewportSize(viewport);
      expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'a touch screen').toBe(true);

      for (const path of paths) {
        await test.step(path, async () => {
          await visit(page, path);
          await settled(page);
          await expectNoHorizontalScroll(page, `${label(path)} at ${viewport.width}px`);
          await expectNoAxeViolations(page, `${label(path)} at ${viewport.width}px`, { soft: true });
          if (shots) await page.screenshot({ path: `e2e/screenshots/responsive/${label(path)}-${viewport.width}.png` });
        });
      }

      // Touch targets: the drawer's entries and the top bar's buttons are at least 44 px tall.
      // (At 768 px and up the sidebar is beside the page: no drawer to open.)
      if (viewport.width < 768) await menuButton(page).click();
      const heights = await sidebar(page)
        .locator('a, button')
        .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height)).filter((height) => height > 0));
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
      const banner = await page
        .getByRole('banner')
        .getByRole('button')
        .evaluateAll((els) => els.map((el) => [el.getAttribute('aria-label') ?? el.textContent, Math.round(el.getBoundingClientRect().height)] as const));
      for (const [button, height] of banner.filter(([, h]) => h > 0)) expect.soft(height, `${button} in the top bar`).toBeGreaterThanOrEqual(44);
    });
  });
}

test.describe('phone 390×844', () => {
  test.use({ viewport: PHONE, hasTouch: true });

  test('the navigation is a drawer: menu button, focus in and back, Escape, backdrop, navigating', async ({ page }) => {
    const wid = await signInAsDemoOwner(page);
    const button = menuButton(page);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toHaveAttribute('aria-controls', 'app-sidebar');
    await expect(sidebar(page)).toBeHidden();
    // The page gets the whole width.
    const main = await page.getByRole('main').boundingBox();
    expect(main?.x).toBe(0);
    expect(main?.width).toBe(PHONE.width);

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(sidebar(page)).toBeVisible();
    await expect(sidebar(page).locator(':focus')).toHaveCount(1);
    await expectNoAxeViolations(page, 'open drawer at 390px');
    await page.screenshot({ path: 'e2e/screenshots/responsive/drawer-390.png' });
    await page.keyboard.press('Escape');
    await expect(sidebar(page)).toBeHidden();
    await expect(button).toBeFocused();

    await button.click();
    await expect(sidebar(page)).toBeVisible();
    await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
    await expect(sidebar(page)).toBeHidden();
    await expect(button).toBeFocused();

    await button.click();
    await sidebar(page).getByRole('link', { name: 'Customers' }).click();
    await expect(page).toHaveURL(`/w/${wid}/customers`);
    await expect(sidebar(page)).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  test('the inbox: list → conversation → reply → Back → list', async ({ page, request }) => {
    const api = await InboxApi.signIn(request, demo.owner);
    const { conversation } = await api.freshConversation('Phone');
    const question = uniq('Is my order on its way?');
    await api.postMessage(conversation.id, question, { senderType: 'customer' });

    await signInAsDemoOwner(page);
    await page.goto(`/w/${api.wid}/inbox`);
    const list = page.getByRole('region', { name: 'Conversations' });
    await expect(list).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(conversationItems(page).first()).toBeVisible();
    expect((await list.boundingBox())?.width).toBe(PHONE.width);
    await expectNoHorizontalScroll(page, 'inbox list at 390px');
    await page.screenshot({ path: 'e2e/screenshots/responsive/inbox-list-390.png' });

    await conversationLink(page, conversation.id).click();
    await expect(page).toHaveURL(new RegExp(`/inbox/${conversation.id}`));
    await expect(list).toBeHidden();
    await expect(messagesWithText(page, question)).toBeVisible();
    const reply = uniq('Yes, it left this morning.');
    await composer(page).fill(reply);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(threadList(page).getByTestId('message').filter({ hasText: reply })).toBeVisible();
    // The composer and its Send button stay on screen, under the thread.
    const send = await page.getByRole('button', { name: 'Send', exact: true }).boundingBox();
    expect(send && send.y + send.height).toBeLessThanOrEqual(PHONE.height);
    await expectNoHorizontalScroll(page, 'inbox thread at 390px');
    await expectNoAxeViolations(page, 'inbox thread at 390px', { soft: true });
    await page.screenshot({ path: 'e2e/screenshots/responsive/inbox-thread-390.png' });

    // Details: a panel over the thread, opened from its header.
    await page.getByRole('button', { name: 'Show customer details' }).click();
    const details = page.getByRole('complementary', { name: 'Customer details' });
    await expect(details).toBeVisible();
    expect((await details.boundingBox())?.width).toBe(PHONE.width);
    await page.screenshot({ path: 'e2e/screenshots/responsive/inbox-details-390.png' });
    await details.getByRole('button', { name: 'Hide customer details' }).click();
    await expect(details).toBeHidden();

    await page.getByRole('link', { name: 'Back to conversations' }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${api.wid}/inbox$`));
    await expect(list).toBeVisible();
    await expect(conversationItems(page).filter({ hasText: reply })).toBeVisible();
  });
});

test.describe('tablet 768×1024', () => {
  test.use({ viewport: TABLET, hasTouch: true });

  test('the inbox shows the list beside the thread, the details over it', async ({ page, request }) => {
    const api = await InboxApi.signIn(request, demo.owner);
    const { conversation } = await api.freshConversation('Tablet');
    await signInAsDemoOwner(page);
    await page.goto(`/w/${api.wid}/inbox/${conversation.id}`);
    await expect(page.getByRole('region', { name: 'Conversations' })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(composer(page)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to conversations' })).toBeHidden();
    await page.getByRole('button', { name: 'Show customer details' }).click();
    await expect(page.getByRole('complementary', { name: 'Customer details' })).toBeVisible();
    await expectNoHorizontalScroll(page, 'inbox with details at 768px');
    await page.screenshot({ path: 'e2e/screenshots/responsive/inbox-details-768.png' });
  });
});

test.describe('desktop 1440×900', () => {
  test.use({ viewport: DESKTOP });

  test('the sidebar is beside the page as before, and every page fits', async ({ page }) => {
    test.setTimeout(240_000);
    await signInAsDemoOwner(page);
    await expect(sidebar(page)).toBeVisible();
    await expect(menuButton(page)).toBeHidden();
    const box = await sidebar(page).boundingBox();
    expect(box).toMatchObject({ x: 0, width: 224 });
    expect((await page.getByRole('main').boundingBox())?.x).toBe(224);

    for (const path of await navigationPaths(page)) {
      await test.step(path, async () => {
        await visit(page, path);
        await settled(page);
        await expect(sidebar(page)).toBeVisible();
        await expectNoHorizontalScroll(page, `${label(path)} at 1440px`);
        await page.screenshot({ path: `e2e/screenshots/responsive/${label(path)}-1440.png` });
      });
    }
  });
});
