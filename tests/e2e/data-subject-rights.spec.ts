import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { linkFromMail, waitForMail } from './mail-helpers';
import { answerBanner, completeSurvey, queryE2eDb } from './survey-helpers';
import { signIn } from './staff-helpers';

async function askByEmail(page: Page, lang: 'az' | 'en', email: string, type: string) {
  await page.goto(`/${lang}/my-data`);
  await page.locator(`input[name="type"][value="${type}"]`).check();
  await page.locator('#my-email').fill(email);
  await page.getByTestId('my-data-request').getByRole('button').click();
  await expect(page.getByTestId('request-sent')).toBeVisible();
  await page.goto(await linkFromMail(email, 'verify'));
  const prompt = lang === 'az' ? /göndərmək üçün təsdiqləyin/ : /Confirm to send it/;
  await expect(page.getByText(prompt)).toBeVisible();
  await page.getByRole('button', { name: lang === 'az' ? 'Müraciəti təsdiqlə' : 'Confirm the request' }).click();
  await expect(page.getByTestId('request-registered')).toBeVisible();
  // Once received, the page no longer asks to confirm.
  await expect(page.getByTestId('confirm-intro')).toHaveCount(0);
  await expect(page.getByText(prompt)).toHaveCount(0);
}

test('P7.2 self-service access: verification link received by mail → the DPO sees it → sends the export → the respondent downloads the zip', async ({ browser }) => {
  const email = `access-${Date.now().toString(36)}@example.az`;
  const respondent = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await respondent.goto('/en/s/cafe-visit');
  await answerBanner(respondent, 'en', 'acceptAll');
  await completeSurvey(respondent, 'en', email);

  // Bad input first: a localized error, nothing lost.
  await respondent.goto('/en/my-data');
  await respondent.locator('#my-email').fill('not-an-address');
  await respondent.locator('#my-details').fill('Please send everything.');
  await respondent.getByTestId('my-data-request').getByRole('button').click();
  await expect(respondent.getByText('Enter a valid email address.')).toBeVisible();
  await expect(respondent.locator('#my-details')).toHaveValue('Please send everything.');

  await askByEmail(respondent, 'en', email, 'access');

  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  const row = dpo.getByTestId('open-requests').getByRole('row').filter({ hasText: 'access' }).first();
  await expect(row).toContainText('self-service');
  await row.getByRole('link').click();
  await expect(dpo.getByTestId('request-facts')).toContainText(email);
  await dpo.getByTestId('send-export-link').getByRole('button').click();
  await expect(dpo.getByTestId('send-export-link').getByRole('status')).toHaveText('The link was sent.');

  const downloadLink = await linkFromMail(email, 'download');
  await respondent.goto(downloadLink);
  const [download] = await Promise.all([respondent.waitForEvent('download'), respondent.getByTestId('download-zip').click()]);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['subject.json', 'contact.csv', 'answers.csv', 'usage.csv', 'consents.csv', 'summary-en.txt']));
  expect(strFromU8(files['contact.csv']!)).toContain(email);
  expect(JSON.parse(strFromU8(files['subject.json']!)).format).toBe('sorgu.subject-export');

  // The DPO closes the request with its outcome — a deliberate choice: nothing is preselected,
  // so Save alone closes nothing.
  await dpo.reload();
  await expect(dpo.locator('#st-status')).toHaveValue('');
  await dpo.locator('#st-outcome').fill('Export sent by download link.');
  await dpo.getByTestId('request-status').getByRole('button').click();
  await expect(dpo.getByTestId('request-status').getByText('Choose the new status.')).toBeVisible();
  await expect(dpo.getByTestId('request-status-value')).not.toHaveText('completed');
  await dpo.locator('#st-status').selectOption('completed');
  await dpo.getByTestId('request-status').getByRole('button').click();
  await expect(dpo.getByTestId('request-status-value')).toHaveText('completed');

  // The request is closed: its download link is dead.
  await respondent.goto(downloadLink);
  const dead = await respondent.request.get((await respondent.getByTestId('download-zip').getAttribute('href'))!, { maxRedirects: 0 });
  expect(dead.status()).toBe(303);
  await respondent.goto(dead.headers()['location']!);
  await expect(respondent.getByTestId('link-problem')).toHaveText('This download link no longer works: your request has been closed. You can ask for a new copy at any time.');
});

test('P7.2 links in mail ignore a forged Host header: they point at PUBLIC_URL, never at the host a request names', async ({ page, baseURL }) => {
  const email = `host-${Date.now().toString(36)}@example.az`;
  await page.goto('/en/my-data');
  await page.locator('input[name="type"][value="access"]').check();
  await page.locator('#my-email').fill(email);
  // The form's own submission (server action reference included), posted as an attacker would:
  // Host, X-Forwarded-Host and Origin all naming their domain.
  const fields = await page.getByTestId('my-data-request').evaluate((form: HTMLFormElement) => {
    const out: [string, string][] = [];
    new FormData(form).forEach((value, key) => out.push([key, String(value)]));
    return out;
  });
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  const forged = { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https', origin: 'https://attacker.example' };
  const response = await page.request.post('/en/my-data', { multipart: form, headers: forged, maxRedirects: 0 });
  expect(response.status()).toBeLessThan(500);
  const mail = await waitForMail(email, '/my-data/verify/');
  expect(mail.text).not.toContain('attacker.example');
  expect(mail.text).toContain(`${baseURL}/en/my-data/verify/`);
});

test('P7.2 a bad download link sends the browser back by path, never to the host a request names', async ({ request }) => {
  const forged = { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' };
  for (const token of ['x'.repeat(43), 'not-a-token', '%25']) {
    const response = await request.get(`/api/my-data/download/${token}?locale=en`, { headers: forged, maxRedirects: 0 });
    expect(response.status(), token).toBe(303);
    expect(response.headers().location, token).toMatch(/^\/en\/my-data\/download\/[\w-]+\?problem=invalid$/);
  }
});

test('P7.2 mail is never public: the old mailbox path is gone, the admin mailbox refuses anyone but an admin', async ({ browser }) => {
  const anonymous = await (await browser.newContext()).newPage();
  for (const lang of ['az', 'en']) expect((await anonymous.request.get(`/${lang}/dev/mailbox`, { maxRedirects: 0 })).status()).toBe(404);
  const toLogin = await anonymous.request.get('/en/admin/mailbox', { maxRedirects: 0 });
  expect(toLogin.status()).toBe(307);
  expect(toLogin.headers()['location']).toContain('/en/login?next=%2Fadmin%2Fmailbox');
  for (const who of ['analystA', 'analystB', 'dpo'] as const) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, who);
    const response = await page.request.get('/en/admin/mailbox', { maxRedirects: 0 });
    expect(response.status(), who).toBe(403);
    expect(await response.text(), who).not.toContain('/my-data/');
  }
  // The admin sees where mail goes (here: the SMTP server), and no message.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.getByRole('link', { name: 'Mailbox' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Mailbox');
  await expect(admin.getByTestId('mail-route')).toHaveText(/^Mail is sent through the SMTP server 127\.0\.0\.1:\d+, in the background, and retried when it fails; message contents are not shown here\.$/);
  await expect(admin.getByTestId('mail')).toHaveCount(0);
  // How delivery goes, never what a message said.
  await expect(admin.getByTestId('mail-counts')).toContainText('sent');
  expect(await admin.getByTestId('mail-delivery').textContent()).not.toContain('/my-data/');
});

test('P7.2 an erasure request carried out end to end: confirmation step, nothing left, the register keeps counts', async ({ browser }) => {
  const email = `erase-${Date.now().toString(36)}@example.az`;
  const respondent = await (await browser.newContext()).newPage();
  await respondent.goto('/az/s/cafe-visit');
  await answerBanner(respondent, 'az', 'acceptAll');
  await completeSurvey(respondent, 'az', email);
  await askByEmail(respondent, 'az', email, 'erasure');
  const [request] = queryE2eDb<{ id: string }>("SELECT id FROM DataSubjectRequest WHERE contactEmail = ? AND type = 'erasure'", email);

  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await dpo.goto(`/en/dpo/requests/${request!.id}`);
  await dpo.getByTestId('request-subject').click();
  await expect(dpo.getByTestId('category-contact').locator('input[name="value"]').first()).toHaveValue(email);
  await expect(dpo.getByTestId('category-contact').getByRole('heading')).toHaveText('Contact details (2)');
  // A second tab left open on the subject: after the erasure its actions must say so, not act.
  const stale = await dpo.context().newPage();
  await stale.goto(dpo.url());
  await dpo.getByRole('link', { name: 'Erase…' }).click();
  await expect(dpo.getByTestId('erase-counts')).toContainText('Contact details: 2');
  await dpo.getByRole('button', { name: 'Erase now' }).click();
  await expect(dpo.getByTestId('dpo-error')).toHaveText('Tick the box to confirm.');
  expect(queryE2eDb('SELECT id FROM Answer WHERE value = ?', JSON.stringify(email))).toHaveLength(1);
  await dpo.getByLabel('I have checked that this is the right person and that erasure applies.').check();
  await dpo.getByRole('button', { name: 'Erase now' }).click();
  await expect(dpo.getByRole('status')).toContainText('The subject was erased.');
  await stale.getByTestId('restrict').getByRole('button').click();
  await expect(stale.getByTestId('restrict')).toContainText('Nobody is found under this.');

  expect(queryE2eDb('SELECT id FROM Answer WHERE value = ?', JSON.stringify(email))).toHaveLength(0);
  expect(queryE2eDb('SELECT id FROM OutboxMessage WHERE "to" = ?', email)).toHaveLength(0);
  // The open request keeps where to tell the subject the outcome (Art. 12(3)); nothing else of theirs stays.
  expect(queryE2eDb<{ contactEmail: string | null }>('SELECT contactEmail FROM DataSubjectRequest WHERE id = ?', request!.id)[0]!.contactEmail).toBe(email);
  const [audit] = queryE2eDb<{ counts: string }>("SELECT counts FROM AuditEvent WHERE action = 'subject.erased' ORDER BY at DESC LIMIT 1");
  expect(audit!.counts).not.toContain(email);
  expect(JSON.parse(audit!.counts)).toMatchObject({ respondents: 1, responses: 1 });

  await dpo.goto(`/en/dpo/requests/${request!.id}`);
  await dpo.locator('#st-outcome').fill('Erased everything held.');
  await dpo.locator('#st-status').selectOption('completed');
  await dpo.getByTestId('request-status').getByRole('button').click();
  await expect(dpo.getByTestId('request-status-value')).toHaveText('completed');
  // The subject hears the outcome of their erasure, over real SMTP.
  await waitForMail(email, 'Erased everything held.');
});

test('P7.2 only the DPO reaches the workspace: admins and analysts get 403 and no data', async ({ browser }) => {
  const [request] = queryE2eDb<{ id: string }>('SELECT id FROM DataSubjectRequest LIMIT 1');
  const [respondent] = queryE2eDb<{ id: string }>('SELECT id FROM Respondent LIMIT 1');
  const paths = ['/dpo', '/dpo/requests/new', ...(request ? [`/dpo/requests/${request.id}`] : []), ...(respondent ? [`/dpo/subjects/respondent/${respondent.id}`] : [])];
  for (const who of ['admin', 'analystA'] as const) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, who);
    for (const path of paths) {
      const response = await page.request.get(`/en${path}`, { maxRedirects: 0 });
      expect(response.status(), `${who} ${path}`).toBe(403);
      expect(await response.text()).not.toContain('@example.az');
    }
    if (respondent) expect((await page.request.get(`/api/dpo/subjects/respondent/${respondent.id}/export`)).status()).toBe(403);
  }
  const anonymous = await (await browser.newContext()).newPage();
  if (respondent) expect((await anonymous.request.get(`/api/dpo/subjects/respondent/${respondent.id}/export`)).status()).toBe(401);
});

test('P13.1 anyone can report a suspected compromise; the DPO sees it', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/az/my-data');
  const description = `Başqasının sorğu linkini aldım ${Date.now()}`;
  await page.locator('#compromise-description').fill('qısa');
  await page.getByTestId('compromise-form').getByRole('button').click();
  await expect(page.getByText('Zəhmət olmasa bir neçə söz də əlavə edin.')).toBeVisible();
  await page.locator('#compromise-description').fill(description);
  await page.getByTestId('compromise-form').getByRole('button').click();
  await expect(page.getByTestId('compromise-sent')).toBeVisible();
  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await expect(dpo.getByTestId('security-reports')).toContainText(description);
});

test('P7.2 the DPO registers a request received by post, attaches its subject later and extends the deadline with a reason', async ({ browser }) => {
  const email = `post-${Date.now().toString(36)}@example.az`;
  const respondent = await (await browser.newContext()).newPage();
  await respondent.goto('/en/s/cafe-visit');
  await answerBanner(respondent, 'en', 'rejectAll');
  await completeSurvey(respondent, 'en', email);

  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await dpo.getByRole('link', { name: 'Register a request' }).click();
  const form = dpo.getByTestId('register-request');
  await form.locator('#req-type').selectOption('rectification');
  await form.locator('#req-channel').selectOption('post');
  await form.locator('#req-contact').fill('not an email');
  await form.locator('#req-details').fill('My postal code is wrong.');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(form.getByText('Enter a valid email address.')).toBeVisible();
  await expect(form.locator('#req-details')).toHaveValue('My postal code is wrong.');
  await form.locator('#req-contact').fill(email);
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(dpo.getByRole('heading', { level: 1 })).toHaveText('Request: rectification');
  await expect(dpo.getByText('No data was found for this request’s subject when it was registered.')).toBeVisible();

  await dpo.getByTestId('attach-subject').getByRole('button').click();
  await expect(dpo.getByTestId('request-subject')).toHaveText('Open the subject (1 respondent)');

  const extend = dpo.getByTestId('extend-request');
  const later = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
  await extend.locator('#ext-due').fill(later);
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(extend.getByRole('alert')).toHaveText('Give the reason for the extension.');
  await extend.locator('#ext-reason').fill('Waiting for proof of address.');
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(dpo.getByTestId('request-facts')).toContainText('Waiting for proof of address.');
  await expect(dpo.getByTestId('request-history')).toContainText('Request registered');
  await expect(dpo.getByTestId('request-history')).toContainText('Subject found and attached');
  await expect(dpo.getByTestId('request-history')).toContainText('Deadline extended');

  // The correction itself, on the subject page (P10.1).
  await dpo.getByTestId('request-subject').click();
  const postal = dpo.getByTestId('category-demographic').getByRole('row').filter({ hasText: 'postal_code' });
  await postal.locator('input[name="value"]').fill('az 1001');
  await postal.getByRole('button', { name: 'Correct' }).click();
  await expect(postal.getByRole('status')).toHaveText('Corrected.');
  await expect(postal.locator('input[name="value"]')).toHaveValue('AZ 1001');
});
