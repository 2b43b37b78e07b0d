// Accounts you can trust, as people meet them in the browser: joining a workspace only through the emailed
// invitation link, resetting a forgotten password (which signs out every other session), and two-factor
// sign-in with an authenticator app's codes and the recovery codes. Mail is read from the dev mailbox.
import type { Browser, Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import {
  freshAccount,
  freshPassword,
  registerInBrowser,
  registerViaApi,
  signOutInBrowser,
  submitSignIn,
  userMenuButton,
  workspaceIdFromUrl,
} from './support/accounts';
import { expectNoAxeViolations } from './support/axe';
import { countMail, linkTo, SUBJECTS, waitForMail } from './support/mail';
import { createWorkspaceFromSwitcher, memberRow, openWorkspaceSettings, switcherButton } from './support/workspaces';
import { expect, test } from './support/test';

/** First page load on a cold `npm run dev` compiles the SPA's modules; later ones are quick. */
const FIRST_LOAD_TIMEOUT = 30_000;

async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** Invites `email` from the members settings of the workspace open on `page`, as the form's user does. */
async function invite(page: Page, email: string, role: 'admin' | 'agent' | 'viewer' = 'agent'): Promise<void> {
  const form = page.getByRole('form', { name: 'Invite a member' });
  await form.getByLabel('Email to invite').fill(email);
  await form.getByRole('combobox', { name: 'Role' }).selectOption(role);
  await form.getByRole('button', { name: 'Invite' }).click();
  await expect(page.getByText(`Invitation emailed to ${email}. They join once they accept it.`)).toBeVisible();
  await expect(memberRow(page, email)).toContainText(/Invited · expires/);
}

test.describe('invitations by emailed link', () => {
  test('the invited person opens the emailed link, registers with that email and lands in the workspace; registering without the link joins nothing', async ({
    page,
    browser,
    request,
    baseURL,
  }) => {
    const owner = freshAccount('inviter');
    const invitee = freshAccount('invited');
    const bystander = freshAccount('nolink');
    const workspace = `Trust ${owner.id}`;
    await registerInBrowser(page, owner);
    await createWorkspaceFromSwitcher(page, workspace);
    const wid = workspaceIdFromUrl(page);
    await openWorkspaceSettings(page);

    await invite(page, invitee.email);
    // The row follows the email out of the outbox: queued, then handed to the mail relay.
    await expect(memberRow(page, invitee.email)).toContainText('Email sent', { timeout: 15_000 });
    const mail = await waitForMail(request, invitee.email, SUBJECTS.invitation);
    expect(mail.subject).toBe(`${owner.name} invited you to ${workspace} on Switchboard as an agent`);
    const invitation = linkTo(mail, '/invite/');

    // A new person, in a browser of their own, opens the link.
    const other = await newPage(browser, baseURL);
    try {
      await other.goto(invitation);
      await expect(other.getByRole('heading', { name: `Join ${workspace}`, level: 1 })).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await expect(other.getByText(`${owner.name} invited ${invitee.email} to join ${workspace} on Switchboard as agent.`)).toBeVisible();
      await expectNoAxeViolations(other, 'invitation page (signed out)');
      await other.screenshot({ path: 'e2e/screenshots/invitation.png', fullPage: true });

      await other.getByRole('button', { name: 'Create account' }).click();
      const form = other.getByRole('form', { name: 'Create your account' });
      await expect(form.getByLabel('Work email')).toHaveValue(invitee.email);
      await expect(form.getByLabel('Work email')).not.toBeEditable();
      await form.getByLabel('Name').fill(invitee.name);
      await form.getByLabel('Password', { exact: true }).fill(invitee.password);
      await form.getByRole('button', { name: 'Create account' }).click();

      await expect(other).toHaveURL(new RegExp(`/w/${wid}$`));
      await expect(switcherButton(other, workspace)).toBeVisible();
      await expect(other.getByRole('heading', { name: workspace, level: 1 })).toBeVisible();

      // The owner's open members list turns the invitation into a member, live.
      const row = memberRow(page, invitee.email);
      await expect(row).toContainText(invitee.name);
      await expect(row).toContainText('Active');

      // The link was single-use.
      await other.goto(invitation);
      await expect(other.getByRole('heading', { name: 'This invitation is no longer valid', level: 1 })).toBeVisible();
    } finally {
      await other.context().close();
    }

    // Someone registering an invited email without the link joins nothing, even once the mail is in their inbox.
    await invite(page, bystander.email, 'viewer');
    const bystanderMail = await waitForMail(request, bystander.email, SUBJECTS.invitation);
    const stranger = await newPage(browser, baseURL);
    try {
      await registerInBrowser(stranger, bystander);
      await expect(stranger).toHaveURL(/\/$/);
      await expect(stranger.getByRole('heading', { name: 'Create your first workspace', level: 1 })).toBeVisible();
      await expect(switcherButton(stranger)).toHaveAccessibleName('Choose a workspace');
      await expect(memberRow(page, bystander.email)).toContainText('Invited');

      // With the link, signed in but not verified: the page asks to verify first, then accepting works.
      await stranger.goto(linkTo(bystanderMail, '/invite/'));
      await expect(stranger.getByText(/Verify your email address first/)).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      const before = await countMail(request, bystander.email, SUBJECTS.verify);
      await stranger.getByRole('button', { name: 'Send verification link' }).click();
      await expect(stranger.getByText(`Verification link sent to ${bystander.email}. It works for 24 hours.`)).toBeVisible();
      const verify = await waitForMail(request, bystander.email, SUBJECTS.verify, { after: before });
      await stranger.goto(linkTo(verify, '/verify-email/'));
      await expect(stranger.getByRole('heading', { name: 'Your email address is verified', level: 1 })).toBeVisible();
      await stranger.goto(linkTo(bystanderMail, '/invite/'));
      await stranger.getByRole('button', { name: 'Accept invitation' }).click();
      await expect(stranger).toHaveURL(new RegExp(`/w/${wid}$`));
      await expect(switcherButton(stranger, workspace)).toBeVisible();
    } finally {
      await stranger.context().close();
    }
  });

  test('an invitation link opened while signed in as someone else says so, and signing in as the invited person comes back to it', async ({
    page,
    browser,
    request,
    baseURL,
  }) => {
    const owner = freshAccount('inviter2');
    const invitee = freshAccount('invited2');
    const someoneElse = freshAccount('else');
    await registerViaApi(request, invitee);
    await registerInBrowser(page, owner);
    await createWorkspaceFromSwitcher(page, `Trust ${owner.id}`);
    await openWorkspaceSettings(page);
    await invite(page, invitee.email);
    const link = linkTo(await waitForMail(request, invitee.email, SUBJECTS.invitation), '/invite/');

    const other = await newPage(browser, baseURL);
    try {
      await registerInBrowser(other, someoneElse);
      await other.goto(link);
      await expect(other.getByText(`This invitation is for ${invitee.email}, and you are signed in as ${someoneElse.email}.`, { exact: false })).toBeVisible({
        timeout: FIRST_LOAD_TIMEOUT,
      });
      await expect(other.getByRole('button', { name: 'Accept invitation' })).toHaveCount(0);
      await other.getByRole('button', { name: `Sign out of ${someoneElse.email}` }).click();

      // Signed out on the same page: sign in as the invited person, and come back here.
      await other.getByRole('link', { name: 'Sign in' }).click();
      await expect(other).toHaveURL(/\/sign-in\?next=%2Finvite%2F/);
      await submitSignIn(other, invitee.email, invitee.password);
      await expect(other).toHaveURL(new RegExp(`${link}$`));
      // Registered without the link: the address is not verified yet, so accepting asks for that first.
      await other.getByRole('button', { name: 'Accept invitation' }).click();
      await expect(other.getByText(/Verify your email address first/)).toBeVisible();
      await expect(other).toHaveURL(new RegExp(`${link}$`));
      await expect(memberRow(page, invitee.email)).toContainText('Invited');
    } finally {
      await other.context().close();
    }
  });
});

test.describe('forgotten password', () => {
  test('forgot password → email → reset signs out every session, the old password stops working and the link works once', async ({
    page,
    browser,
    request,
    baseURL,
  }) => {
    const account = freshAccount('forgot');
    await registerInBrowser(page, account);

    // An older session on another device.
    const older = await newPage(browser, baseURL);
    try {
      await older.goto('/sign-in');
      await submitSignIn(older, account.email, account.password);
      await expect(userMenuButton(older, account.name)).toBeVisible({ timeout: FIRST_LOAD_TIMEOUT });
      await signOutInBrowser(page);

      await page.getByLabel('Email').fill(account.email);
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      await expect(page.getByLabel('Email')).toHaveValue(account.email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expect(page.getByRole('status')).toHaveText(
        `If an account exists for ${account.email}, we sent a link to reset its password. The link works for 30 minutes.`,
      );

      const mail = await waitForMail(request, account.email, SUBJECTS.reset);
      const reset = linkTo(mail, '/reset-password/');
      await page.goto(reset);
      await expect(page.getByRole('heading', { name: 'Choose a new password', level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, 'reset password page');
      const newPassword = freshPassword();
      await page.getByLabel('New password', { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: 'Set new password' }).click();

      await expect(page).toHaveURL(/\/sign-in$/);
      await expect(page.getByRole('status')).toContainText('Your password was changed and every session was signed out.');

      // The old password no longer works; the new one does.
      await submitSignIn(page, account.email, account.password);
      await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText('Email or password is incorrect');
      await page.getByLabel('Password', { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(userMenuButton(page, account.name)).toBeVisible();

      // The older session is over: its next start finds no session to restore.
      await older.reload();
      await expect(older).toHaveURL(/\/sign-in/);
      await expect(older.getByRole('heading', { name: 'Sign in' })).toBeVisible();

      // The link worked once.
      await page.goto(reset);
      await page.getByLabel('New password', { exact: true }).fill(freshPassword());
      await page.getByRole('button', { name: 'Set new password' }).click();
      await expect(page.getByRole('heading', { name: 'This reset link no longer works', level: 1 })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
    } finally {
      await older.context().close();
    }
  });
});

test.describe('two-factor sign-in', () => {
  test('set up with a code from the app, sign-in asks for it, and a recovery code works once', async ({ page }) => {
    const account = freshAccount('twofactor');
    await registerInBrowser(page, account);
    await userMenuButton(page, account.name).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();
    await expect(page.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await expect(page.getByRole('img', { name: /QR code that adds Switchboard/ })).toBeVisible();
    const key = (await page.getByRole('textbox', { name: 'Set-up key' }).inputValue()).replace(/\s+/g, '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
    await expectNoAxeViolations(page, 'two-factor set-up');
    await page.screenshot({ path: 'e2e/screenshots/two-factor-setup.png', fullPage: true });

    await page.getByLabel('Code from the app').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on' }).click();
    const list = page.getByRole('list', { name: 'Recovery codes' });
    await expect(list.getByRole('listitem')).toHaveCount(10);
    const recoveryCodes = await list.getByRole('listitem').allTextContents();
    await expect(page.getByText(/This is the only time they are shown/)).toBeVisible();
    await page.getByRole('button', { name: 'I have stored them' }).click();
    await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();
    await signOutInBrowser(page);

    // The password alone no longer signs in: the app's code does (each code works once, so the next step's).
    await submitSignIn(page, account.email, account.password);
    const code = page.getByRole('textbox', { name: 'Authentication code' });
    await expect(code).toBeFocused();
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(page.getByRole('button', { name: /^Account menu for / })).toHaveCount(0);
    await expectNoAxeViolations(page, 'two-factor sign-in step');
    await code.fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await signOutInBrowser(page);

    // A recovery code works once…
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect(userMenuButton(page, account.name)).toBeVisible();
    await signOutInBrowser(page);

    // …and not twice.
    await submitSignIn(page, account.email, account.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    const recovery = page.getByRole('textbox', { name: 'Recovery code' });
    await recovery.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect(page.getByText('That recovery code is not right or was used already')).toBeVisible();
    await expect(recovery).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('button', { name: /^Account menu for / })).toHaveCount(0);

    // Another one still works.
    await recovery.fill(recoveryCodes[1]!);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect(userMenuButton(page, account.name)).toBeVisible();
  });
});
