import { createHash, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ADULT_BIRTH_DATE, answerAboutYou, answerOpinion, answerVisit, press, queryE2eDb, SLUG, startSurvey, texts, type Lang } from './survey-helpers';

type StoredAnswer = { key: string; value: string; category: string; lawfulBasis: string; status: string; locale: string };

function storedAnswersOf(marker: string): StoredAnswer[] {
  return queryE2eDb<StoredAnswer>(
    `SELECT q."key" AS key, a.value, a.category, a.lawfulBasis, r.status, r.locale
       FROM Answer a JOIN Question q ON q.id = a.questionId JOIN Response r ON r.id = a.responseId
      WHERE a.responseId = (SELECT responseId FROM Answer WHERE value = ?) ORDER BY q."key"`,
    JSON.stringify(marker),
  );
}

for (const lang of ['az', 'en'] as const satisfies Lang[]) {
  test(`P4.1 a respondent completes the demo survey in ${lang}`, async ({ browser }) => {
    const context = await browser.newContext({ locale: lang === 'az' ? 'az-AZ' : 'en-GB' });
    const page = await context.newPage();
    // The root sends each browser to its language.
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/${lang}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page
      .getByRole('listitem')
      .filter({ hasText: lang === 'az' ? 'Kafe ziyarətiniz haqqında' : 'About your café visit' })
      .getByRole('link', { name: lang === 'az' ? 'Sorğuda iştirak et' : 'Take the survey' })
      .click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/s/${SLUG}$`));

    await page.locator('#age-gate-birth-date').fill(ADULT_BIRTH_DATE);
    await page.getByRole('button', { name: texts[lang].start }).click();
    await expect(page.getByText(lang === 'az' ? 'Bölmə 1 / 3' : 'Section 1 of 3')).toBeVisible();
    // The bar counts the sections reached, as its text says: a third on the first, full on the last.
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '33');
    // P8.1: the first section has no optional contact/demographic question, so no reward notice.
    await expect(page.getByTestId('reward-notice')).toHaveCount(0);
    await answerVisit(page, lang);
    await press(page, lang, 'next');
    await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[1] })).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '67');
    const marker = `liked-${randomUUID()}`;
    await answerOpinion(page, lang, marker);
    await press(page, lang, 'next');
    await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[2] })).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByText(lang === 'az' ? 'Bölmə 3 / 3' : 'Section 3 of 3')).toBeVisible();
    // P8.1: optional contact/demographic questions warn about the reward — once for the section,
    // and each of the five fields points to that one notice.
    await expect(page.getByText(lang === 'az' ? /mükafat almaq hüququnuz olmaya bilər/ : /ineligible for the reward/)).toHaveCount(1);
    for (const name of ['email', 'phone', 'birth_date', 'postal_code']) {
      await expect(page.locator(`[name="${name}"]`)).toHaveAttribute('aria-describedby', /reward-notice/);
    }
    await expect(page.locator('fieldset#q-gender')).toHaveAttribute('aria-describedby', /reward-notice/);
    await answerAboutYou(page);
    await press(page, lang, 'finish');

    await expect(page).toHaveURL(new RegExp(`/${lang}/s/${SLUG}/done$`));
    await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
    const year = String(new Date().getFullYear());
    await expect(page.getByTestId('received-at')).toContainText(year);
    await expect(page.getByTestId('received-at')).toContainText(lang === 'az' ? /noyabr|dekabr|yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr/ : /January|February|March|April|May|June|July|August|September|October|November|December/);

    const stored = storedAnswersOf(marker);
    expect(stored.map((a) => a.key)).toEqual([
      'birth_date', 'branch', 'comment', 'email', 'gender', 'liked_most', 'overall_rating', 'phone', 'postal_code', 'recommend', 'visit_purposes',
    ]);
    expect(new Set(stored.map((a) => a.status))).toEqual(new Set(['completed']));
    expect(stored[0]!.locale).toBe(lang);
    const byKey = Object.fromEntries(stored.map((a) => [a.key, a]));
    expect(byKey.email).toMatchObject({ value: '"leyla@example.az"', category: 'contact', lawfulBasis: 'legitimate_interests' });
    expect(byKey.phone!.value).toBe('"+994501234567"');
    expect(byKey.postal_code).toMatchObject({ value: '"AZ1000"', category: 'demographic' });
    expect(byKey.visit_purposes).toMatchObject({ value: '["coffee","food"]', category: 'answers' });
    expect(JSON.parse(String(byKey.overall_rating!.value))).toBe(4);

    // Finishing spends the resume token: the survey page offers a new start.
    await page.goto(`/${lang}/s/${SLUG}`);
    await expect(page.getByRole('button', { name: texts[lang].start })).toBeVisible();
    await context.close();
  });
}

test('a double click on Start makes one draft: two posts of one start form at once set the same resume cookie', async ({ page, baseURL }) => {
  await page.goto(`/en/s/${SLUG}`);
  await page.locator('#age-gate-birth-date').fill(ADULT_BIRTH_DATE);
  const fields = await page.locator('form:has(#age-gate-birth-date)').evaluate((form: HTMLFormElement) => {
    const out: [string, string][] = [];
    new FormData(form).forEach((value, key) => out.push([key, String(value)]));
    return out;
  });
  const post = () => {
    const form = new FormData();
    for (const [key, value] of fields) form.append(key, value);
    return page.request.post(`/en/s/${SLUG}`, { multipart: form, headers: { origin: baseURL! }, maxRedirects: 0 });
  };
  const answers = await Promise.all([post(), post()]);
  const tokens = answers.map((answer) => {
    const cookie = answer.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(`sorgu_resume_${SLUG}=`));
    return cookie?.value.split(';')[0]!.split('=')[1];
  });
  expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(tokens[1]).toBe(tokens[0]);
  const hashes = [...new Set(tokens)].map((token) => createHash('sha256').update(token!).digest('hex'));
  const drafts = queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM Response WHERE resumeTokenHash IN (${hashes.map(() => '?').join(', ')})`, ...hashes);
  expect(drafts[0]!.n).toBe(1);
});

test('reloading midway, or closing the tab, resumes where the respondent was', async ({ context }) => {
  const page = await context.newPage();
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: 'Your opinion' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Your opinion' })).toBeVisible();
  await page.close();

  // A new tab in the same browser: the httpOnly cookie brings the draft back.
  const again = await context.newPage();
  await again.goto(`/en/s/${SLUG}`);
  await expect(again.getByRole('heading', { level: 2, name: 'Your opinion' })).toBeVisible();
  await press(again, 'en', 'back');
  await expect(again.getByLabel('Port Baku')).toBeChecked();
  await expect(again.getByLabel('Coffee')).toBeChecked();
  await expect(again.locator('input[name="overall_rating"][value="4"]')).toBeChecked();

  const cookies = await context.cookies();
  const resume = cookies.find((c) => c.name === `sorgu_resume_${SLUG}`)!;
  expect(resume.httpOnly).toBe(true);
  expect(resume.sameSite).toBe('Lax');
  expect(resume.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('the language switcher keeps the page and what was typed', async ({ page }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await page.locator('input[name="liked_most"]').fill('The cardamom tea');
  await page.getByRole('link', { name: 'Azərbaycanca' }).click();

  await expect(page).toHaveURL(new RegExp(`/az/s/${SLUG}$`));
  await expect(page.getByRole('heading', { level: 2, name: 'Fikriniz' })).toBeVisible();
  await expect(page.locator('input[name="liked_most"]')).toHaveValue('The cardamom tea');
  await expect(page.locator('html')).toHaveAttribute('lang', 'az');
});

test('P3.1 P7.1 stop and discard deletes the draft and everything in it', async ({ page }) => {
  await startSurvey(page, 'az');
  await answerVisit(page, 'az');
  await press(page, 'az', 'next');
  const marker = `discard-${randomUUID()}`;
  await page.locator('input[name="liked_most"]').fill(marker);
  await page.locator('input[name="recommend"][value="3"]').check();
  await press(page, 'az', 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts.az.section[2] })).toBeVisible();
  expect(storedAnswersOf(marker)).toHaveLength(5);

  await page.getByRole('link', { name: texts.az.stop }).click();
  await page.getByRole('button', { name: texts.az.confirmStop }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.az.stopped })).toBeVisible();

  expect(queryE2eDb('SELECT id FROM Answer WHERE value = ?', JSON.stringify(marker))).toHaveLength(0);
  expect(storedAnswersOf(marker)).toHaveLength(0);
  // Coming back starts afresh; nothing is pre-filled.
  await startSurvey(page, 'az');
  await expect(page.getByLabel('Port Baku')).not.toBeChecked();
});

test('a validation error is shown next to the field, localized, and keeps every other answer', async ({ page }) => {
  await startSurvey(page, 'az');
  // Required questions left empty.
  await page.getByLabel('Qəhvə').check();
  await press(page, 'az', 'next');
  await expect(page.getByTestId('error-branch')).toHaveText(texts.az.required);
  await expect(page.getByTestId('error-overall_rating')).toHaveText(texts.az.required);
  await expect(page.getByLabel('Qəhvə')).toBeChecked();

  await answerVisit(page, 'az');
  await press(page, 'az', 'next');
  await answerOpinion(page, 'az');
  await press(page, 'az', 'next');
  await answerAboutYou(page, 'leyla-at-example');
  await press(page, 'az', 'finish');

  await expect(page.getByTestId('error-email')).toHaveText(texts.az.badEmail);
  await expect(page.getByTestId('error-summary')).toBeFocused();
  await expect(page.locator('input[name="email"]')).toHaveValue('leyla-at-example');
  await expect(page.locator('input[name="email"]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('input[name="phone"]')).toHaveValue('+994 50 123 45 67');
  await expect(page.locator('input[name="gender"][value="female"]')).toBeChecked();
  await expect(page.locator('input[name="birth_date"]')).toHaveValue('1990-04-30');
  await expect(page.locator('input[name="postal_code"]')).toHaveValue('az1000');

  await page.locator('input[name="email"]').fill('leyla@example.az');
  await press(page, 'az', 'finish');
  await expect(page.getByRole('heading', { level: 1, name: texts.az.thanks })).toBeVisible();
});

test('P3.3 the permission to publish a comment is unticked by default and recorded when ticked', async ({ page }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  const publish = page.getByTestId('publish-comment');
  await expect(publish).not.toBeChecked();
  const marker = `publish-${randomUUID()}`;
  await answerOpinion(page, 'en');
  await page.locator('textarea[name="comment"]').fill(marker);
  await publish.check();
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[2] })).toBeVisible();

  const [row] = queryE2eDb<{ grantedAt: number; revokedAt: number | null; version: number }>(
    `SELECT p.grantedAt, p.revokedAt, v.version FROM PublicationPermission p JOIN PolicyVersion v ON v.id = p.policyVersionId
      JOIN Answer a ON a.id = p.answerId WHERE a.value = ?`,
    JSON.stringify(marker),
  );
  expect(row).toMatchObject({ revokedAt: null, version: 1 });
  // Going back shows the box as the respondent left it; unticking revokes.
  await press(page, 'en', 'back');
  await expect(publish).toBeChecked();
  await publish.uncheck();
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[2] })).toBeVisible();
  const [after] = queryE2eDb<{ revokedAt: number | null }>(
    'SELECT p.revokedAt FROM PublicationPermission p JOIN Answer a ON a.id = p.answerId WHERE a.value = ?',
    JSON.stringify(marker),
  );
  expect(after?.revokedAt).not.toBeNull();
});

test('a NUL character in a comment is refused with a localized message on both databases’ rule, and what was typed comes back', async ({ page }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await answerOpinion(page, 'en');
  const marker = `nul-${randomUUID()}`;
  // No keyboard types a NUL; a script (or a fuzzer) can.
  await page.locator('textarea[name="comment"]').evaluate((el: HTMLTextAreaElement, text) => (el.value = text), `${marker}\u0000end`);
  await press(page, 'en', 'next');
  await expect(page.getByTestId('error-comment')).toHaveText(/control characters/);
  await expect(page.locator('textarea[name="comment"]')).toHaveValue(`${marker}end`);
  await expect(page.locator('input[name="liked_most"]')).toHaveValue('Friendly staff');
  expect(queryE2eDb('SELECT 1 FROM Answer WHERE value LIKE ?', `%${marker}%`)).toEqual([]);
});

test('ten parallel posts of the last page (a frantic Finish without JavaScript) complete the response once, and every one ends on the done page', async ({ page, baseURL }) => {
  await startSurvey(page, 'en');
  await answerVisit(page, 'en');
  await press(page, 'en', 'next');
  await answerOpinion(page, 'en');
  await press(page, 'en', 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[2] })).toBeVisible();
  // The page as the server renders it (a form rendered in the browser carries no `$ACTION_` fields).
  await page.reload();
  await answerAboutYou(page, `finish-${randomUUID()}@example.az`);
  const fields = await page.locator('form#survey-form').evaluate((form: HTMLFormElement) => {
    const out: [string, string][] = [];
    new FormData(form).forEach((value, key) => out.push([key, String(value)]));
    return out;
  });
  const resume = (await page.context().cookies()).find((c) => c.name === `sorgu_resume_${SLUG}`)!.value;
  const post = () => {
    const form = new FormData();
    for (const [key, value] of fields) form.append(key, value);
    form.append('intent', 'finish');
    return page.request.post(`/en/s/${SLUG}`, { multipart: form, headers: { origin: baseURL! }, maxRedirects: 0 });
  };
  const answers = await Promise.all(Array.from({ length: 10 }, post));
  for (const answer of answers) {
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toMatch(new RegExp(`/en/s/${SLUG}/done$`));
  }
  const rows = queryE2eDb<{ status: string; answers: number }>(
    'SELECT r.status, (SELECT COUNT(*) FROM Answer a WHERE a.responseId = r.id) AS answers FROM Response r WHERE r.resumeTokenHash = ?',
    createHash('sha256').update(resume).digest('hex'),
  );
  expect(rows).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
  expect(rows[0]!.answers).toBeGreaterThan(0);
  // The same Finish sent once more, later (from the history, with the cookies the done page left): still the done page.
  const again = await post();
  expect(again.status()).toBe(303);
  expect(again.headers().location).toMatch(new RegExp(`/en/s/${SLUG}/done$`));
});
