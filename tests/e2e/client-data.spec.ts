import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './staff-helpers';
import { ADULT_BIRTH_DATE, answerAboutYou, answerOpinion, answerVisit, press, queryE2eDb, SLUG, texts, type Lang } from './survey-helpers';

/**
 * P4.4, P3.2, P5.5 — a Client's customer data, uploaded as CSV in the back office, matched to the
 * respondents of its own surveys, used in a report's breakdown, and shown to the DPO.
 */

/** Takes the demo survey from a link that carries a customer id; returns the respondent's id. */
async function respondFromLink(browser: Browser, lang: Lang, customer: string, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/${lang}/s/${SLUG}?customer=${customer}`);
  await page.locator('#age-gate-birth-date').fill(ADULT_BIRTH_DATE);
  await page.getByRole('button', { name: texts[lang].start }).click();
  await answerVisit(page, lang);
  await press(page, lang, 'next');
  await answerOpinion(page, lang);
  await press(page, lang, 'next');
  await answerAboutYou(page, email);
  await press(page, lang, 'finish');
  await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
  await context.close();
  const [row] = queryE2eDb<{ respondentId: string; customerId: string | null }>(
    'SELECT r.respondentId, r.customerId FROM Answer a JOIN Response r ON r.id = a.responseId WHERE a.value = ?',
    JSON.stringify(email),
  );
  expect(row!.customerId).toBe(customer);
  return row!.respondentId;
}

async function uploadCsv(page: Page, lang: Lang, csv: string, matchKey: 'email' | 'phone' | 'customer_id', fileName = 'loyalty.csv') {
  await page.goto(`/${lang}/admin/client-data`);
  const form = page.getByTestId('client-data-upload');
  await form.locator('#client-data-client').selectOption({ label: 'Demo Coffee' });
  await form.locator(`input[name="matchKey"][value="${matchKey}"]`).check();
  await form.locator('#client-data-file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/admin/client-data/[A-Za-z0-9]+$`));
}

const tierOf = (respondentId: string) => queryE2eDb<{ value: string }>(`SELECT value FROM ClientDatum WHERE respondentId = ? AND field = 'tier'`, respondentId).map((r) => r.value);

test('P4.4 P3.2 an admin uploads customer data: a bad line stores nothing and is named; the corrected file is matched, broken down in the report and shown to the DPO', async ({ browser, page }) => {
  const run = Date.now().toString(36);
  const [gold, silver] = [`gold-${run}@example.az`, `silver-${run}@example.az`];
  const goldId = await respondFromLink(browser, 'en', `C-${run}-1`, gold);
  const silverId = await respondFromLink(browser, 'en', `C-${run}-2`, silver);
  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Client data' }).click();

  await uploadCsv(page, 'en', `email,tier,loyalty_member\n${gold},gold,yes\nnot-an-address,silver,no\n${silver},silver,yes,extra\nnobody-${run}@example.az,bronze,no\n`, 'email');
  await expect(page.getByTestId('client-data-rejected')).toContainText('Nothing was stored: 2 problems were found.');
  const errors = page.getByTestId('client-data-errors').getByRole('row');
  await expect(errors.nth(1)).toContainText('3');
  await expect(errors.nth(1)).toContainText('Not an email address.');
  await expect(errors.nth(2)).toContainText('4');
  await expect(errors.nth(2)).toContainText('a different number of cells');
  expect(tierOf(goldId)).toEqual([]);

  await uploadCsv(page, 'en', `email,tier,loyalty_member\n${gold},gold,yes\n${silver},silver,yes\nnobody-${run}@example.az,bronze,no\n`, 'email');
  await expect(page.getByTestId('client-data-imported')).toContainText('3 rows read, 2 rows matched respondents, 4 values stored');
  expect([tierOf(goldId), tierOf(silverId)]).toEqual([['gold'], ['silver']]);
  // The row that matched nobody is not kept anywhere.
  expect(queryE2eDb(`SELECT id FROM ClientDatum WHERE value = 'bronze'`)).toEqual([]);

  // P3.2: the survey's report, broken down by tier.
  const [survey] = queryE2eDb<{ id: string }>('SELECT id FROM Survey WHERE slug = ?', SLUG);
  await page.goto(`/en/admin/surveys/${survey!.id}`);
  const breakdown = page.getByTestId('client-breakdown');
  await breakdown.getByLabel('Client field').selectOption('tier');
  await breakdown.getByRole('button', { name: 'Show groups' }).click();
  const goldRow = page.getByTestId('breakdown-groups').getByRole('row').filter({ hasText: 'gold' });
  await expect(goldRow).toBeVisible();
  await goldRow.getByRole('link', { name: 'Report for this group' }).click();
  await expect(page.getByTestId('breakdown-filter')).toHaveText(/Showing only respondents with tier = gold\./);
  await expect(page.getByText(/^Demo Coffee · [1-9]\d* completed responses?$/)).toBeVisible();

  // P7.2: the DPO sees it as data from the Client, sourced to the upload.
  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await dpo.goto(`/en/dpo/subjects/respondent/${goldId}`);
  const category = dpo.getByTestId('category-client');
  await expect(category.getByRole('heading')).toHaveText('Data from Clients (3)');
  await expect(category).toContainText('loyalty.csv');
  await expect(category).toContainText(`C-${run}-1`);
  // P10.1: a value the Client got wrong is removed on its own.
  await category.getByRole('button', { name: 'Remove tier' }).click();
  await expect(category.getByRole('heading')).toHaveText('Data from Clients (2)');
  expect(tierOf(goldId)).toEqual([]);
});

test('P5.5 without JavaScript a Client’s analyst uploads by customer id for their own Client only; the other Client’s analyst sees none of it', async ({ browser }) => {
  const run = Date.now().toString(36);
  const respondentId = await respondFromLink(browser, 'az', `AZ-${run}`, `az-${run}@example.az`);
  const analyst = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(analyst, 'analystA', 'az');
  await analyst.goto('/az/admin/client-data');
  await expect(analyst.locator('#client-data-client option')).toHaveText(['Demo Coffee']);
  // No file: a localized error, nothing stored.
  await analyst.getByTestId('client-data-upload').locator('button[type="submit"]').click();
  await expect(analyst.getByTestId('client-data-error')).toHaveText(/Yükləmək üçün CSV faylı seçin\./);
  await uploadCsv(analyst, 'az', `customer_id,tier\nAZ-${run},platinum\n`, 'customer_id', `musteriler-${run}.csv`);
  await expect(analyst.getByTestId('client-data-imported')).toContainText('1 sətir respondentlərə uyğun gəlib');
  expect(tierOf(respondentId)).toEqual(['platinum']);
  const uploadPath = new URL(analyst.url()).pathname;

  const other = await (await browser.newContext()).newPage();
  await signIn(other, 'analystB');
  await other.goto('/en/admin/client-data');
  await expect(other.getByText(`musteriler-${run}.csv`)).toHaveCount(0);
  const response = await other.goto(uploadPath.replace('/az/', '/en/'));
  expect(response!.status()).toBe(404);
});

test('P4.4 the upload endpoint refuses another site’s form and anyone signed out', async ({ browser, page }) => {
  const base = new URL(test.info().project.use.baseURL!).origin;
  const anonymous = await (await browser.newContext()).request.post('/api/client-data', { multipart: { clientId: 'x', matchKey: 'email', locale: 'en' }, headers: { origin: base }, maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
  await signIn(page, 'admin');
  const forged = await page.request.post('/api/client-data', { multipart: { clientId: 'x', matchKey: 'email', locale: 'en' }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  const ours = await page.request.post('/api/client-data', { multipart: { clientId: 'x', matchKey: 'email', locale: 'en' }, headers: { origin: base }, maxRedirects: 0 });
  expect([ours.status(), ours.headers().location]).toEqual([303, '/en/admin/client-data?error=no_file']);
});

for (const lang of ['az', 'en'] as const) {
  test(`P4.4 the Client data page is accessible and fits 390 px (${lang})`, async ({ page }) => {
    await signIn(page, 'admin', lang);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/${lang}/admin/client-data`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
}
