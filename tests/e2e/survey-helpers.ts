import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';

export const SLUG = 'cafe-visit';
export const OUTAGE_BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

export const texts = {
  az: { start: 'Sorğuya başla', next: 'Növbəti', back: 'Geri', finish: 'Cavablarımı göndər', stop: 'Dayandır və cavablarımı sil', confirmStop: 'Cavablarımı sil və dayandır', thanks: 'Təşəkkür edirik!', section: ['Ziyarətiniz', 'Fikriniz', 'Sizin haqqınızda'], required: 'Bu suala cavab vermək mütləqdir.', badEmail: 'E-poçt ünvanını name@example.com kimi daxil edin.', stopped: 'Cavablarınız silindi' },
  en: { start: 'Start the survey', next: 'Next', back: 'Back', finish: 'Submit my answers', stop: 'Stop and delete my answers', confirmStop: 'Delete my answers and stop', thanks: 'Thank you!', section: ['Your visit', 'Your opinion', 'About you'], required: 'This question needs an answer.', badEmail: 'Enter an email address such as name@example.com.', stopped: 'Your answers have been deleted' },
} as const;
export type Lang = keyof typeof texts;

export const ADULT_BIRTH_DATE = '1990-04-30';

export async function startSurvey(page: Page, lang: Lang, birthDate = ADULT_BIRTH_DATE) {
  await page.goto(`/${lang}/s/${SLUG}`);
  // P11.1: the demo survey asks the birth date before anything else.
  await page.locator('#age-gate-birth-date').fill(birthDate);
  await page.getByRole('button', { name: texts[lang].start }).click();
  await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[0] })).toBeVisible();
}

export async function press(page: Page, lang: Lang, button: 'next' | 'back' | 'finish') {
  await page.getByRole('button', { name: texts[lang][button], exact: true }).click();
}

/** Section 1: branch, purposes, rating. */
export async function answerVisit(page: Page, lang: Lang) {
  await page.getByLabel(lang === 'az' ? 'Port Baku' : 'Port Baku').check();
  await page.getByLabel(lang === 'az' ? 'Qəhvə' : 'Coffee').check();
  await page.getByLabel(lang === 'az' ? 'Yemək' : 'Food').check();
  await page.locator('input[name="overall_rating"][value="4"]').check();
}

/** Section 2: NPS and texts. */
export async function answerOpinion(page: Page, lang: Lang, liked = lang === 'az' ? 'Mehriban işçilər' : 'Friendly staff') {
  await page.locator('input[name="recommend"][value="9"]').check();
  await page.locator('input[name="liked_most"]').fill(liked);
  await page.locator('textarea[name="comment"]').fill(lang === 'az' ? 'Çox sağ olun!' : 'Thanks!\nSee you soon.');
}

/** Section 3: contact and demographics. */
export async function answerAboutYou(page: Page, email = 'leyla@example.az') {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="phone"]').fill('+994 50 123 45 67');
  await page.locator('input[name="gender"][value="female"]').check();
  await page.locator('input[name="birth_date"]').fill('1990-04-30');
  await page.locator('input[name="postal_code"]').fill('az1000');
}

/** Read-only look into the e2e database, to prove what the server stored. */
export function queryE2eDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database('data/e2e.db', { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const consentTexts = {
  az: { acceptAll: 'Hamısını qəbul et', rejectAll: 'Hamısını rədd et', choose: 'Seçim et', save: 'Seçimimi yadda saxla' },
  en: { acceptAll: 'Accept all', rejectAll: 'Reject all', choose: 'Choose', save: 'Save my choice' },
} as const;

/** Presses one of the banner's buttons and waits until the banner is gone. */
export async function answerBanner(page: Page, lang: Lang, choice: 'acceptAll' | 'rejectAll') {
  const banner = page.getByTestId('consent-banner');
  await banner.getByRole('button', { name: consentTexts[lang][choice] }).click();
  await expect(banner).toHaveCount(0);
}

/** The consent id the browser's signed consent cookie carries. */
export async function consentIdOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sorgu_consent');
  if (!cookie) throw new Error('no consent cookie');
  return cookie.value.split('.')[0]!;
}

/** Completes the whole demo survey from its intro page; returns the response id (via a unique answer). */
export async function completeSurvey(page: Page, lang: Lang, email?: string): Promise<string> {
  await startSurvey(page, lang);
  await answerVisit(page, lang);
  await press(page, lang, 'next');
  const marker = `marker-${Math.random().toString(36).slice(2)}`;
  await answerOpinion(page, lang, marker);
  await press(page, lang, 'next');
  await answerAboutYou(page, email);
  await press(page, lang, 'finish');
  await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
  const [row] = queryE2eDb<{ responseId: string }>('SELECT responseId FROM Answer WHERE value = ?', JSON.stringify(marker));
  return row!.responseId;
}

export function countRows(table: 'UsageMetadata' | 'FraudSignal' | 'LocationFix' | 'SessionEvent', where: string, ...params: unknown[]) {
  return queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...params)[0]!.n;
}
