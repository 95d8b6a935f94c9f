import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answerOpinion, answerVisit, press, queryE2eDb, SLUG, startSurvey, texts, type Lang } from './survey-helpers';
import { signIn } from './staff-helpers';

async function expectNoSeriousViolations(page: Page, label: string) {
  // Next streams metadata after the body: wait for the title before judging the document.
  await expect(page).toHaveTitle(/Sorğu/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${label}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

// Ten or more full axe scans per test: each takes seconds on a loaded two-core machine.
test.describe.configure({ timeout: 150_000 });

for (const lang of ['az', 'en'] as const satisfies Lang[]) {
  test(`every respondent page passes axe in ${lang}`, async ({ page }) => {
    await page.goto(`/${lang}`);
    await expectNoSeriousViolations(page, 'home');
    await page.goto(`/${lang}/s/${SLUG}`);
    await expectNoSeriousViolations(page, 'intro');
    await startSurvey(page, lang);
    await expectNoSeriousViolations(page, 'section 1');
    await press(page, lang, 'next');
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await expectNoSeriousViolations(page, 'section 1 with errors');
    await answerVisit(page, lang);
    await press(page, lang, 'next');
    // Judge the new section, not the moment between two documents (the title is swapped late).
    await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[1] })).toBeVisible();
    await expectNoSeriousViolations(page, 'section 2');
    await answerOpinion(page, lang);
    await press(page, lang, 'next');
    await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[2] })).toBeVisible();
    await expectNoSeriousViolations(page, 'section 3');
    await page.getByRole('link', { name: texts[lang].stop }).click();
    await expect(page.getByRole('button', { name: texts[lang].confirmStop })).toBeVisible();
    await expectNoSeriousViolations(page, 'stop');
    await page.goBack();
    await press(page, lang, 'finish');
    await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
    await expectNoSeriousViolations(page, 'done');
    await page.goto(`/${lang}/s/${SLUG}/stopped`);
    await expectNoSeriousViolations(page, 'stopped');
    await page.goto(`/${lang}/no-such-page`);
    await expectNoSeriousViolations(page, 'not found');
    await page.goto(`/${lang}/s/no-such-survey`);
    await expectNoSeriousViolations(page, 'unavailable survey');
  });
}

test('the back office pages pass axe (login, surveys, report, responses, staff, audit, mailbox, DPO)', async ({ page, browser }) => {
  await page.goto('/az/login');
  await expectNoSeriousViolations(page, 'login');
  await signIn(page, 'admin', 'az');
  for (const path of ['/az/admin', '/az/admin/responses', '/az/admin/clients', '/az/admin/users', '/az/admin/audit', '/az/admin/mailbox']) {
    await page.goto(path);
    await expectNoSeriousViolations(page, path);
  }
  await page.goto('/az/admin');
  await page.getByRole('link', { name: 'Kafe ziyarətiniz haqqında' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, 'report');
  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo', 'en');
  await expectNoSeriousViolations(dpo, 'dpo');
  await dpo.goto('/en/dpo/requests/new');
  await expectNoSeriousViolations(dpo, 'register a request');
  const [respondent] = queryE2eDb<{ id: string }>('SELECT respondentId AS id FROM Response LIMIT 1');
  if (respondent) {
    await dpo.goto(`/az/dpo/subjects/respondent/${respondent.id}`);
    await expectNoSeriousViolations(dpo, 'subject view');
  }
});

test('the self-service pages pass axe (my data, verification, download)', async ({ page }) => {
  for (const path of ['/az/my-data', '/en/my-data', '/en/my-data/verify/unknown', '/az/my-data/download/unknown', '/az/my-data/download/unknown?problem=used_up']) {
    await page.goto(path);
    await expectNoSeriousViolations(page, path);
  }
});

test('staff pages fit a 390 px phone screen: wide tables scroll in their own box, the page never does', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
  await signIn(page, 'admin', 'az');
  const survey = await page.getByRole('link', { name: 'Kafe ziyarətiniz haqqında' }).getAttribute('href');
  const pages = ['/az/admin', '/az/admin/responses', '/az/admin/clients', '/az/admin/users', '/az/admin/audit', survey!, `${survey}/edit`, '/en/admin/users'];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  await page.goto('/az/admin/users');
  await expectNoSeriousViolations(page, 'users on a phone');
});
