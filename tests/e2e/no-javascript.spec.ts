import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { answerAboutYou, answerOpinion, answerVisit, press, queryE2eDb, SLUG, startSurvey, texts } from './survey-helpers';

test.use({ javaScriptEnabled: false });

test('the whole survey works with JavaScript off, errors included', async ({ page }) => {
  await startSurvey(page, 'en');
  await press(page, 'en', 'next');
  await expect(page.getByTestId('error-branch')).toHaveText(texts.en.required);

  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  const marker = `nojs-${randomUUID()}`;
  await answerOpinion(page, 'en', marker);
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: 'About you' })).toBeVisible();

  // Going back and forth keeps answers without JavaScript too.
  await press(page, 'en', 'back');
  await expect(page.locator('input[name="liked_most"]')).toHaveValue(marker);
  await press(page, 'en', 'next');

  await answerAboutYou(page, 'not-an-email');
  await press(page, 'en', 'finish');
  await expect(page.getByTestId('error-email')).toHaveText(texts.en.badEmail);
  await expect(page.locator('input[name="phone"]')).toHaveValue('+994 50 123 45 67');
  await page.locator('input[name="email"]').fill('nojs@example.az');
  await press(page, 'en', 'finish');

  await expect(page).toHaveURL(new RegExp(`/en/s/${SLUG}/done$`));
  await expect(page.getByRole('heading', { level: 1, name: texts.en.thanks })).toBeVisible();
  const [row] = queryE2eDb<{ status: string }>(
    'SELECT r.status FROM Response r JOIN Answer a ON a.responseId = r.id WHERE a.value = ?',
    JSON.stringify(marker),
  );
  expect(row?.status).toBe('completed');
});

test('P3.1 stop and discard works with JavaScript off', async ({ page }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await page.getByRole('link', { name: texts.en.stop }).click();
  await page.getByRole('button', { name: texts.en.confirmStop }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.en.stopped })).toBeVisible();
});

test('the language links work with JavaScript off', async ({ page }) => {
  await page.goto(`/en/s/${SLUG}`);
  await page.getByRole('link', { name: 'Azərbaycanca' }).click();
  await expect(page).toHaveURL(new RegExp(`/az/s/${SLUG}$`));
  await expect(page.getByRole('button', { name: texts.az.start })).toBeVisible();
});
