import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { waitForMail } from './mail-helpers';
import { signIn } from './staff-helpers';
import { queryE2eDb, SLUG } from './survey-helpers';

/**
 * P5.1 — a request for help from a public page, answered by an admin from the queue: the answer
 * arrives over real SMTP (the catcher) at the address given, and nowhere else.
 */
const ui = {
  en: { help: 'Help', topic: 'A reward or prize draw', send: 'Send', sent: 'your message has reached us', badEmail: 'Enter an email address such as name@example.com', tooShort: 'Write at least 10 characters' },
  az: { help: 'Kömək', topic: 'Mükafat və ya lotereya', send: 'Göndər', sent: 'mesajınız bizə çatdı', badEmail: 'E-poçt ünvanını name@example.com kimi daxil edin', tooShort: 'Ən azı 10 simvol yazın' },
} as const;

async function askForHelp(browser: Browser, lang: 'az' | 'en', javaScriptEnabled: boolean, email: string, message: string) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  // From the footer of a survey page, as a respondent would.
  await page.goto(`/${lang}/s/${SLUG}`);
  await page.getByRole('contentinfo').getByRole('link', { name: ui[lang].help, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/support$`));
  // Bad input: localized errors, nothing lost, nothing stored.
  await page.getByLabel(ui[lang].topic).check();
  await page.locator('#support-message').fill('Short');
  await page.locator('#support-email').fill('not-an-address');
  await page.getByRole('button', { name: ui[lang].send }).click();
  await expect(page.getByText(ui[lang].tooShort)).toBeVisible();
  await expect(page.getByText(ui[lang].badEmail)).toBeVisible();
  await expect(page.locator('#support-email')).toHaveValue('not-an-address');
  await expect(page.getByLabel(ui[lang].topic)).toBeChecked();
  await page.locator('#support-message').fill(message);
  await page.locator('#support-email').fill(email);
  await page.getByRole('button', { name: ui[lang].send }).click();
  await expect(page.getByTestId('support-sent')).toContainText(ui[lang].sent);
  await context.close();
}

for (const [lang, javaScriptEnabled] of [['en', true], ['az', false]] as const) {
  test(`P5.1 a respondent asks for help (${lang}, JavaScript ${javaScriptEnabled ? 'on' : 'off'}); an admin answers; the answer reaches only that address, saying why`, async ({ browser, page }) => {
    const email = `help-${lang}-${Date.now()}@example.az`;
    const message = `Where is my voucher? (${email})`;
    await askForHelp(browser, lang, javaScriptEnabled, email, message);
    expect(queryE2eDb<{ topic: string; locale: string }>(`SELECT "topic", "locale" FROM "SupportRequest" WHERE "email" = ?`, email)).toEqual([{ topic: 'reward', locale: lang }]);

    await signIn(page, 'admin');
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Support' }).click();
    const row = page.getByTestId('support-open').getByRole('row').filter({ hasText: 'A reward or prize draw' }).last();
    await row.getByRole('link', { name: 'Open' }).click();
    await expect(page.getByTestId('support-message')).toHaveText(message);
    await page.locator('#support-reply').fill(`Your voucher is on its way (${email}).`);
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await expect(page.getByTestId('support-reply-sent')).toBeVisible();
    const mail = await waitForMail(email, 'Your voucher is on its way');
    expect(mail.text).toContain(lang === 'en' ? 'Why you receive this' : 'Bu məktubu niyə alırsınız');
    await page.getByRole('button', { name: 'Close the request' }).click();
    await expect(page.getByTestId('support-closed')).toBeVisible();
  });
}

for (const lang of ['az', 'en'] as const) {
  test(`the help page passes axe and fits a 390 px screen — ${lang}`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/${lang}/support`);
    await expect(page).toHaveTitle(/Sorğu/);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `test-results/support-${lang}.png`, fullPage: true });
  });
}
