// The web chat widget as a business embeds it: a shop page on another origin (a server this test starts) with one
// script tag; the widget's web channel is made through the API with that origin allowed. A visitor's message
// appears live in the agent's inbox, the agent's typing and reply appear live in the widget, a private note
// never does, the history survives a reload, and a page on an origin the channel does not allow gets no CORS
// answer (so no widget). axe checks the widget, open and closed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { demo } from './support/accounts';
import { describeViolations } from './support/axe';
import { composer, FIRST_LOAD_TIMEOUT, InboxApi, LIVE_TIMEOUT, loginViaApi, openInbox, openTeammate, sendFromComposer, uniq } from './support/inbox';

let shop: Server;
let shopPort: number;
let publicKey = '';

test.beforeAll(async () => {
  shop = createServer((req, res) => {
    const appUrl = process.env.E2E_APP_URL!;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title>
<style>* { color: red !important; font-family: monospace !important } button { background: lime !important }</style></head>
<body><main><h1>A shop</h1><p>Our beans.</p></main>
<script src="${appUrl}/widget.js" data-key="${publicKey}" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopPort = (shop.address() as AddressInfo).port;
});
test.afterAll(() => new Promise<void>((resolve) => shop.close(() => resolve())));

async function axeOnWidget(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).include('switchboard-chat').analyze();
  expect(
    results.violations.map((v) => v.id),
    `axe violations on ${label}:\n${describeViolations(results.violations)}`,
  ).toEqual([]);
}

test('a visitor on a shop’s site chats with the team live through the widget', async ({ browser, baseURL, request }) => {
  process.env.E2E_APP_URL = baseURL!;
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const api = await InboxApi.signIn(request, demo.owner);
  const { accessToken } = await loginViaApi(request, demo.owner);
  const channelName = uniq('Shop chat');
  const created = await request.post(`/api/workspaces/${api.wid}/channels`, {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { type: 'web', name: channelName, settings: { allowedOrigins: [shopOrigin], greeting: 'Hello from the shop', color: '#fbbf24' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  publicKey = ((await created.json()) as { publicKey: string }).publicKey;

  // The agent has the inbox open (so the team is online).
  const agent = await openTeammate(browser, baseURL!, demo.owner, 'agent');
  await openInbox(agent, api.wid);

  // Not the test's X-Forwarded-For: a header the shop's page would never send (and the CORS preflight would not allow).
  const visitorContext = await browser.newContext({ extraHTTPHeaders: {} });
  const visitor = await visitorContext.newPage();
  const errors: string[] = [];
  visitor.on('pageerror', (err) => errors.push(err.message));
  await visitor.goto(`${shopOrigin}/`);
  const launcher = visitor.getByRole('button', { name: `Chat with ${channelName}` });
  await expect(launcher).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
  // The shop's `* { color: red !important }` does not reach inside.
  expect(await launcher.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
  await axeOnWidget(visitor, 'the closed widget');

  await launcher.click();
  const dialog = visitor.getByRole('dialog', { name: channelName });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Hello from the shop')).toBeVisible();
  const box = dialog.getByRole('textbox', { name: 'Your message' });
  await expect(box).toBeFocused();
  await axeOnWidget(visitor, 'the open widget');

  // The visitor writes: the conversation appears in the agent's inbox live.
  const question = uniq('Do you ship to Lisbon?');
  await box.fill(question);
  await box.press('Enter');
  await expect(dialog.getByText(question)).toBeVisible();
  const item = agent.page.getByTestId('conversation-item').filter({ hasText: question });
  await expect(item).toBeVisible({ timeout: LIVE_TIMEOUT });
  await item.getByRole('link').click();
  await expect(agent.page.getByTestId('message').filter({ hasText: question })).toBeVisible();

  // Typing shows in the widget; a private note never reaches it; the reply does, live.
  await composer(agent.page).fill('Let me check');
  await expect(dialog.getByText(`${channelName} is typing…`)).toBeVisible({ timeout: LIVE_TIMEOUT });
  await composer(agent.page).fill('');
  const note = uniq('Private: VIP, check stock');
  await agent.page.getByRole('radiogroup', { name: 'Reply or private note' }).getByText('Private note', { exact: true }).click();
  await expect(agent.page.getByRole('radio', { name: 'Private note' })).toBeChecked();
  await sendFromComposer(agent.page, note);
  await expect(agent.page.getByTestId('message').filter({ hasText: note })).toBeVisible();
  await agent.page.getByRole('radiogroup', { name: 'Reply or private note' }).getByText('Reply', { exact: true }).click();
  const answer = uniq('Yes, in three days');
  await sendFromComposer(agent.page, answer);
  await expect(dialog.getByText(answer)).toBeVisible({ timeout: LIVE_TIMEOUT });
  await expect(dialog.getByText(`${channelName} is typing…`)).toHaveCount(0);
  await expect(dialog.getByText(note)).toHaveCount(0);

  // Esc closes and gives focus back to the launcher; a reload keeps the history (the visitor token).
  await box.focus();
  await visitor.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();
  await visitor.reload();
  await visitor.getByRole('button', { name: `Chat with ${channelName}` }).click();
  await expect(dialog.getByText(question)).toBeVisible();
  await expect(dialog.getByText(answer)).toBeVisible();
  await expect(dialog.getByText(note)).toHaveCount(0);
  expect(errors).toEqual([]);

  // The same page on an origin the channel does not list: no CORS answer, so no widget.
  const stranger = await visitorContext.newPage();
  await stranger.goto(`http://localhost:${shopPort}/`);
  const reach = await stranger.evaluate(
    ([url]) =>
      fetch(url!).then(
        () => 'read',
        () => 'blocked',
      ),
    [`${baseURL}/api/public/widget/${publicKey}/config`],
  );
  expect(reach).toBe('blocked');
  await expect(stranger.locator('switchboard-chat')).toHaveCount(0);
  const direct = await request.get(`/api/public/widget/${publicKey}/config`, { headers: { origin: `http://localhost:${shopPort}` } });
  expect(direct.headers()['access-control-allow-origin']).toBeUndefined();
  const allowed = await request.get(`/api/public/widget/${publicKey}/config`, { headers: { origin: shopOrigin } });
  expect(allowed.headers()['access-control-allow-origin']).toBe(shopOrigin);

  await visitorContext.close();
  await agent.context.close();
});
