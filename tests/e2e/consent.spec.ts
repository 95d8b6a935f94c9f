import { expect, test } from '@playwright/test';
import { answerBanner, completeSurvey, consentIdOf, consentTexts, countRows, press, queryE2eDb, SLUG, startSurvey } from './survey-helpers';

test('P9.1 nothing optional is set or collected before a choice', async ({ page, context }) => {
  await page.goto('/az');
  await expect(page.getByTestId('consent-banner')).toBeVisible();
  await page.goto(`/az/s/${SLUG}`);
  await page.goto('/az/privacy');
  expect(await context.cookies()).toEqual([]);
});

test('P9.3 P3.4 reject all, complete a survey: no usage, fraud or location row exists', async ({ page }) => {
  await page.goto(`/en/s/${SLUG}`);
  await answerBanner(page, 'en', 'rejectAll');
  const consentId = await consentIdOf(page);
  expect(queryE2eDb<{ method: string }>('SELECT method FROM ConsentRecord WHERE id = ?', consentId)[0]?.method).toBe('reject_all');

  const responseId = await completeSurvey(page, 'en');
  for (const table of ['UsageMetadata', 'FraudSignal', 'LocationFix', 'SessionEvent'] as const) {
    expect(countRows(table, 'consentRecordId = ?', consentId), table).toBe(0);
  }
  expect(countRows('UsageMetadata', 'responseId = ?', responseId)).toBe(0);
  expect(countRows('FraudSignal', 'responseId = ?', responseId)).toBe(0);
});

test.describe('with everything accepted', () => {
  test.use({ permissions: ['geolocation'], geolocation: { latitude: 40.3777, longitude: 49.892 } });

  test('P4.2 P2.5 accept all: rows exist and reference the consent; withdrawing usage erases them', async ({ page }) => {
    await page.goto(`/en/s/${SLUG}`);
    await answerBanner(page, 'en', 'acceptAll');
    const consentId = await consentIdOf(page);

    await startSurvey(page, 'en');
    // Location: offered because of consent, sent only after the browser's permission.
    await page.getByRole('button', { name: 'Share my location' }).click();
    await expect(page.getByTestId('location-status')).toHaveText('Thank you — your location was shared.');

    const [response] = queryE2eDb<{ id: string; subjectKey: string }>(
      `SELECT r.id, p.consentSubjectKey AS subjectKey FROM Response r JOIN Respondent p ON p.id = r.respondentId
        WHERE r.id = (SELECT responseId FROM UsageMetadata WHERE consentRecordId = ?)`,
      consentId,
    );
    expect(response).toBeDefined();
    const [usage] = queryE2eDb<Record<string, unknown>>('SELECT * FROM UsageMetadata WHERE responseId = ?', response!.id);
    expect(usage).toMatchObject({ consentRecordId: consentId, deviceType: 'desktop', language: expect.stringMatching(/^en/) });
    expect(usage!.browser).toMatch(/Chrome/);
    expect(usage!.timeZone).toBeTruthy();
    expect(countRows('FraudSignal', 'responseId = ? AND consentRecordId = ?', response!.id, consentId)).toBe(1);
    expect(countRows('LocationFix', 'responseId = ? AND consentRecordId = ?', response!.id, consentId)).toBe(1);

    // Withdraw usage from the cookie settings page.
    await page.getByRole('link', { name: 'Cookie settings' }).last().click();
    await expect(page.getByTestId('consent-id')).toContainText(consentId);
    await page.getByTestId('consent-usage').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('status-usage')).toHaveText('Off');
    await expect(page.getByTestId('status-fraud')).toHaveText('On');

    expect(countRows('UsageMetadata', 'subjectKey = ?', response!.subjectKey)).toBe(0);
    expect(countRows('FraudSignal', 'subjectKey = ?', response!.subjectKey)).toBe(1);
    const [audit] = queryE2eDb<{ counts: string }>(
      `SELECT counts FROM AuditEvent WHERE action = 'consent.withdrawn' AND target = ?`,
      `consent:${await consentIdOf(page)}`,
    );
    expect(JSON.parse(audit!.counts)).toMatchObject({ usageRowsErased: 1, categoriesSwitchedOff: 1 });
  });

  test('P5.3 session analytics are sent only with consent', async ({ page }) => {
    await page.goto(`/en/s/${SLUG}`);
    await answerBanner(page, 'en', 'acceptAll');
    const consentId = await consentIdOf(page);
    await page.mouse.click(10, 400);
    await page.goto('/en/privacy');
    await expect.poll(() => countRows('SessionEvent', 'consentRecordId = ?', consentId)).toBeGreaterThan(0);
    const [event] = queryE2eDb<{ path: string; clicks: number }>('SELECT path, clicks FROM SessionEvent WHERE consentRecordId = ?', consentId);
    expect(event).toMatchObject({ path: `/s/${SLUG}` });
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('P9.1 the banner and the cookies page work as plain forms', async ({ page }) => {
    await page.goto('/az');
    const banner = page.getByTestId('consent-banner');
    await banner.getByText(consentTexts.az.choose).click();
    await banner.getByTestId('consent-usage').check();
    await banner.getByRole('button', { name: consentTexts.az.save }).click();
    await expect(page).toHaveURL(/\/az$/);
    await expect(banner).toHaveCount(0);

    await page.getByRole('link', { name: 'Kuki parametrləri' }).last().click();
    await expect(page.getByTestId('status-usage')).toHaveText('Aktiv');
    await expect(page.getByTestId('status-fraud')).toHaveText('Deaktiv');
    const consentId = await consentIdOf(page);
    expect(queryE2eDb<{ method: string; usage: number }>('SELECT method, usage FROM ConsentRecord WHERE id = ?', consentId)[0]).toEqual({ method: 'custom', usage: 1 });

    await page.getByRole('button', { name: consentTexts.az.rejectAll }).click();
    await expect(page.getByTestId('status-usage')).toHaveText('Deaktiv');
  });

  test('P9.3 refusing never blocks a survey, even without JavaScript', async ({ page }) => {
    await page.goto(`/en/s/${SLUG}`);
    await answerBanner(page, 'en', 'rejectAll');
    await startSurvey(page, 'en');
    await press(page, 'en', 'next');
    await expect(page.getByTestId('error-branch')).toBeVisible();
  });
});
