// Accounts for browser tests: the seeded demo users, fresh accounts with unique emails, and the steps a person
// takes to register, sign in and sign out, written once so the specs read as what the user does.
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import type { User } from '../../contracts/auth';
import { expect, fromAddress } from './test';

export const DEMO_PASSWORD = 'Switchboard!2026';
export const DEMO_WORKSPACE = 'Acme Coffee Roasters';
export const demo = {
  owner: 'owner@demo.switchboard.dev',
  admin: 'admin@demo.switchboard.dev',
  agent: 'agent@demo.switchboard.dev',
  viewer: 'viewer@demo.switchboard.dev',
} as const;

/** A password that passes the policy (length, classes, not common), different for every account. */
export const freshPassword = () => `E2e!${randomUUID().slice(0, 12)}Zq9`;

export interface Account {
  /** Short and unique per run: handy for naming this person's workspaces. */
  id: string;
  name: string;
  email: string;
  password: string;
}

/** A new person nobody has registered yet in this run (the database lives as long as the dev server). */
export function freshAccount(label = 'user'): Account {
  const id = randomUUID().slice(0, 8);
  return { id, name: `E2E ${label[0]!.toUpperCase()}${label.slice(1)} ${id}`, email: `e2e-${label}-${id}@example.test`, password: freshPassword() };
}

/** The user menu's trigger in the top bar; its accessible name carries the signed-in person's name. */
export const userMenuButton = (page: Page, name?: string) => page.getByRole('button', { name: name ? `Account menu for ${name}` : /^Account menu for / });

/** Fills and submits the register form on the current page (which must be /register). */
export async function submitRegister(page: Page, account: Account): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function registerInBrowser(page: Page, account: Account): Promise<void> {
  await page.goto('/register');
  await submitRegister(page, account);
  await expect(userMenuButton(page, account.name)).toBeVisible();
}

/** Fills and submits the sign-in form on the current page (which must be /sign-in). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, email, password);
  await expect(userMenuButton(page)).toBeVisible();
}

/** Signs in as the demo owner and returns the id of the demo workspace the app lands on. */
export async function signInAsDemoOwner(page: Page): Promise<string> {
  await signInInBrowser(page, demo.owner, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  return workspaceIdFromUrl(page);
}

export async function signOutInBrowser(page: Page): Promise<void> {
  await userMenuButton(page).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

export function workspaceIdFromUrl(page: Page): string {
  const match = /\/w\/([0-9a-f-]{36})(?:\/|$)/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`not on a workspace URL: ${page.url()}`);
  return match[1]!;
}

/**
 * Registers through the API, for tests whose subject is not registration (e.g. a wrong password). Uses the
 * given request context, so pass a standalone one to keep the browser's cookies out of it. Each call comes from
 * an address of its own, so set-up registrations never spend the test's per-address allowance.
 */
export async function registerViaApi(request: APIRequestContext, account: Account): Promise<RegisteredUser> {
  const { name, email, password } = account;
  const res = await request.post('/api/auth/register', { data: { name, email, password }, headers: fromAddress() });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as RegisteredUser;
}

/** The register answer: the new user and an access token for the API. */
export interface RegisteredUser {
  user: User;
  accessToken: string;
}
