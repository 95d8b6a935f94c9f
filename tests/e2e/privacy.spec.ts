import { expect, test } from '@playwright/test';

for (const [lang, regions, external] of [
  ['az', ['Amerika Birləşmiş Ştatları', 'Birləşmiş Krallıq', 'Yaponiya', 'Avropa İttifaqı'], '(başqa sayta keçid)'],
  ['en', ['United States', 'United Kingdom', 'Japan', 'European Union'], '(opens another site)'],
] as const) {
  test(`P1.1 P14.1 P15.1 P16.1 the privacy notice shows the version, controller, DPO and storage regions (${lang})`, async ({ page }) => {
    await page.goto(`/${lang}/privacy`);
    await expect(page.getByTestId('policy-version')).toContainText(lang === 'az' ? 'Versiya' : 'Version');
    await expect(page.locator('.contact-card')).toContainText('Service Management Group, LLC1737 McGee Street');
    await expect(page.getByRole('link', { name: 'privacyofficer@smg.com' })).toHaveAttribute('href', 'mailto:privacyofficer@smg.com');
    await expect(page.getByTestId('storage-regions').getByRole('listitem')).toHaveText([...regions]);
    // The footer links to privacy, cookie settings (P9.1), the respondent's rights (P7.2) and help (P5.1) from every page.
    const footer = page.getByRole('contentinfo').getByRole('link');
    await expect(footer).toHaveCount(4);
    await expect(footer.nth(2)).toHaveAttribute('href', `/${lang}/my-data`);
    await expect(footer.last()).toHaveAttribute('href', `/${lang}/support`);

    // P12.1: every link that leaves the service is marked as such.
    const outbound = page.locator('main a[href^="http"]');
    const count = await outbound.count();
    if (lang === 'az') expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const link = outbound.nth(i);
      await expect(link).toHaveAttribute('data-external', 'true');
      await expect(link).toHaveAttribute('rel', /noopener/);
      await expect(link).toContainText(external);
    }
  });
}
