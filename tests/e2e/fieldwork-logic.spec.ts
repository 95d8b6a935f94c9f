import { expect, test, type Page } from '@playwright/test';
import { queryE2eDb } from './survey-helpers';
import { signIn } from './staff-helpers';

/**
 * Issue 13, part 1: skip logic, piping and hidden fields in the fieldwork demo (prisma/seed.ts
 * order-feedback), with and without JavaScript, and in the builder. The server decides the path;
 * what it stored is read from the e2e database.
 */
const SLUG = 'order-feedback';
const words = {
  en: { start: 'Start the survey', next: 'Next', back: 'Back', finish: 'Submit my answers', thanks: 'Thank you!', sections: ['Your order', 'Delivery', 'What went wrong?', 'Finally'] },
  az: { start: 'Sorğuya başla', next: 'Növbəti', back: 'Geri', finish: 'Cavablarımı göndər', thanks: 'Təşəkkür edirik!', sections: ['Sifarişiniz', 'Çatdırılma', 'Nə düz getmədi?', 'Sonda'] },
} as const;
type Lang = keyof typeof words;

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name });
const press = (page: Page, lang: Lang, button: 'next' | 'back' | 'finish') => page.getByRole('button', { name: words[lang][button], exact: true }).click();

/** What the server stored for the response that holds this hidden-field value (each test uses its own). */
function storedKeys(store: string): string[] {
  const [response] = queryE2eDb<{ responseId: string }>(`SELECT a.responseId FROM Answer a JOIN Question q ON q.id = a.questionId WHERE q.key = 'store' AND a.value = ?`, JSON.stringify(store));
  if (!response) return [];
  return queryE2eDb<{ key: string }>(`SELECT q.key FROM Answer a JOIN Question q ON q.id = a.questionId WHERE a.responseId = ? ORDER BY q.key`, response.responseId).map((r) => r.key);
}
const statusOf = (store: string) =>
  queryE2eDb<{ status: string }>(`SELECT r.status FROM Response r JOIN Answer a ON a.responseId = r.id JOIN Question q ON q.id = a.questionId WHERE q.key = 'store' AND a.value = ?`, JSON.stringify(store))[0]?.status;

test('P2.1 the path follows the answers, pipes them into later questions, and deletes what a change of mind skips (en, JavaScript)', async ({ page }) => {
  const store = `baku-${Date.now().toString(36)}`;
  await page.goto(`/en/s/${SLUG}?store=${store}&src=sms&utm_campaign=spring`);
  await page.getByRole('button', { name: words.en.start }).click();
  await expect(heading(page, 'Your order')).toBeVisible();
  await expect(page.getByText('Section 1 of 2')).toBeVisible();

  await page.getByLabel('Delivery').check();
  await page.locator('input[name="order_rating"][value="2"]').check();
  await press(page, 'en', 'next');
  await expect(heading(page, 'Delivery')).toBeVisible();
  // The path now has four sections: delivery and "what went wrong" joined it.
  await expect(page.getByText('Section 2 of 4')).toBeVisible();
  await page.getByLabel('Over 60 minutes').check();
  await press(page, 'en', 'next');
  await expect(heading(page, 'What went wrong?')).toBeVisible();
  await expect(page.getByText('You rated your order 2 out of 5. What went wrong?')).toBeVisible();
  await page.locator('textarea[name="problem"]').fill('It came cold');
  await press(page, 'en', 'next');
  await expect(heading(page, 'Finally')).toBeVisible();
  await expect(page.getByText('Would you choose “Delivery” again next time?')).toBeVisible();
  // src=sms came with the link: the SMS question is asked.
  await expect(page.getByText('Was the text message that invited you clear?')).toBeVisible();
  expect(storedKeys(store)).toEqual(['delivery_time', 'order_rating', 'order_type', 'problem', 'src', 'store']);

  // A change of mind on the first page: in the café, five stars.
  for (const name of ['What went wrong?', 'Delivery', 'Your order']) {
    await press(page, 'en', 'back');
    await expect(heading(page, name)).toBeVisible();
  }
  await page.getByLabel('In the café').check();
  await page.locator('input[name="order_rating"][value="5"]').check();
  await press(page, 'en', 'next');
  await expect(heading(page, 'Finally')).toBeVisible();
  await expect(page.getByText('Section 2 of 2')).toBeVisible();
  await expect(page.getByText('Would you choose “In the café” again next time?')).toBeVisible();
  // The answers the new path skips were deleted at that step, not kept until the end.
  expect(storedKeys(store)).toEqual(['order_rating', 'order_type', 'src', 'store']);

  await page.locator('input[name="choose_again"][value="yes"]').check();
  await answerGrid(page);
  await press(page, 'en', 'finish');
  await expect(page.getByRole('heading', { level: 1, name: words.en.thanks })).toBeVisible();
  expect(statusOf(store)).toBe('completed');
  // utm_campaign was not declared: dropped.
  expect(storedKeys(store)).toEqual(['choose_again', 'order_parts', 'order_rating', 'order_type', 'src', 'store']);
});

/** The grid of the last page, every row. */
async function answerGrid(page: Page) {
  for (const [row, value] of [['taste', 'good'], ['temperature', 'fine'], ['packaging', 'good']] as const) await page.locator(`input[name="order_parts.${row}"][value="${value}"]`).check();
}

test('randomization: each respondent’s option order is their own, kept on every page and after a reload; "Some other way" stays last', async ({ browser }) => {
  const orders = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`/en/s/${SLUG}`);
    await page.getByRole('button', { name: words.en.start }).click();
    const options = page.locator('input[name="order_type"]');
    await expect(options).toHaveCount(4);
    const order = await options.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(order.at(-1)).toBe('other');
    await page.reload();
    await expect(options).toHaveCount(4);
    expect(await options.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(order);
    orders.add(order.join());
    await page.context().close();
  }
  // Six respondents, six shuffles of three options: all alike has a chance of 1 in 6^5.
  expect(orders.size).toBeGreaterThan(1);
});

test('P2.1 a question the logic hides cannot be submitted by adding it to the form', async ({ page }) => {
  const store = `forge-${Date.now().toString(36)}`;
  await page.goto(`/en/s/${SLUG}?store=${store}`);
  await page.getByRole('button', { name: words.en.start }).click();
  await page.getByLabel('Takeaway').check();
  await page.locator('input[name="order_rating"][value="4"]').check();
  await press(page, 'en', 'next');
  await expect(heading(page, 'Finally')).toBeVisible();
  // No src=sms: the SMS question is not on the page. A crafted request adds it anyway, and overwrites the store.
  await expect(page.locator('[name="sms_clear"]')).toHaveCount(0);
  await page.locator('#survey-form').evaluate((form) => {
    for (const [name, value] of [['sms_clear', 'no'], ['store', 'forged']] as const) {
      const input = document.createElement('input');
      Object.assign(input, { type: 'hidden', name, value });
      form.appendChild(input);
    }
  });
  await page.locator('input[name="choose_again"][value="no"]').check();
  await press(page, 'en', 'finish');
  await expect(page.getByTestId('error-summary')).toContainText('The form sent a field this survey does not ask for, so nothing was saved.');
  expect(statusOf(store)).toBe('in_progress');
  expect(storedKeys(store)).toEqual(['order_rating', 'order_type', 'store']);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the server decides the path, pipes and keeps the hidden fields (az)', async ({ page }) => {
    const store = `ganja-${Date.now().toString(36)}`;
    await page.goto(`/az/s/${SLUG}?store=${store}`);
    await page.getByRole('button', { name: words.az.start }).click();
    await expect(heading(page, 'Sifarişiniz')).toBeVisible();
    await press(page, 'az', 'next');
    await expect(page.getByTestId('error-order_type')).toBeVisible();
    await page.getByLabel('Çatdırılma').check();
    await page.locator('input[name="order_rating"][value="4"]').check();
    await press(page, 'az', 'next');
    await expect(heading(page, 'Çatdırılma')).toBeVisible();
    await page.getByLabel('30 dəqiqədən az').check();
    await press(page, 'az', 'next');
    // Four stars: "what went wrong" is skipped.
    await expect(heading(page, 'Sonda')).toBeVisible();
    await expect(page.getByText('Növbəti dəfə yenə “Çatdırılma” seçərdinizmi?')).toBeVisible();
    await expect(page.locator('[name="sms_clear"]')).toHaveCount(0);
    await page.getByLabel('Bəli').check();
    // The grid is required per row: one row left empty is named, what was chosen stays.
    await page.locator('input[name="order_parts.taste"][value="good"]').check();
    await page.locator('input[name="order_parts.temperature"][value="fine"]').check();
    await press(page, 'az', 'finish');
    await expect(page.getByTestId('error-order_parts')).toHaveText('Hər sətirdə bir cavab seçin.');
    await expect(page.locator('input[name="order_parts.taste"][value="good"]')).toBeChecked();
    await page.locator('input[name="order_parts.packaging"][value="poor"]').check();
    await press(page, 'az', 'finish');
    await expect(page.getByRole('heading', { level: 1, name: words.az.thanks })).toBeVisible();
    expect(storedKeys(store)).toEqual(['choose_again', 'delivery_time', 'order_parts', 'order_rating', 'order_type', 'store']);
    const [grid] = queryE2eDb<{ value: string }>(
      `SELECT a.value FROM Answer a JOIN Question q ON q.id = a.questionId WHERE q.key = 'order_parts' AND a.responseId = (SELECT responseId FROM Answer WHERE value = ?)`,
      JSON.stringify(store),
    );
    expect(JSON.parse(grid!.value)).toEqual({ taste: 'good', temperature: 'fine', packaging: 'poor' });
  });
});

test('the builder refuses logic it cannot evaluate and shows the rest in words', async ({ page }) => {
  await signIn(page, 'admin');
  const slug = `logic-${Date.now().toString(36)}`;
  await page.getByRole('link', { name: 'New survey' }).click();
  await page.locator('#survey-client').selectOption({ label: 'Demo Coffee' });
  await page.locator('#survey-slug').fill(slug);
  for (const [name, value] of [['title_az', 'Məntiq'], ['title_en', 'Logic'], ['description_az', 'Sınaq'], ['description_en', 'A test']] as const) await page.locator(`[name="${name}"]`).fill(value);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/surveys\/[^/]+\/edit$/);
  for (const [az, en] of [['Bir', 'One'], ['İki', 'Two']] as const) {
    const add = page.getByTestId('add-section');
    await add.locator('input[name="sectionTitle_az"]').fill(az);
    await add.locator('input[name="sectionTitle_en"]').fill(en);
    await add.getByRole('button', { name: 'Add section' }).click();
    await expect(page.getByRole('heading', { level: 3, name: new RegExp(en) })).toBeVisible();
  }
  const form = page.getByTestId('add-question');
  const add = async (key: string, section: string, type: string, showIf: string, options = '') => {
    await form.locator('#q-section').selectOption({ label: section });
    await form.locator('#q-key').fill(key);
    await form.locator('#q-type').selectOption(type);
    await form.locator('input[name="prompt_az"]').fill(`${key} az`);
    await form.locator('input[name="prompt_en"]').fill(`${key} en`);
    await form.locator('#q-options').fill(options);
    await form.locator('#new-q-show-if').fill(showIf);
    await form.getByRole('button', { name: 'Add question' }).click();
  };
  // A saved question empties the form (React resets it): wait for that before filling it again.
  const saved = () => expect(form.locator('#q-key')).toHaveValue('');
  await add('visit', '1. One', 'single_choice', '', 'yes | Bəli | Yes\nno | Xeyr | No');
  await saved();
  await expect(page.getByTestId('builder-section-0')).toContainText('visit');
  await add('src', '2. Two', 'hidden', '');
  await saved();
  await page.waitForTimeout(4000);
  await expect(page.getByTestId('builder-section-1')).toContainText('hidden field (from the link)');
  // Same page: refused, with why.
  await add('why', '1. One', 'short_text', 'visit = yes');
  await expect(form.getByTestId('error-new-q-show-if')).toContainText('only use questions of earlier sections and hidden fields');
  await add('why', '2. Two', 'short_text', 'visit = = yes');
  await expect(form.getByTestId('error-new-q-show-if')).toContainText('cannot be read');
  await add('why', '2. Two', 'short_text', 'visit = yes or src = sms');
  await expect(page.getByTestId('question-logic-why')).toHaveText('· asked only if visit is “Yes” or src is “sms”');
  // Moving the section up puts the reference after its question: listed, and publishing refuses it.
  await page.getByTestId('builder-section-1').getByRole('button', { name: 'Move up' }).click();
  await expect(page.getByTestId('logic-problems')).toContainText('why: uses “visit”, which is not in an earlier section');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('publish-problems')).toContainText('why: uses “visit”');
  await expect(page.getByTestId('survey-status')).toContainText('Status: draft');
});
