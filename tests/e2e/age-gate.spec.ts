import { expect, test } from '@playwright/test';
import { answerAboutYou, answerBanner, answerOpinion, answerVisit, consentIdOf, countRows, press, queryE2eDb, SLUG, startSurvey, texts } from './survey-helpers';

function isoYearsAgo(years: number, plusDays = 0) {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
}

test('P11.1 an under-age respondent is stopped kindly at the gate and nothing of theirs is stored', async ({ page, context }) => {
  // Accepting everything first: if anything were stored, it would carry this browser's subject key.
  await page.goto(`/az/s/${SLUG}`);
  await answerBanner(page, 'az', 'acceptAll');
  const consentId = await consentIdOf(page);
  const [{ subjectKey }] = queryE2eDb<{ subjectKey: string }>('SELECT subjectKey FROM ConsentRecord WHERE id = ?', consentId) as [{ subjectKey: string }];

  await page.locator('#age-gate-birth-date').fill(isoYearsAgo(15));
  await page.getByRole('button', { name: texts.az.start }).click();

  await expect(page).toHaveURL(new RegExp(`/az/s/${SLUG}/too-young$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Marağınız üçün təşəkkür edirik' })).toBeVisible();
  await expect(page.getByText('16 və daha yuxarı yaşda')).toBeVisible();
  expect((await context.cookies()).filter((c) => c.name.startsWith('sorgu_resume'))).toEqual([]);
  expect(queryE2eDb('SELECT id FROM Respondent WHERE consentSubjectKey = ?', subjectKey)).toHaveLength(0);
  expect(countRows('UsageMetadata', 'subjectKey = ?', subjectKey)).toBe(0);
  expect(countRows('FraudSignal', 'subjectKey = ?', subjectKey)).toBe(0);
});

test('P11.1 the gate needs a valid birth date and says so in the respondent’s language', async ({ page }) => {
  await page.goto(`/en/s/${SLUG}`);
  await page.getByRole('button', { name: texts.en.start }).click();
  await expect(page.getByTestId('error-birth_date')).toHaveText('This question needs an answer.');
  await page.locator('#age-gate-birth-date').fill(isoYearsAgo(16));
  await page.getByRole('button', { name: texts.en.start }).click();
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[0] })).toBeVisible();
});

test('P11.1 a birth date below the minimum given later in the survey deletes the whole draft', async ({ page }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  const marker = `minor-${Math.random().toString(36).slice(2)}`;
  await answerOpinion(page, 'en', marker);
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[2] })).toBeVisible();
  expect(queryE2eDb('SELECT id FROM Answer WHERE value = ?', JSON.stringify(marker))).toHaveLength(1);

  await answerAboutYou(page);
  await page.locator('input[name="birth_date"]').fill(isoYearsAgo(14));
  await press(page, 'en', 'finish');
  await expect(page).toHaveURL(new RegExp(`/en/s/${SLUG}/too-young$`));
  await expect(page.getByText('Nothing you entered has been kept.')).toBeVisible();
  expect(queryE2eDb('SELECT id FROM Answer WHERE value = ?', JSON.stringify(marker))).toHaveLength(0);
});
