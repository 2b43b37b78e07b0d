// Settings → Channels as the demo owner: the demo workspace's channels (its web widget and its Telegram bot) are
// listed; a new web widget is connected for an allowed origin and its embed code (with the widget's public key)
// is shown with a button that copies it; a Telegram bot with a token Telegram refuses (the local Bot API
// stand-in `npm run dev` starts) is not connected, and the form says where to get a valid token; the new widget
// is disconnected after its confirmation. The page is axe clean throughout.
import type { Page } from '@playwright/test';
import type { ConnectedChannel } from '../contracts/channels';
import { expectNoAxeViolations } from './support/axe';
import { FIRST_LOAD_TIMEOUT, InboxApi, loginViaApi, openTeammate, uniq, type Teammate } from './support/inbox';
import { demo } from './support/accounts';
import { expect, test } from './support/test';

const channelsTable = (page: Page) => page.getByRole('table', { name: 'Channels' });
const channelRow = (page: Page, name: string) =>
  channelsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });

test('the owner lists the demo channels, connects a web widget and copies its embed code, is told what to do about a refused Telegram token, and disconnects the widget', async ({
  browser,
  request,
  baseURL,
}) => {
  const { wid } = await InboxApi.signIn(request, demo.owner);
  const { accessToken } = await loginViaApi(request, demo.owner);
  let owner: Teammate | undefined;
  try {
    owner = await openTeammate(browser, baseURL!, demo.owner, 'owner');
    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
    const { page } = owner;

    // Settings → Channels.
    await page.goto(`/w/${wid}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspace settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Channels' }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/settings/channels$`));
    await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    await expect(channelsTable(page)).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
    const website = channelRow(page, 'Website chat');
    await expect(website).toHaveCount(1);
    await expect(website).toContainText('Web widget');
    await expect(website).toContainText('Connected');
    const telegram = channelsTable(page).getByRole('row').filter({ hasText: 'Telegram @acme_coffee_bot' });
    await expect(telegram).toHaveCount(1);
    await expect(telegram).toContainText('Connected');
    await expectNoAxeViolations(page, 'Settings → Channels');
    await page.screenshot({ path: 'e2e/screenshots/channels-list.png' });

    // Connect a web widget for one site.
    const widgetName = uniq('E2E Shop chat');
    await page.getByRole('button', { name: 'Connect a channel' }).click();
    let dialog = page.getByRole('dialog', { name: 'Connect a channel' });
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page, 'Connect a channel');
    await dialog.getByRole('button', { name: /^Web widget/ }).click();
    dialog = page.getByRole('dialog', { name: 'Connect Web widget' });
    await expect(dialog.getByLabel('Name')).toHaveValue('Website chat');
    await dialog.getByLabel('Name').fill(widgetName);
    // No origin: the form says what to add.
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dialog.getByText('Add the site that will show the widget (e.g. https://shop.example.com)')).toBeVisible();
    await dialog.getByLabel('Allowed origins').fill('https://shop.example.test');
    await expectNoAxeViolations(page, 'Connect Web widget');
    const created = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${wid}/channels`) && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    const channel = (await answer.json()) as ConnectedChannel;
    expect(channel.publicKey).toBeTruthy();
    expect(channel.settings.allowedOrigins).toEqual(['https://shop.example.test']);
    await expect(dialog).toHaveCount(0);

    // Its embed code, with its public key, and a button that copies it.
    await expect(page.getByRole('heading', { name: `Your web widget “${widgetName}” is ready` })).toBeVisible();
    const snippet = `<script src="${baseURL}/widget.js" data-key="${channel.publicKey}" async></script>`;
    await expect(page.getByRole('region', { name: 'Widget embed code' })).toHaveText(snippet);
    await page.getByRole('button', { name: 'Copy Widget embed code' }).click();
    await expect(page.getByText('Copied', { exact: true }).first()).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await expectNoAxeViolations(page, 'Channels with a new web widget');
    await page.screenshot({ path: 'e2e/screenshots/channels-widget-created.png' });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(channelRow(page, widgetName)).toContainText('Connected');

    // A Telegram bot with a token Telegram refuses: nothing is connected, and the field says what to do.
    const channelsBefore = await channelsTable(page).getByRole('row').count();
    await page.getByRole('button', { name: 'Connect a channel' }).click();
    await page
      .getByRole('dialog', { name: 'Connect a channel' })
      .getByRole('button', { name: /^Telegram/ })
      .click();
    dialog = page.getByRole('dialog', { name: 'Connect Telegram' });
    await expect(dialog.getByText('open @BotFather, send /newbot')).toBeVisible();
    await dialog.getByLabel('Bot token').fill('7000009999:AAwrong-token-nobody-issued');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/workspaces/${wid}/channels`) && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    expect((await refused).status()).toBe(422);
    const tokenField = dialog.getByLabel('Bot token');
    await expect(tokenField).toHaveAttribute('aria-invalid', 'true');
    await expect(tokenField).toHaveAccessibleDescription(/Telegram refused this bot token/);
    await expect(tokenField).toHaveAccessibleDescription(/@BotFather/);
    await expect(dialog.getByText(/Telegram refused this bot token/)).toBeVisible();
    await expectNoAxeViolations(page, 'Connect Telegram with a refused token');
    await page.screenshot({ path: 'e2e/screenshots/channels-telegram-refused.png' });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(channelsTable(page).getByRole('row')).toHaveCount(channelsBefore);

    // Disconnect the new widget, after its confirmation.
    await channelRow(page, widgetName).getByRole('link', { name: widgetName }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/settings/channels/${channel.id}$`));
    await expect(page.getByRole('heading', { name: widgetName, level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Widget embed code' })).toHaveText(snippet);
    await expectNoAxeViolations(page, 'a web widget’s page');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Disconnect ${widgetName}?` }).or(page.getByRole('dialog', { name: `Disconnect ${widgetName}?` }));
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('The widget stops working on your sites at once.');
    await expectNoAxeViolations(page, 'Disconnect confirmation');
    // Cancel leaves it connected.
    await confirm.getByRole('button', { name: 'Stay connected' }).click();
    await expect(confirm).toHaveCount(0);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await confirm.getByRole('button', { name: 'Disconnect channel' }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${wid}/settings/channels$`));
    await expect(channelRow(page, 'Website chat')).toHaveCount(1);
    await expect(channelRow(page, widgetName)).toHaveCount(0);
    const gone = await request.get(`/api/workspaces/${wid}/channels/${channel.id}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(gone.status()).toBe(404);
  } finally {
    await owner?.context.close();
  }
  expect(owner?.pageErrors ?? [], 'uncaught errors in the owner’s page').toEqual([]);
});
