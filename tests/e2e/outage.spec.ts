import { expect, test } from '@playwright/test';
import { OUTAGE_BASE, SLUG } from './survey-helpers';

// Server 2 of playwright.config.ts runs the same build against a database that does not answer.

test('/api/health answers 503 while the database is down, 200 when it is up', async ({ request }) => {
  const down = await request.get(`${OUTAGE_BASE}/api/health`);
  expect(down.status()).toBe(503);
  expect(await down.json()).toEqual({ status: 'unavailable', database: 'down' });
  const up = await request.get('/api/health');
  expect(up.status()).toBe(200);
  expect(await up.json()).toEqual({ status: 'ok', database: 'up' });
});

for (const [lang, title, reference] of [
  ['az', 'Xəta baş verdi', 'İstinad nömrəsi:'],
  ['en', 'Something went wrong', 'Reference:'],
] as const) {
  test(`a database outage shows a localized error with a reference, never a stack trace (${lang})`, async ({ page }) => {
    const response = await page.goto(`${OUTAGE_BASE}/${lang}/s/${SLUG}`);
    expect(response?.status()).toBe(500);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('error-reference')).toContainText(reference);
    const html = await page.content();
    expect(html).not.toMatch(/PrismaClient|at async|node_modules|ECONNREFUSED|\.tsx?:\d+/);
  });
}
