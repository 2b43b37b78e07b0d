// Identity as a person meets it in the browser: registering, signing in and out, staying signed in across a
// reload, workspaces, inviting someone who then registers, roles, and the account page.
import type { Page, Response } from '@playwright/test';
import { expect, test } from './support/test';
import {
  demo,
  DEMO_PASSWORD,
  freshAccount,
  registerInBrowser,
  registerViaApi,
  signInInBrowser,
  signOutInBrowser,
  submitRegister,
  submitSignIn,
  userMenuButton,
  workspaceIdFromUrl,
} from './support/accounts';
import { linkTo, SUBJECTS, waitForMail } from './support/mail';
import { createWorkspaceFromSwitcher, memberRow, openWorkspaceSettings, switcherButton } from './support/workspaces';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** Everything the page's script can read and keep: both web storages and its cookies. */
async function readableStorage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`);
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie];
  });
}

const firstWorkspaceHeading = (page: Page) => page.getByRole('heading', { name: 'Create your first workspace', level: 1 });

test.describe('signing up, in and out', () => {
  test('register, sign out, sign in again, and stay signed in across a reload with the token in memory only', async ({ page, context }) => {
    const account = freshAccount('register');

    await page.goto('/register');
    await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/register.png', fullPage: true });
    const registered = page.waitForResponse((r) => r.url().endsWith('/api/auth/register'));
    await submitRegister(page, account);
    expect((await registered).status()).toBe(201);
    await expect(userMenuButton(page, account.name)).toBeVisible();
    // A new account has no workspace yet: the app says so and offers to create one.
    await expect(page).toHaveURL(/\/$/);
    await expect(firstWorkspaceHeading(page)).toBeVisible();

    await signOutInBrowser(page);
    // Signed out for real: the app is out of reach again.
    await page.goto('/settings/account');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Faccount$/);

    await page.goto('/sign-in');
    await page.screenshot({ path: 'e2e/screenshots/sign-in.png', fullPage: true });
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await submitSignIn(page, account.email, account.password);
    const { accessToken } = (await (await login).json()) as { accessToken: string };
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    await expect(firstWorkspaceHeading(page)).toBeVisible();

    // A reload forgets the in-memory access token; the HttpOnly refresh cookie brings the session back.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));
    await page.reload();
    expect((await refreshed).status()).toBe(200);
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await expect(firstWorkspaceHeading(page)).toBeVisible();

    // Nothing token-like is left where scripts can read it; the refresh cookie is HttpOnly and Strict.
    const readable = await readableStorage(page);
    expect(readable.join('\n')).not.toMatch(JWT);
    expect(readable.join('\n')).not.toContain(accessToken);
    const refreshCookie = (await context.cookies()).find((c) => c.name === 'sb_refresh');
    expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect(readable.join('\n')).not.toContain(refreshCookie!.value);
  });

  test('two tabs restoring the session at once both stay signed in (rotation does not trip reuse detection)', async ({ page, context }) => {
    const account = freshAccount('tabs');
    await registerInBrowser(page, account);
    const second = await context.newPage();
    await second.goto('/');
    await expect(userMenuButton(second, account.name)).toBeVisible();

    // Both tabs start over at the same moment, each with only the shared refresh cookie.
    const refreshes: number[] = [];
    context.on('response', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.status());
    });
    await Promise.all([page.reload(), second.reload()]);
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await expect(userMenuButton(second, account.name)).toBeVisible();
    await expect.poll(() => refreshes).toEqual([200, 200]);

    // And the session is still alive afterwards.
    await page.reload();
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });

  test('a request the server refuses with 401 is answered by one refresh and retried', async ({ page }) => {
    const account = freshAccount('expired');
    await registerInBrowser(page, account);

    // The next sessions request carries a token the server rejects, as an expired one would be.
    const sessionRequests: string[] = [];
    await page.route('**/api/auth/sessions*', async (route) => {
      const headers = route.request().headers();
      // Record what the server receives: the refused token first, then the retry's. (Comparing with the token
      // the page sent first would be flaky: an access token minted in the same second for the same session is
      // the same string.)
      const sent = sessionRequests.length === 0 ? { ...headers, authorization: 'Bearer expired.or.tampered' } : headers;
      sessionRequests.push(sent.authorization ?? '');
      await route.continue({ headers: sent });
    });
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));

    await userMenuButton(page, account.name).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();
    expect((await refreshed).status()).toBe(200);
    await expect(page.getByText('Current', { exact: true })).toBeVisible();
    expect(sessionRequests).toHaveLength(2);
    // The retry went out with the new access token, not the one that was refused.
    expect(sessionRequests[1]).toMatch(/^Bearer eyJ/);
    expect(sessionRequests[1]).not.toBe(sessionRequests[0]);
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });

  test('a next= address off this site is ignored after signing in', async ({ page, request, baseURL }) => {
    const account = freshAccount('offsite');
    await registerViaApi(request, account);

    await page.goto('/sign-in?next=%2F%2Fevil.example%2Fsteal');
    await submitSignIn(page, account.email, account.password);
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await expect(page).toHaveURL(`${baseURL}/`);
  });

  test('a signed-out visit to an app URL goes through sign-in and comes back to it', async ({ page, request }) => {
    const account = freshAccount('deeplink');
    await registerViaApi(request, account);

    await page.goto('/settings/account');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Faccount$/);
    await submitSignIn(page, account.email, account.password);

    await expect(page).toHaveURL(/\/settings\/account$/);
    await expect(page.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });

  test('a signed-out visit to an app URL comes back to it after registering from the sign-in page', async ({ page }) => {
    const account = freshAccount('deeplink-register');

    await page.goto('/settings/account');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Faccount$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/register\?next=%2Fsettings%2Faccount$/);
    await submitRegister(page, account);

    await expect(page).toHaveURL(/\/settings\/account$/);
    await expect(page.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();
  });

  test('a wrong password shows the server’s message inline, with the button disabled while it is checked', async ({ page, request }) => {
    // A fresh account: failed sign-ins are rate-limited per email, so the demo users stay untouched.
    const account = freshAccount('wrongpass');
    await registerViaApi(request, account);
    await page.goto('/sign-in');

    // Hold the request so the pending state can be seen, then let it through to the real server.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/auth/login', async (route) => {
      await held;
      await route.continue();
    });

    await submitSignIn(page, account.email, `${account.password}x`);
    const pending = page.getByRole('button', { name: 'Signing in…' });
    await expect(pending).toBeVisible();
    await expect(pending).toBeDisabled();
    release();

    const form = page.getByRole('form', { name: 'Sign in' });
    await expect(form.getByRole('alert')).toHaveText('Email or password is incorrect');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.unroute('**/api/auth/login');

    // Fixing the password signs in and clears the message.
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });

  test('repeated wrong passwords are refused with the server’s rate-limit message, whose wait is the real one', async ({ page, request }) => {
    // The server lets a few failures through, then makes the account wait (at most a minute): the page shows
    // the wait the server names in Retry-After, and once it has passed the right password signs in.
    test.setTimeout(150_000);
    const account = freshAccount('ratelimit');
    await registerViaApi(request, account);
    await page.goto('/sign-in');
    const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');

    const FREE_FAILURES = 5;
    let refused: Response | undefined;
    // The hard limit per address and email (10) ends this loop if nothing else does.
    for (let attempt = 1; attempt <= 11 && !refused; attempt++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await submitSignIn(page, account.email, `wrong-${attempt}`);
      const answer = await answered;
      if (attempt <= FREE_FAILURES || answer.status() !== 429) {
        expect(answer.status(), `attempt ${attempt}`).toBe(401);
        await expect(alert).toHaveText('Email or password is incorrect');
      } else refused = answer;
    }
    expect(refused, 'a wrong password was refused with 429').toBeDefined();
    const retryAfter = Number(refused!.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter, 'a stranger makes the owner wait a minute at most').toBeLessThanOrEqual(60);
    await expect(alert).toHaveText(/Too many\b.*\battempts/);
    await expect(alert).toHaveText(new RegExp(`\\(in ${retryAfter} s\\)$`));
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(userMenuButton(page)).toHaveCount(0);

    // After the wait it named, the right password signs in: the account was never locked.
    await page.waitForTimeout(retryAfter * 1000);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });
});

test.describe('workspaces and members', () => {
  test('create a workspace from the switcher: it becomes current and is listed there', async ({ page }) => {
    const account = freshAccount('creator');
    await registerInBrowser(page, account);
    await expect(switcherButton(page)).toHaveAccessibleName('Choose a workspace');

    const first = `Roastery ${account.id}`;
    await createWorkspaceFromSwitcher(page, first);
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    const firstId = workspaceIdFromUrl(page);
    await expect(page.getByRole('heading', { name: first, level: 1 })).toBeVisible();

    const second = `Café ${account.id}`;
    await createWorkspaceFromSwitcher(page, second);
    const secondId = workspaceIdFromUrl(page);
    expect(secondId).not.toBe(firstId);
    await expect(page.getByRole('heading', { name: second, level: 1 })).toBeVisible();

    // Both are listed with the caller's role; the new one is checked as current.
    await switcherButton(page, second).click();
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitemradio')).toHaveCount(2);
    await expect(menu.getByRole('menuitemradio', { name: `${second} Owner` })).toHaveAttribute('aria-checked', 'true');
    await expect(menu.getByRole('menuitemradio', { name: `${first} Owner` })).toHaveAttribute('aria-checked', 'false');

    // And switching back goes to the first.
    await menu.getByRole('menuitemradio', { name: `${first} Owner` }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${firstId}$`));
    await expect(switcherButton(page, first)).toBeVisible();
  });

  test('invite by email, the invitee registers from the emailed link and sees the workspace, a role change takes effect for them', async ({
    page,
    browser,
    request,
  }) => {
    // First browser: the owner of a new workspace invites someone who has no account yet.
    const owner = freshAccount('owner');
    const invitee = freshAccount('invitee');
    const workspace = `Team ${owner.id}`;
    await registerInBrowser(page, owner);
    await createWorkspaceFromSwitcher(page, workspace);
    const wid = workspaceIdFromUrl(page);
    await openWorkspaceSettings(page);

    const invite = page.getByRole('form', { name: 'Invite a member' });
    await invite.getByLabel('Email to invite').fill(invitee.email);
    await expect(invite.getByRole('combobox', { name: 'Role' })).toHaveValue('agent');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(page.getByText(`Invitation emailed to ${invitee.email}. They join once they accept it.`)).toBeVisible();
    await expect(invite.getByLabel('Email to invite')).toHaveValue('');
    const invitedRow = memberRow(page, invitee.email);
    await expect(invitedRow).toContainText('Invited');
    await expect(invitedRow.getByRole('combobox', { name: `Role of ${invitee.email}` })).toHaveValue('agent');
    await page.screenshot({ path: 'e2e/screenshots/workspace-settings.png', fullPage: true });

    // Second browser: the invitee opens the emailed link, registers with that email and lands in the workspace, as an agent.
    const link = linkTo(await waitForMail(request, invitee.email, SUBJECTS.invitation), '/invite/');
    const inviteeContext = await browser.newContext();
    try {
      const other = await inviteeContext.newPage();
      await other.goto(link);
      await other.getByRole('button', { name: 'Create account' }).click();
      const form = other.getByRole('form', { name: 'Create your account' });
      await expect(form.getByLabel('Work email')).toHaveValue(invitee.email);
      await form.getByLabel('Name').fill(invitee.name);
      await form.getByLabel('Password', { exact: true }).fill(invitee.password);
      await form.getByRole('button', { name: 'Create account' }).click();
      await expect(userMenuButton(other, invitee.name)).toBeVisible();
      await expect(other).toHaveURL(new RegExp(`/w/${wid}$`));
      await expect(switcherButton(other, workspace)).toBeVisible();
      await expect(other.getByRole('heading', { name: workspace, level: 1 })).toBeVisible();
      const nav = other.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Inbox' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Activity' })).toHaveCount(0);
      await openWorkspaceSettings(other);
      await expect(other.getByText('Your role here: Agent')).toBeVisible();
      await expect(other.getByRole('form', { name: 'Invite a member' })).toHaveCount(0);
      await expect(other.getByRole('combobox')).toHaveCount(0);

      // First browser: the invitation has become a membership; the owner makes them an admin.
      await page.reload();
      const row = memberRow(page, invitee.email);
      await expect(row).toContainText(invitee.name);
      await expect(row).toContainText('Active');
      await row.getByRole('combobox', { name: `Role of ${invitee.name}` }).selectOption('admin');
      await expect(page.getByText(`${invitee.name} is now admin`)).toBeVisible();
      await page.reload();
      await expect(memberRow(page, invitee.email).getByRole('combobox', { name: `Role of ${invitee.name}` })).toHaveValue('admin');

      // Second browser, after a reload: admin powers are offered now.
      await other.reload();
      await expect(other.getByText('Your role here: Admin')).toBeVisible();
      await expect(other.getByRole('form', { name: 'Invite a member' })).toBeVisible();
      await expect(other.getByRole('button', { name: `Remove ${owner.name}` })).toHaveCount(0); // admins do not manage owners
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
      await expect(other).toHaveURL(new RegExp(`/w/${wid}/activity$`));
      await expect(other.getByText(`${owner.name} changed ${invitee.name}'s role to admin`)).toBeVisible();
      await expect(other.getByText(`${invitee.name} joined the workspace as agent`)).toBeVisible();
    } finally {
      await inviteeContext.close();
    }
  });
});

test.describe('account settings', () => {
  test('a new name shows in the user menu; the sessions list marks this session and signs out another', async ({ page, playwright, baseURL }) => {
    const account = freshAccount('account');
    await registerInBrowser(page, account);

    // A second session for the same person, from another "device".
    const elsewhere = await playwright.request.newContext({ baseURL, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0' });
    try {
      const login = await elsewhere.post('/api/auth/login', { data: { email: account.email, password: account.password } });
      expect(login.status()).toBe(200);

      await userMenuButton(page, account.name).click();
      await page.getByRole('menuitem', { name: 'Account settings' }).click();
      await expect(page).toHaveURL(/\/settings\/account$/);
      await expect(page.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();

      const renamed = `${account.name} Renamed`;
      await page.getByLabel('Name', { exact: true }).fill(renamed);
      await page.getByRole('button', { name: 'Save profile' }).click();
      await expect(page.getByText('Profile saved')).toBeVisible();
      await expect(userMenuButton(page, renamed)).toBeVisible();
      await userMenuButton(page, renamed).click();
      await expect(page.getByRole('menu')).toContainText(renamed);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toBeHidden();

      // Two sessions: this browser (current, cannot sign itself out here) and the other device.
      const sessions = page.getByRole('list').filter({ hasText: 'Signed in' });
      await expect(sessions.getByRole('listitem')).toHaveCount(2);
      const current = sessions.getByRole('listitem').filter({ hasText: 'Current' });
      await expect(current).toHaveCount(1);
      await expect(current).toContainText('Chrome on Linux');
      await expect(current.getByRole('button')).toHaveCount(0);
      const other = sessions.getByRole('listitem').filter({ hasText: 'Firefox on Windows' });
      await expect(other).not.toContainText('Current');
      await page.screenshot({ path: 'e2e/screenshots/account-settings.png', fullPage: true });

      await other.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
      await expect(page.getByText('Signed out Firefox on Windows')).toBeVisible();
      await expect(sessions.getByRole('listitem')).toHaveCount(1);
      // That device's session really ended on the server.
      expect((await elsewhere.post('/api/auth/refresh')).status()).toBe(401);

      // The new name survives a reload (it is the server's, not just the page's).
      await page.reload();
      await expect(userMenuButton(page, renamed)).toBeVisible();
      await expect(page.getByLabel('Name', { exact: true })).toHaveValue(renamed);
    } finally {
      await elsewhere.dispose();
    }
  });

  test('the demo owner signs in and lands in the demo workspace', async ({ page }) => {
    await signInInBrowser(page, demo.owner, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    await expect(switcherButton(page, 'Acme Coffee Roasters')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' })).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/dashboard.png', fullPage: true });
  });
});
