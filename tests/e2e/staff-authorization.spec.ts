import { expect, test } from '@playwright/test';
import { signIn, STAFF_EMAIL } from './staff-helpers';
import { completeSurvey } from './survey-helpers';

// Every staff page, route handler and server action × every identity: staff-matrix.spec.ts.
test.describe('P5.5 staff pages × roles', () => {
  test('an analyst sees their own Client’s survey; the other Client’s analyst sees none of it', async ({ browser }) => {
    const a = await (await browser.newContext()).newPage();
    await signIn(a, 'analystA');
    await expect(a.getByTestId('surveys-table')).toContainText('About your café visit');
    const b = await (await browser.newContext()).newPage();
    await signIn(b, 'analystB');
    await expect(b.getByTestId('no-surveys')).toBeVisible();
    expect(await b.content()).not.toContain('About your café visit');
  });
});

// Signing out (which ends every session of the account) is tested on an account of its own: staff-sessions.spec.ts.
test('a wrong password gets one localized answer; the session cookie is httpOnly, SameSite=Lax and Secure', async ({ page }) => {
  await page.goto('/az/login');
  await page.locator('#login-email').fill(STAFF_EMAIL.admin);
  await page.locator('#login-password').fill('not the password');
  await page.getByRole('button', { name: 'Daxil ol' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('E-poçt və ya şifrə düzgün deyil.');
  await expect(page.locator('#login-email')).toHaveValue(STAFF_EMAIL.admin);

  await signIn(page, 'admin');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sorgu_staff')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
});

test('an admin adds a Client and an analyst for it, who can then sign in', async ({ page, browser }) => {
  await signIn(page, 'admin');
  await page.goto('/en/admin/clients');
  const slug = `e2e-${Date.now().toString(36)}`;
  await page.locator('#client-name').fill('E2E Tea House');
  await page.locator('#client-slug').fill(slug);
  await page.locator('#client-region').selectOption('JP');
  await page.getByRole('button', { name: 'Add client' }).click();
  await expect(page.getByTestId('clients-table')).toContainText(slug);

  await page.goto('/en/admin/users');
  const email = `${slug}@example.test`;
  await page.locator('#staff-email').fill(email);
  await page.locator('#staff-name').fill('Tea Analyst');
  await page.locator('#staff-role').selectOption('analyst');
  await page.locator('#staff-client').selectOption({ label: 'E2E Tea House' });
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const created = page.getByTestId('staff-created');
  await expect(created).toContainText(email);
  const password = (await created.textContent())!.split(': ').at(-1)!.trim();

  const other = await (await browser.newContext()).newPage();
  await other.goto('/en/login');
  await other.locator('#login-email').fill(email);
  await other.locator('#login-password').fill(password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other).toHaveURL(/\/en\/admin$/);
  await expect(other.getByTestId('no-surveys')).toBeVisible();
});

test('P14.1 a Client holding surveys shows its storage region without offering to change it; a refusal is shown as a refusal', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/en/admin/clients');
  await page.getByTestId('clients-table').getByRole('link', { name: 'Demo Coffee' }).click();
  const region = page.locator('#client-region');
  await expect(region).toHaveValue('EU');
  await expect(region).toBeDisabled();
  await expect(page.locator('#client-region-hint')).toContainText('the region can no longer change');
  // The rest of the form still saves (the locked region travels as it is).
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('edit-client').getByRole('status')).toHaveText('Saved.');

  // Signed out meanwhile (the session is gone): the form names the refusal, not "something went wrong".
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('admin-form-error')).toHaveText('Only a signed-in administrator can do this.');
});

test('P6.1 opening a response is in the audit log, named in both languages, with the response id and no value', async ({ browser }) => {
  const respondent = await (await browser.newContext()).newPage();
  const responseId = await completeSurvey(respondent, 'en');
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, 'analystA');
  await analyst.goto(`/en/admin/responses/${responseId}`);
  await expect(analyst.getByTestId('response-answers')).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  for (const [lang, name] of [['en', 'Opened a response'], ['az', 'Cavaba baxdı']] as const) {
    await admin.goto(`/${lang}/admin/audit`);
    const row = admin.getByTestId('audit-table').getByRole('row').filter({ hasText: `response:${responseId}` });
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-action="response.viewed"]')).toHaveText(name);
    await expect(row).not.toContainText('leyla@example.az');
  }
});
