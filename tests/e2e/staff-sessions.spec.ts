import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './staff-helpers';

/**
 * Staff sessions end on the server, and the login throttle keys on the address the server saw.
 * Each test works on accounts of its own (created here through the admin's form): ending the
 * demo accounts' sessions would sign out the tests running beside these.
 */

/** A new DPO account, created by the admin; its generated password is shown once. */
async function newDpoAccount(admin: Page, label: string) {
  await admin.goto('/en/admin/users');
  const email = `${label}-${Date.now().toString(36)}@example.test`;
  await admin.locator('#staff-email').fill(email);
  await admin.locator('#staff-name').fill(`Session ${label}`);
  await admin.locator('#staff-role').selectOption('dpo');
  await admin.getByRole('button', { name: 'Add staff member' }).click();
  const created = admin.getByTestId('staff-created');
  await expect(created).toContainText(email);
  return { email, password: (await created.textContent())!.split(': ').at(-1)!.trim() };
}

async function signInAs(browser: Browser, account: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/en/login');
  await page.locator('#login-email').fill(account.email);
  await page.locator('#login-password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/en\/dpo$/);
  return page;
}

/** Another browser holding a copy of the page's staff cookie (a stolen or left-behind session). */
async function copyOfSession(browser: Browser, page: Page): Promise<BrowserContext> {
  const copy = await browser.newContext();
  await copy.addCookies((await page.context().cookies()).filter((c) => c.name === 'sorgu_staff'));
  return copy;
}

async function opens(copy: BrowserContext, path: string): Promise<boolean> {
  const response = await copy.request.get(`/en${path}`, { maxRedirects: 0 });
  expect([200, 307], `${path}: ${response.status()}`).toContain(response.status());
  return response.status() === 200;
}

test('P13.1 signing out ends the session everywhere: a copied cookie stops working', async ({ browser, page }) => {
  await signIn(page, 'admin');
  const account = await newDpoAccount(page, 'signout');
  const dpo = await signInAs(browser, account);
  const copy = await copyOfSession(browser, dpo);
  expect(await opens(copy, '/dpo')).toBe(true);

  await dpo.getByRole('button', { name: 'Sign out' }).click();
  await expect(dpo).toHaveURL(/\/en\/login$/);
  expect(await opens(copy, '/dpo')).toBe(false);
});

test('P13.1 disabling an account ends its sessions, and enabling it again does not revive them', async ({ browser, page }) => {
  await signIn(page, 'admin');
  const account = await newDpoAccount(page, 'disable');
  const dpo = await signInAs(browser, account);
  const copy = await copyOfSession(browser, dpo);
  expect(await opens(copy, '/dpo')).toBe(true);

  await page.goto('/en/admin/users');
  const row = page.getByTestId('staff-table').getByRole('row').filter({ hasText: account.email });
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled ·');
  expect(await opens(copy, '/dpo')).toBe(false);
  await dpo.reload();
  await expect(dpo).toHaveURL(/\/en\/login/);

  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).not.toContainText('disabled ·');
  expect(await opens(copy, '/dpo')).toBe(false);
  await signInAs(browser, account);
});

test('P13.1 a forged X-Forwarded-For does not get an address out of the login throttle', async ({ browser }) => {
  // An account nobody uses, so that pausing sign-in from this address for it disturbs no other test.
  const email = `throttled-${Date.now().toString(36)}@example.test`;
  const attempt = async (page: Page) => {
    await page.goto('/en/login');
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill('a wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await page.getByTestId('login-error').textContent()) ?? '';
  };
  const page = await (await browser.newContext()).newPage();
  for (let i = 0; i < 5; i++) expect(await attempt(page)).toContain('not right');
  expect(await attempt(page)).toContain('Too many attempts');

  for (const forged of ['198.51.100.23', '198.51.100.24, 203.0.113.5']) {
    const disguised = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': forged, 'x-real-ip': forged } })).newPage();
    expect(await attempt(disguised)).toContain('Too many attempts');
  }
});
