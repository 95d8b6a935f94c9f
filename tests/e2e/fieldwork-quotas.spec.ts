import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { queryE2eDb } from './survey-helpers';
import { signIn } from './staff-helpers';

/**
 * Issue 13, part 3: the panel study (prisma/seed.ts coffee-habits) with a screener, quotas, the
 * schedule and panel return links — set by an admin on the fieldwork page, taken by respondents
 * with and without JavaScript, and sent back to a real HTTPS server standing in for the panel
 * (return links are https only; its certificate is made for the run, so the browsers accept it).
 * One survey's fieldwork is shared by these tests: they run in order.
 */
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const SLUG = 'coffee-habits';
const PANEL_PORT = Number(process.env.E2E_PORT ?? 3100) + 20;
const words = {
  en: { start: 'Start the survey', next: 'Next', finish: 'Submit my answers', screenedOut: 'Based on your answers, this survey is not for you this time.', quotaFull: 'We already have all the responses we need from people like you' },
  az: { start: 'Sorğuya başla', next: 'Növbəti', finish: 'Cavablarımı göndər', screenedOut: 'Cavablarınıza görə bu sorğu bu dəfə sizə uyğun deyil.', quotaFull: 'Sizin kimi iştirakçılardan lazım olan bütün cavabları artıq toplamışıq' },
} as const;
type Lang = keyof typeof words;

/** The panel: where respondents come back, with the query each brought. */
const arrivals: URLSearchParams[] = [];
let panel: https.Server;
test.beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'panel-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  panel = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://panel');
    if (url.pathname === '/back') arrivals.push(url.searchParams);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>Panel</title><h1>Welcome back to the panel</h1>');
  });
  await new Promise<void>((resolve) => panel.listen(PANEL_PORT, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => panel.close(resolve));
});
const arrivedWith = (id: string) => arrivals.find((a) => a.get('id') === id)?.get('status') ?? null;

const surveyId = () => queryE2eDb<{ id: string }>(`SELECT id FROM Survey WHERE slug = ?`, SLUG)[0]!.id;
/** The status of the response that carries this panel id (each test uses its own ids). */
const statusOf = (pid: string) =>
  queryE2eDb<{ status: string }>(`SELECT r.status FROM Response r JOIN Answer a ON a.responseId = r.id JOIN Question q ON q.id = a.questionId WHERE q.key = 'pid' AND a.value = ?`, JSON.stringify(pid))[0]?.status ?? null;

async function fieldworkPage(page: Page) {
  await signIn(page, 'admin');
  await page.goto(`/en/admin/surveys/${surveyId()}/fieldwork`);
  await expect(page.getByRole('heading', { level: 1, name: 'Fieldwork' })).toBeVisible();
}

async function saveFieldwork(page: Page, values: Partial<Record<'opensAt' | 'closesAt' | 'maxResponses' | 'returnUrlComplete' | 'returnUrlScreenedOut' | 'returnUrlQuotaFull' | 'reminderAfterDays', string>>) {
  await page.goto(`/en/admin/surveys/${surveyId()}/fieldwork`);
  for (const [name, value] of Object.entries(values)) await page.locator(`#fieldwork-${name}`).fill(value);
  await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
  await expect(page.getByTestId('fieldwork-settings').getByText('Saved.')).toBeVisible();
}

/**
 * A panel respondent: the link with their id, then the screener. The way back to the panel is held
 * until `release()` — the ending page refreshes to it by itself after a few seconds, and what that
 * page says is read first, whatever the machine's load (the page stays until the navigation commits).
 */
async function takeSurvey(browser: Browser, o: { lang: Lang; js: boolean; pid: string; gender: 'female' | 'male'; age: string; buysCoffee: 'yes' | 'no' }) {
  const context = await browser.newContext({ javaScriptEnabled: o.js, ignoreHTTPSErrors: true });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route((url) => url.port === String(PANEL_PORT), async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`/${o.lang}/s/${SLUG}?pid=${o.pid}`);
  await page.getByRole('button', { name: words[o.lang].start }).click();
  await page.locator(`input[name="gender"][value="${o.gender}"]`).check();
  await page.locator(`input[name="age_band"][value="${o.age}"]`).check();
  await page.locator(`input[name="buys_coffee"][value="${o.buysCoffee}"]`).check();
  await page.getByRole('button', { name: words[o.lang].next, exact: true }).click();
  return { page, context, release };
}

async function answerLastPage(page: Page) {
  await page.locator('input[name="where_buy"][value="cafe"]').check();
  await page.locator('input[name="cups_week"][value="3_5"]').check();
}

test('staff set return links and a quota on the fieldwork page; a bad link or schedule is refused with the reason', async ({ page }) => {
  await fieldworkPage(page);
  // An address a panel id could turn into another site, and a closing time before the opening.
  await page.locator('#fieldwork-returnUrlComplete').fill('https://{{pid}}.example.com/back');
  await page.locator('#fieldwork-returnUrlQuotaFull').fill('https://panel.example/back?id={{email}}');
  await page.locator('#fieldwork-opensAt').fill('2030-01-02T10:00');
  await page.locator('#fieldwork-closesAt').fill('2030-01-01T10:00');
  await page.locator('#fieldwork-reminderAfterDays').fill('0');
  await page.getByRole('button', { name: 'Save fieldwork settings' }).click();
  await expect(page.getByTestId('error-reminderAfterDays')).toHaveText('Enter a whole number of days from 1 to 30, or leave it empty.');
  await expect(page.getByTestId('error-returnUrlComplete')).toHaveText('A {{field}} may stand only in the path or the query, never in the address’s host.');
  await expect(page.getByTestId('error-returnUrlQuotaFull')).toHaveText('Use only the survey’s hidden fields inside {{…}}.');
  await expect(page.getByTestId('error-closesAt')).toHaveText('The closing time must be after the opening time.');
  expect(queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM Survey WHERE slug = ? AND (opensAt IS NOT NULL OR returnUrlComplete IS NOT NULL)`, SLUG)[0]!.n).toBe(0);

  const back = `https://localhost:${PANEL_PORT}/back`;
  await saveFieldwork(page, {
    opensAt: '',
    closesAt: '',
    returnUrlComplete: `${back}?status=complete&id={{pid}}`,
    returnUrlScreenedOut: `${back}?status=screenout&id={{pid}}`,
    returnUrlQuotaFull: `${back}?status=quotafull&id={{pid}}`,
    reminderAfterDays: '3',
  });
  // The invitations page says how reminders go out.
  await page.goto(`/en/admin/surveys/${surveyId()}/invitations`);
  await expect(page.getByTestId('reminder-mode')).toHaveText('Reminders go out by themselves 3 days after a contact’s last email (set on the fieldwork page); you can also send the ones due now.');
  await page.goto(`/en/admin/surveys/${surveyId()}/fieldwork`);
  await page.locator('#fieldwork-name').fill('Over 55');
  await page.locator('#quota-condition').fill('age_band = 55_plus');
  await page.locator('#fieldwork-limit').fill('1');
  await page.getByRole('button', { name: 'Add a quota' }).click();
  await expect(page.getByTestId('quota-Over 55')).toContainText('age_band is “55 or over”');
  await expect(page.getByTestId('quota-Over 55').getByTestId('quota-filled')).toHaveText('0 of 1');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('screened out (en, JavaScript): thanked, the answers kept only as a partial response, then back to the panel with the id', async ({ browser }) => {
  const pid = `OUT-${Date.now().toString(36)}`;
  const { page, context, release } = await takeSurvey(browser, { lang: 'en', js: true, pid, gender: 'female', age: '25_34', buysCoffee: 'no' });
  await expect(page.getByTestId('ending')).toHaveText(`${words.en.screenedOut} We will not ask you anything more.`);
  await expect(page.getByText('deleted within 30 days')).toBeVisible();
  await expect(page.getByTestId('return-to-panel')).toHaveAttribute('href', `https://localhost:${PANEL_PORT}/back?status=screenout&id=${pid}`);
  release();
  await page.waitForURL(`https://localhost:${PANEL_PORT}/back?status=screenout&id=${pid}`);
  expect(arrivedWith(pid)).toBe('screenout');
  expect(statusOf(pid)).toBe('screened_out');
  await context.close();

  // The same panel link again, in a fresh browser: no second try, and nothing of the first shown.
  const retry = await browser.newContext({ ignoreHTTPSErrors: true });
  const again = await retry.newPage();
  // The way back is held for good: the page is read, not raced against its refresh.
  await again.route((url) => url.port === String(PANEL_PORT), () => new Promise<void>(() => {}));
  await again.goto(`/en/s/${SLUG}?pid=${pid}`);
  await again.getByRole('button', { name: words.en.start }).click();
  await expect(again.getByTestId('ending')).toHaveText('You have already taken part in this survey with this link. Thank you!');
  expect(queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM Answer a JOIN Question q ON q.id = a.questionId WHERE q.key = 'pid' AND a.value = ?`, JSON.stringify(pid))[0]!.n).toBe(1);
  await retry.close();
});

test('quota full at the screening answer (az, no JavaScript): the first over 55 completes, the next one is ended kindly and sent back', async ({ browser }) => {
  const first = `Q1-${Date.now().toString(36)}`;
  const a = await takeSurvey(browser, { lang: 'az', js: false, pid: first, gender: 'male', age: '55_plus', buysCoffee: 'yes' });
  await answerLastPage(a.page);
  await a.page.getByRole('button', { name: words.az.finish }).click();
  await expect(a.page.getByRole('heading', { level: 1, name: 'Təşəkkür edirik!' })).toBeVisible();
  a.release();
  // Without JavaScript too: the page's refresh takes them back to the panel.
  await a.page.waitForURL(new RegExp(`/back\\?status=complete&id=${first}$`));
  expect(statusOf(first)).toBe('completed');
  await a.context.close();

  const second = `Q2-${Date.now().toString(36)}`;
  const b = await takeSurvey(browser, { lang: 'az', js: false, pid: second, gender: 'female', age: '55_plus', buysCoffee: 'yes' });
  // Ended as soon as the age was given, before the last page.
  await expect(b.page.getByTestId('ending')).toContainText(words.az.quotaFull);
  await expect(b.page.locator('input[name="where_buy"]')).toHaveCount(0);
  b.release();
  await b.page.waitForURL(new RegExp(`/back\\?status=quotafull&id=${second}$`));
  expect(statusOf(second)).toBe('quota_full');
  await b.context.close();

  // The staff see it: one in the quota, full; the outcome counted in the report.
  const staff = await browser.newPage();
  await fieldworkPage(staff);
  await expect(staff.getByTestId('quota-Over 55').getByTestId('quota-filled')).toHaveText('1 of 1 · full');
  await staff.goto(`/en/admin/surveys/${surveyId()}`);
  await expect(staff.getByTestId('outcome-quota_full').locator('dd')).not.toHaveText('0');
  await expect(staff.getByTestId('outcome-screened_out').locator('dd')).not.toHaveText('0');
  await staff.close();
});

test('respondents finishing at the same moment never over-fill a quota (five browsers, limit 2)', async ({ browser, page }) => {
  await fieldworkPage(page);
  await page.locator('#fieldwork-name').fill('Young women');
  await page.locator('#quota-condition').fill('gender = female and age_band = 18_24');
  await page.locator('#fieldwork-limit').fill('2');
  await page.getByRole('button', { name: 'Add a quota' }).click();
  await expect(page.getByTestId('quota-Young women')).toBeVisible();

  const stamp = Date.now().toString(36);
  const respondents = await Promise.all(
    Array.from({ length: 5 }, async (_, i) => {
      const r = await takeSurvey(browser, { lang: 'en', js: true, pid: `YW${i}-${stamp}`, gender: 'female', age: '18_24', buysCoffee: 'yes' });
      await expect(r.page.getByRole('heading', { level: 2, name: 'Your coffee' })).toBeVisible();
      await answerLastPage(r.page);
      return r;
    }),
  );
  // All five send the last page at once.
  await Promise.all(respondents.map((r) => r.page.getByRole('button', { name: words.en.finish }).click()));
  for (const [i] of respondents.entries()) await expect.poll(() => statusOf(`YW${i}-${stamp}`)).not.toBe('in_progress');
  const statuses = respondents.map((_, i) => statusOf(`YW${i}-${stamp}`));
  expect(statuses.filter((s) => s === 'completed')).toHaveLength(2);
  expect(statuses.filter((s) => s === 'quota_full')).toHaveLength(3);
  for (const r of respondents) r.release();
  for (const r of respondents) await r.context.close();
});

test('the schedule: before it opens the page says when, in both languages, and a start form left open is refused once it closes', async ({ browser, page }) => {
  await fieldworkPage(page);
  await saveFieldwork(page, { opensAt: '2030-01-02T09:30', closesAt: '' });
  const respondent = await browser.newPage();
  await respondent.goto(`/en/s/${SLUG}`);
  await expect(respondent.getByTestId('schedule')).toHaveText(/^This survey opens on January 2, 2030 at 09:30 GMT\+4\. Please come back then\.$/);
  await expect(respondent.getByRole('button', { name: words.en.start })).toHaveCount(0);
  await respondent.goto(`/az/s/${SLUG}`);
  await expect(respondent.getByTestId('schedule')).toContainText('Bu sorğu 2 yanvar 2030, saat 09:30');

  // Open until a time: said on the intro. Then it closes while a respondent has the Start button.
  await saveFieldwork(page, { opensAt: '', closesAt: '2030-01-31T18:00' });
  await respondent.goto(`/en/s/${SLUG}?pid=LATE-1`);
  await expect(respondent.getByTestId('schedule')).toHaveText(/^Open until January 31, 2030, 18:00 GMT\+4\.$/);
  await saveFieldwork(page, { closesAt: '2026-01-01T00:00' });
  await respondent.getByRole('button', { name: words.en.start }).click();
  await expect(respondent.getByTestId('schedule')).toHaveText(/^This survey closed on January 1, 2026 at 00:00 GMT\+4\./);
  expect(statusOf('LATE-1')).toBeNull();
  // Open again for everyone else.
  await saveFieldwork(page, { closesAt: '' });
  await respondent.goto(`/en/s/${SLUG}`);
  await expect(respondent.getByRole('button', { name: words.en.start })).toBeVisible();
  await respondent.close();
});
