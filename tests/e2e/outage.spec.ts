import { expect, test, type Browser, type Page } from '@playwright/test';
import { answerOpinion, answerVisit, consentTexts, OUTAGE_BASE, press, SLUG, startSurvey } from './survey-helpers';

/**
 * Server 2 of playwright.config.ts (tests/e2e/outage-server.ts) runs the app on PostgreSQL behind
 * a switch: these tests take the respondent's path with the database up, then cut it half-way.
 * One switch for the whole file, so its tests run one after another.
 */
test.describe.configure({ mode: 'serial' });

const SWITCH = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 4}`;

async function database(state: 'up' | 'down') {
  const response = await fetch(`${SWITCH}/${state}`, { method: 'POST' });
  expect(response.status).toBe(204);
}

test.afterEach(() => database('up'));

const texts = {
  az: { error: 'Xəta baş verdi', reference: 'İstinad nömrəsi:', unavailable: 'Xidmət hazırda əlçatan deyil' },
  en: { error: 'Something went wrong', reference: 'Reference:', unavailable: 'The service is unavailable at the moment' },
} as const;

const STACK_TRACE = /PrismaClient|at async|node_modules|ECONNREFUSED|DatabaseNotReachable|\.tsx?:\d+/;

async function respondent(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL: OUTAGE_BASE, javaScriptEnabled });
  return context.newPage();
}

test('/api/health answers 503 while the database is down, 200 when it is up again', async ({ request }) => {
  expect(await (await request.get(`${OUTAGE_BASE}/api/health`)).json()).toEqual({ status: 'ok', database: 'up' });
  await database('down');
  const down = await request.get(`${OUTAGE_BASE}/api/health`);
  expect(down.status()).toBe(503);
  expect(await down.json()).toEqual({ status: 'unavailable', database: 'down' });
  await database('up');
  await expect.poll(async () => (await request.get(`${OUTAGE_BASE}/api/health`)).status()).toBe(200);
});

test('JavaScript off: a section sent while the database is down comes back with what was typed, and is saved once it is back', async ({ browser }) => {
  const page = await respondent(browser, false);
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: 'Your opinion' })).toBeVisible();
  await answerOpinion(page, 'en', 'Typed during the outage');

  await database('down');
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: 'Your opinion' })).toBeVisible();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText(texts.en.unavailable);
  await expect(summary).toContainText(texts.en.reference);
  await expect(page.locator('input[name="liked_most"]')).toHaveValue('Typed during the outage');
  await expect(page.locator('input[name="recommend"][value="9"]')).toBeChecked();
  expect(await page.content()).not.toMatch(STACK_TRACE);

  await database('up');
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: 'About you' })).toBeVisible();
  await press(page, 'en', 'back');
  await expect(page.locator('input[name="liked_most"]')).toHaveValue('Typed during the outage');
});

for (const javaScriptEnabled of [false, true]) {
  for (const lang of ['az', 'en'] as const) {
    test(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}: with the database down a page is a localized error page with a reference, never a stack trace (${lang})`, async ({ browser }) => {
      const page = await respondent(browser, javaScriptEnabled);
      await database('down');
      const response = await page.goto(`/${lang}`);
      expect(response?.status()).toBe(500);
      await expect(page.getByRole('heading', { level: 1, name: texts[lang].error })).toBeVisible();
      await expect(page.getByTestId('error-reference')).toContainText(texts[lang].reference);
      expect(await page.content()).not.toMatch(STACK_TRACE);
      // The survey page, which this server has read before, says the service is unavailable.
      await page.goto(`/${lang}/s/${SLUG}`);
      await expect(page.getByTestId('survey-unavailable-now')).toContainText(texts[lang].reference);
    });
  }
}

test('JavaScript off: the cookie choice and Start sent while the database is down reach a localized page with the reference', async ({ browser }) => {
  const page = await respondent(browser, false);
  await page.goto(`/az/s/${SLUG}`);
  await database('down');
  await page.getByTestId('consent-banner').getByRole('button', { name: consentTexts.az.rejectAll }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.az.unavailable })).toBeVisible();
  await expect(page.getByTestId('error-reference')).toContainText(texts.az.reference);

  await database('up');
  await page.goto(`/en/s/${SLUG}`);
  await page.locator('#age-gate-birth-date').fill('1990-04-30');
  await database('down');
  await page.getByRole('button', { name: 'Start the survey' }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.en.unavailable })).toBeVisible();
  await expect(page.getByTestId('error-reference')).toContainText(texts.en.reference);
  expect(await page.content()).not.toMatch(STACK_TRACE);
});

for (const javaScriptEnabled of [false, true]) {
  test(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}: staff sign-in while the database is down says the service is unavailable`, async ({ browser }) => {
    const page = await respondent(browser, javaScriptEnabled);
    await page.goto('/en/login');
    await database('down');
    await page.getByLabel('Email').fill('admin@sorgu.test');
    await page.getByLabel('Password').fill('whatever-it-is');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error')).toContainText('The service is unavailable at the moment, so you could not be signed in.');
    await expect(page.getByLabel('Email')).toHaveValue('admin@sorgu.test');
  });
}
