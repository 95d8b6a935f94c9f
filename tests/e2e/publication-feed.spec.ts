import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { signIn } from './staff-helpers';
import { answerAboutYou, answerVisit, press, queryE2eDb, SLUG, startSurvey, texts, type Lang } from './survey-helpers';

/**
 * P3.3, P5.2, P5.8 — a permitted comment leaves the service only through the Client's feed (JSON,
 * read over HTTP with a key) and the survey's embeddable page, framed here by a page of another
 * origin as a Client's site would. An objection removes it from both at once; a revoked key
 * closes the feed.
 */
const publishLabel = { en: /You may publish this comment/, az: /Bu şərhi və ümumi qiymətimi/ } as const;

/** Takes the demo survey with a comment and, when `publish`, permission to publish it; returns the respondent's id. */
async function respondWithComment(browser: Browser, lang: Lang, comment: string, publish: boolean, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await startSurvey(page, lang);
  await answerVisit(page, lang);
  await press(page, lang, 'next');
  await page.locator('input[name="recommend"][value="9"]').check();
  await page.locator('textarea[name="comment"]').fill(comment);
  if (publish) await page.getByLabel(publishLabel[lang]).check();
  await press(page, lang, 'next');
  await answerAboutYou(page, `feed-${Date.now()}@example.az`);
  await press(page, lang, 'finish');
  await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
  await context.close();
  const [row] = queryE2eDb<{ respondentId: string }>('SELECT r.respondentId FROM Answer a JOIN Response r ON r.id = a.responseId WHERE a.value = ?', JSON.stringify(comment));
  return row!.respondentId;
}

/** Issues a key on the Demo Coffee page of the back office; the key is shown once. */
async function issueKey(page: Page, label: string) {
  await signIn(page, 'admin');
  await page.goto('/en/admin/clients');
  await page.getByRole('link', { name: 'Demo Coffee' }).click();
  const card = page.getByTestId('publication-feed');
  await card.getByRole('button', { name: 'Issue a key' }).click();
  await expect(card.getByText('Required.')).toBeVisible();
  await card.getByLabel('Used by').fill(label);
  await card.getByRole('button', { name: 'Issue a key' }).click();
  const key = (await card.getByTestId('feed-key').textContent())!;
  expect(key).toMatch(/^sfk_[A-Za-z0-9_-]{43}$/);
  await expect(card.getByTestId('feed-key-row').filter({ hasText: label })).toContainText('Active.');
  return key;
}

type Feed = { client: string; comments: { survey: string; comment: string; rating: number | null; date: string }[] };

async function feed(request: APIRequestContext, key: string) {
  const response = await request.get('/api/feed?survey=cafe-visit&limit=1000', { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status(), body: response.status() === 200 ? ((await response.json()) as Feed) : null };
}

/**
 * The Client's own page, served by a real server of another origin with the embeddable page in a
 * frame. It listens on the loopback, as the app does: Chromium's local network access checks
 * refuse a frame from a page it cannot place on the same network.
 */
async function openClientSite(page: Page, lang: Lang) {
  const frameSrc = `${test.info().project.use.baseURL}/${lang}/comments/${SLUG}`;
  const site = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Reviews</title><h1>Our reviews</h1><iframe title="reviews" src="${frameSrc}" width="600" height="800"></iframe>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  page.once('close', () => site.close());
  await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/reviews`);
  return page.frameLocator('iframe[title="reviews"]');
}

test('P3.3 P5.2 P5.8 a permitted comment reaches the feed and the framed page; an objection takes it out at once; a revoked key closes the feed', async ({ browser, page, request }) => {
  // Three browsers, a DPO and a framed site: most of a minute on a busy two-core machine.
  test.setTimeout(120_000);
  const comment = `Lovely flat white (${Date.now()})`;
  const privateComment = `Not for publication (${Date.now()})`;
  const respondentId = await respondWithComment(browser, 'en', comment, true);
  await respondWithComment(browser, 'en', privateComment, false);
  const label = `Website widget ${Date.now()}`;
  const key = await issueKey(page, label);

  expect((await request.get('/api/feed')).status()).toBe(401);
  const { status, body } = await feed(request, key);
  expect(status).toBe(200);
  expect(body!.client).toBe('Demo Coffee');
  const published = body!.comments.find((c) => c.comment === comment);
  expect(published).toEqual({ survey: SLUG, comment, rating: 4, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  expect(body!.comments.map((c) => c.comment)).not.toContain(privateComment);

  const visitor = await (await browser.newContext()).newPage();
  const frame = await openClientSite(visitor, 'en');
  await expect(frame.getByRole('heading', { level: 1, name: 'About your café visit' })).toBeVisible();
  await expect(frame.getByText(comment)).toBeVisible();
  await expect(frame.getByRole('img', { name: 'Rating: 4 of 5' }).first()).toBeVisible();
  await expect(frame.getByText(privateComment)).toHaveCount(0);
  expect(await visitor.context().cookies()).toEqual([]);

  // The DPO records the respondent's objection to sharing (P5.8): gone from both at once.
  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await dpo.goto(`/en/dpo/subjects/respondent/${respondentId}`);
  await dpo.getByRole('button', { name: 'Record an objection to sharing' }).click();
  await expect(dpo.getByRole('button', { name: 'Lift the objection' })).toBeVisible();
  expect((await feed(request, key)).body!.comments.map((c) => c.comment)).not.toContain(comment);
  await visitor.reload();
  await expect(visitor.frameLocator('iframe[title="reviews"]').getByRole('heading', { level: 1 })).toBeVisible();
  await expect(visitor.frameLocator('iframe[title="reviews"]').getByText(comment)).toHaveCount(0);
  await dpo.getByRole('button', { name: 'Lift the objection' }).click();
  await expect(dpo.getByRole('button', { name: 'Record an objection to sharing' })).toBeVisible();
  expect((await feed(request, key)).body!.comments.map((c) => c.comment)).toContain(comment);

  // Revoking the key closes the feed at the next request. Its own row: the test beside this one
  // issues keys for the same Client at the same time, so "the first row" may be that one's.
  const row = page.getByTestId('feed-key-row').filter({ hasText: label });
  await row.getByRole('button', { name: /^Revoke/ }).click();
  await expect(row).toContainText('Revoked');
  expect((await feed(request, key)).status).toBe(401);
});

test('P3.3 without JavaScript: the permission is given, the key issued and shown once, the Azerbaijani page shows the comment', async ({ browser }) => {
  const comment = `Qəhvə çox dadlı idi (${Date.now()})`;
  await respondWithComment(browser, 'az', comment, true, false);
  const admin = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const key = await issueKey(admin, `Reytinq saytı ${Date.now()}`);
  const response = await admin.request.get('/api/feed', { headers: { authorization: `Bearer ${key}` } });
  expect(((await response.json()) as Feed).comments.map((c) => c.comment)).toContain(comment);
  // The key is not shown again (a new visit, not a resent form).
  await admin.goto(admin.url());
  await expect(admin.getByTestId('feed-key')).toHaveCount(0);

  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(`/az/comments/${SLUG}`);
  await expect(visitor.getByRole('heading', { level: 1, name: 'Kafe ziyarətiniz haqqında' })).toBeVisible();
  await expect(visitor.getByText(comment)).toBeVisible();
  await expect(visitor.getByRole('img', { name: 'Qiymət: 5 üzərindən 4' }).first()).toBeVisible();
});

test('P3.3 only the comments page may be framed; the others refuse any frame; unknown surveys are not found', async ({ request }) => {
  const embed = await request.get(`/en/comments/${SLUG}`);
  expect(embed.headers()['content-security-policy']).toContain('frame-ancestors *');
  expect(embed.headers()['x-frame-options']).toBeUndefined();
  expect(embed.headers()['set-cookie']).toBeUndefined();
  for (const path of [`/en/s/${SLUG}`, '/en/privacy', '/en/admin']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
    expect(response.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
  // An unknown survey's address may be framed too: its answer has no form (no consent banner).
  const missing = await request.get('/en/comments/no-such-survey');
  expect(missing.status()).toBe(404);
  expect(await missing.text()).not.toContain('<form');
  const preflight = await request.fetch('/api/feed', { method: 'OPTIONS' });
  expect([preflight.status(), preflight.headers()['access-control-allow-headers']]).toEqual([204, 'authorization']);
});

for (const lang of ['az', 'en'] as const) {
  test(`P3.3 the comments page is accessible and fits 390 px (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/${lang}/comments/${SLUG}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
}
