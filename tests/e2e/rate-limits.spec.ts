import { expect, test } from '@playwright/test';

/**
 * Issue 9 item 8 — what a refused public write shows, over HTTP: a real 429 in the visitor's
 * language (the limits themselves are tested against both databases in
 * tests/integration/rate-limit.test.ts), and a beacon body is never read past its cap.
 */
test('P4.2 the rate-limit page answers 429 with Retry-After, in Azerbaijani and English, without JavaScript', async ({ request }) => {
  for (const [locale, heading] of [['az', 'Həddən artıq sorğu'], ['en', 'Too many requests']] as const) {
    const response = await request.get(`/${locale}/too-many-requests`);
    expect(response.status()).toBe(429);
    expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
    const body = await response.text();
    expect(body).toContain(`<html lang="${locale}">`);
    expect(body).toContain(heading);
  }
});

test('P5.3 the session-analytics beacon refuses a large body without reading it', async ({ request, baseURL }) => {
  const response = await request.post('/api/session-events', { headers: { origin: baseURL!, 'content-type': 'application/json' }, data: 'x'.repeat(1_000_000) });
  expect(response.status()).toBe(413);
});
