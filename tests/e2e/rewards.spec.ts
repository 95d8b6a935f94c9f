import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { waitForMail } from './mail-helpers';
import { signIn } from './staff-helpers';
import { ADULT_BIRTH_DATE, answerOpinion, answerVisit, press, queryE2eDb, SLUG, texts, type Lang } from './survey-helpers';

/**
 * P8.1, P5.1, P5.2 — the demo survey offers a voucher and a prize draw: the voucher arrives over
 * real SMTP (the catcher) once an admin has loaded codes, saying why; the draw is entered only by
 * ticking the box on the thank-you page; without an email there is no reward and no draw entry,
 * and the answers count all the same.
 */
const ui = {
  en: { consent: 'Yes, enter me in this survey’s prize draw.', enter: 'Enter the draw', entered: 'You are in the draw', notTicked: 'Tick the box to enter the draw', noEmail: 'You gave no email address, so we cannot send you the reward' },
  az: { consent: 'Bəli, məni bu sorğunun lotereyasına daxil edin.', enter: 'Lotereyaya qoşul', entered: 'Siz lotereyadasınız', notTicked: 'Lotereyaya qoşulmaq üçün qutunu işarələyin', noEmail: 'E-poçt ünvanı vermədiniz' },
} as const;

async function finishSurvey(browser: Browser, lang: Lang, email: string | null, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`/${lang}/s/${SLUG}`);
  // P8.1: before anything is asked, the survey says what the reward needs.
  await expect(page.getByTestId('reward-offer')).toBeVisible();
  await page.locator('#age-gate-birth-date').fill(ADULT_BIRTH_DATE);
  await page.getByRole('button', { name: texts[lang].start }).click();
  await answerVisit(page, lang);
  await press(page, lang, 'next');
  await answerOpinion(page, lang);
  await press(page, lang, 'next');
  if (email) await page.locator('input[name="email"]').fill(email);
  await press(page, lang, 'finish');
  await expect(page.getByRole('heading', { level: 1, name: texts[lang].thanks })).toBeVisible();
  return page;
}

for (const [lang, javaScriptEnabled] of [['en', true], ['az', false]] as const) {
  test(`P8.1 P5.1 P5.2 a voucher by mail and a draw entered by choice (${lang}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const run = Date.now().toString(36);
    const email = `reward-${lang}-${run}@example.az`;
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, 'admin');
    const [survey] = queryE2eDb<{ id: string }>('SELECT id FROM Survey WHERE slug = ?', SLUG);
    await admin.goto(`/en/admin/surveys/${survey!.id}`);
    await admin.getByRole('link', { name: 'Rewards and prize draw' }).click();
    await admin.locator('#voucher-codes').fill(`E2E-${run}-1\nE2E-${run}-2\nnot a code`);
    await admin.getByRole('button', { name: 'Load codes' }).click();
    await expect(admin.getByTestId('rewards-error')).toContainText('A code is 4 to 64 letters');
    // Rewards earned earlier in the suite are owed and take codes first (oldest first): one code
    // for each of them, and two more.
    const [{ owed }] = queryE2eDb<{ owed: number }>("SELECT COUNT(*) AS owed FROM Reward WHERE kind = 'voucher' AND status = 'owed'") as [{ owed: number }];
    const codes = Array.from({ length: owed + 2 }, (_, i) => `E2E-${run}-${i + 1}`);
    await admin.locator('#voucher-codes').fill(codes.join('\n'));
    await admin.getByRole('button', { name: 'Load codes' }).click();
    await expect(admin.getByTestId('voucher-codes').getByRole('status')).toContainText(`${codes.length} codes loaded`);

    const page = await finishSurvey(browser, lang, email, javaScriptEnabled);
    // The oldest free code goes first: perhaps one an earlier test left over.
    const mail = await waitForMail(email, 'E2E-');
    const [given] = queryE2eDb<{ code: string }>(
      'SELECT v.code FROM VoucherCode v JOIN Reward r ON r.id = v.rewardId JOIN Answer a ON a.responseId = r.responseId WHERE a.value = ?',
      JSON.stringify(email),
    );
    expect(mail.text).toContain(given!.code);
    expect(mail.text).toContain(lang === 'en' ? 'Why you receive this' : 'Bu məktubu niyə alırsınız');
    await expect(page.getByTestId('reward-status')).toBeVisible();
    // The draw: nothing happens without the tick.
    await page.getByRole('button', { name: ui[lang].enter }).click();
    await expect(page.getByText(ui[lang].notTicked)).toBeVisible();
    expect(queryE2eDb(`SELECT e.id FROM SweepstakesEntry e JOIN Answer a ON a.responseId = e.responseId WHERE a.value = ?`, JSON.stringify(email))).toEqual([]);
    await page.getByLabel(ui[lang].consent).check();
    await page.getByRole('button', { name: ui[lang].enter }).click();
    await expect(page.getByTestId('draw-entered')).toContainText(ui[lang].entered);
    expect(queryE2eDb(`SELECT e.id FROM SweepstakesEntry e JOIN Answer a ON a.responseId = e.responseId WHERE a.value = ?`, JSON.stringify(email))).toHaveLength(1);
    await page.context().close();

    await admin.reload();
    await expect(admin.getByTestId('rewards').getByRole('row').filter({ hasText: 'sent' }).first()).toBeVisible();
  });
}

test('P8.1 without an email: no reward, no draw entry, the response counts', async ({ browser }) => {
  const page = await finishSurvey(browser, 'en', null);
  await expect(page.getByTestId('reward-status')).toContainText(ui.en.noEmail);
  await expect(page.getByRole('button', { name: ui.en.enter })).toHaveCount(0);
});

for (const lang of ['az', 'en'] as const) {
  test(`P5.2 the thank-you page with the draw is accessible and fits 390 px (${lang})`, async ({ browser }) => {
    const page = await finishSurvey(browser, lang, `a11y-${lang}-${Date.now()}@example.az`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('draw-entry')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
}
