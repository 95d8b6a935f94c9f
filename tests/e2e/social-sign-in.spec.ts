import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answerOpinion, answerVisit, press, queryE2eDb, startSurvey, texts, type Lang } from './survey-helpers';

/**
 * P3.5, P4.3 — social sign-in in Chromium, against the real OpenID provider Playwright starts
 * (scripts/demo-oidc-provider.mts, oidc-provider's own login and consent pages). The app is
 * configured with one provider, "Demo ID", from the environment (playwright.config.ts).
 */
const ui = {
  en: { signIn: 'Sign in with Demo ID', consent: /I agree that Sorğu keeps the name/, withdraw: 'Withdraw and erase my profile', signedIn: 'Signed in with Demo ID as', connected: 'You are signed in', needConsent: 'tick the box', cancelled: 'Sign-in was cancelled', withdrawn: 'is withdrawn, and the profile' },
  az: { signIn: 'Demo ID ilə daxil olun', consent: /Razıyam ki, Sorğu daxil olduğum/, withdraw: 'Razılığı geri götür və profilimi sil', signedIn: 'Demo ID ilə', connected: 'Daxil oldunuz', needConsent: 'xananı işarələyin', cancelled: 'ləğv edildi', withdrawn: 'geri götürüldü' },
} as const;

/** Start, answer the first two sections, arrive on "About you" (the section that asks for an email). */
async function reachAboutYou(page: Page, lang: Lang) {
  await startSurvey(page, lang);
  await answerVisit(page, lang);
  await press(page, lang, 'next');
  await answerOpinion(page, lang);
  await press(page, lang, 'next');
  await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[2] })).toBeVisible();
}

/** oidc-provider's development pages: any login and password, then the consent screen. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const profilesOf = (email: string) => queryE2eDb<{ name: string; consentRecordId: string }>(`SELECT "name", "consentRecordId" FROM "SocialProfile" WHERE "email" = ?`, email);

for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled });

    for (const lang of ['en', 'az'] as const) {
      test(`P3.5 P4.3 sign in, see the email filled in and change it, then withdraw — ${lang}`, async ({ page }) => {
        const login = `e2e-${lang}-${javaScriptEnabled ? 'js' : 'nojs'}-${Date.now()}`;
        const address = `${login}@example.test`;
        await reachAboutYou(page, lang);
        const box = page.getByTestId('social-sign-in');
        await expect(box).toBeVisible();
        // The consent box is never ticked in advance; without it nothing happens but a notice.
        await expect(box.getByLabel(ui[lang].consent)).not.toBeChecked();
        await box.getByRole('button', { name: ui[lang].signIn }).click();
        await expect(page.getByTestId('social-notice')).toContainText(ui[lang].needConsent);
        expect(profilesOf(address)).toHaveLength(0);

        await page.getByLabel(ui[lang].consent).check();
        await page.getByRole('button', { name: ui[lang].signIn }).click();
        await signInAtProvider(page, login);

        // Back on the survey, same section: signed in, email shown in its field, editable.
        await expect(page.getByTestId('social-notice')).toContainText(ui[lang].connected);
        await expect(page.getByTestId('social-signed-in')).toContainText(ui[lang].signedIn);
        await expect(page.getByTestId('social-signed-in')).toContainText(`Test ${login}`);
        await expect(page.getByRole('heading', { level: 2, name: texts[lang].section[2] })).toBeVisible();
        const email = page.locator('input[name="email"]');
        await expect(email).toHaveValue(address);
        // Stored under the consent the sign-in recorded; no answer written by the prefill.
        const [profile] = profilesOf(address);
        expect(profile?.name).toBe(`Test ${login}`);
        const [consent] = queryE2eDb<{ social: number; method: string }>(`SELECT "social", "method" FROM "ConsentRecord" WHERE "id" = ?`, profile!.consentRecordId);
        expect(consent).toEqual({ social: 1, method: 'social_sign_in' });
        expect(queryE2eDb(`SELECT a."id" FROM "Answer" a JOIN "SocialProfile" p ON 1 = 1 WHERE p."email" = ? AND a."value" = ?`, address, JSON.stringify(address))).toHaveLength(0);
        // The banner still asks about cookies: signing in is not a cookie choice (P9.1).
        await expect(page.getByTestId('consent-banner')).toBeVisible();

        // Withdraw: the profile goes at once, the field is no longer filled in.
        await page.getByRole('button', { name: ui[lang].withdraw }).click();
        await expect(page.getByTestId('social-notice')).toContainText(ui[lang].withdrawn);
        expect(profilesOf(address)).toHaveLength(0);
        await expect(page.locator('input[name="email"]')).toHaveValue('');
        await expect(page.getByRole('button', { name: ui[lang].signIn })).toBeVisible();
      });
    }
  });
}

test('P3.5 the prefilled email is only what the respondent sends: changed before sending, the change is stored', async ({ page }) => {
  const login = `e2e-change-${Date.now()}`;
  await reachAboutYou(page, 'en');
  await page.getByLabel(ui.en.consent).check();
  await page.getByRole('button', { name: ui.en.signIn }).click();
  await signInAtProvider(page, login);
  await expect(page.locator('input[name="email"]')).toHaveValue(`${login}@example.test`);
  await page.locator('input[name="email"]').fill(`${login}-typed@example.test`);
  await press(page, 'en', 'finish');
  await expect(page.getByRole('heading', { name: texts.en.thanks })).toBeVisible();
  const stored = queryE2eDb<{ value: string }>(`SELECT a."value" FROM "Answer" a JOIN "Question" q ON q."id" = a."questionId" WHERE q."key" = 'email' AND a."value" LIKE ?`, `%${login}%`);
  expect(stored.map((r) => JSON.parse(r.value))).toEqual([`${login}-typed@example.test`]);
});

test('P3.5 cancelling at the provider keeps nothing and the survey goes on', async ({ page }) => {
  const login = `e2e-cancel-${Date.now()}`;
  await reachAboutYou(page, 'en');
  await page.getByLabel(ui.en.consent).check();
  await page.getByRole('button', { name: ui.en.signIn }).click();
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(page.getByTestId('social-notice')).toContainText(ui.en.cancelled);
  await expect(page.getByRole('heading', { level: 2, name: texts.en.section[2] })).toBeVisible();
  await expect(page.locator('input[name="email"]')).toHaveValue('');
  expect(profilesOf(`${login}@example.test`)).toHaveLength(0);
});

test('P3.5 a callback replayed, or forged without the flow this browser started, signs nobody in', async ({ page, context }) => {
  await reachAboutYou(page, 'en');
  await page.getByLabel(ui.en.consent).check();
  // Catch the provider's redirect back, then play it twice.
  let callback = '';
  page.on('request', (r) => {
    if (r.url().includes('/api/social/callback')) callback ||= r.url();
  });
  await page.getByRole('button', { name: ui.en.signIn }).click();
  await signInAtProvider(page, `e2e-replay-${Date.now()}`);
  await expect(page.getByTestId('social-notice')).toContainText(ui.en.connected);
  expect(callback).toContain('code=');
  // Replayed in the same browser: its flow cookie was used up.
  await page.goto(callback);
  await expect(page).toHaveURL(/social=expired/);
  await expect(page.getByTestId('social-notice')).toContainText(/took too long|opened in another browser/);
  // Another browser (an attacker's link): no flow at all.
  const other = await context.browser()!.newContext();
  const stranger = await other.newPage();
  await stranger.goto(callback);
  await expect(stranger).toHaveURL(/social=expired/);
  await other.close();
});

test('P4.3 the cookie settings page shows the social consent and withdraws it', async ({ page }) => {
  const login = `e2e-settings-${Date.now()}`;
  await reachAboutYou(page, 'en');
  await page.getByLabel(ui.en.consent).check();
  await page.getByRole('button', { name: ui.en.signIn }).click();
  await signInAtProvider(page, login);
  await expect(page.getByTestId('social-signed-in')).toBeVisible();
  await page.goto('/en/cookies');
  await expect(page.getByTestId('status-social')).toContainText('You allowed us to keep the profile');
  await page.getByRole('button', { name: ui.en.withdraw }).click();
  await expect(page.getByTestId('social-notice')).toContainText(ui.en.withdrawn);
  await expect(page.getByTestId('status-social')).toContainText('no social profile is kept');
  expect(profilesOf(`${login}@example.test`)).toHaveLength(0);
});

for (const lang of ['az', 'en'] as const) {
  test(`the sign-in box passes axe and fits a 390 px screen — ${lang}`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await reachAboutYou(page, lang);
    await expect(page).toHaveTitle(/Sorğu/);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.getByTestId('social-sign-in').screenshot({ path: `test-results/social-sign-in-${lang}.png` });
  });
}
