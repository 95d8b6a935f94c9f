import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { answerBanner, SLUG } from './survey-helpers';

// Runs after every other browser test (project "policy-change"): it changes the policy for all.

test('P1.2 a material policy version makes the banner ask again', async ({ page }) => {
  await page.goto(`/en/s/${SLUG}`);
  await answerBanner(page, 'en', 'acceptAll');
  await page.reload();
  await expect(page.getByTestId('consent-banner')).toHaveCount(0);

  execFileSync('npx', ['tsx', 'scripts/publish-policy.ts', '--material', '--effective', 'now', '--summary-az', 'Yeni məqsədlər', '--summary-en', 'New purposes'], {
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db' },
    stdio: 'pipe',
  });

  await page.reload();
  const banner = page.getByTestId('consent-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Our privacy policy has changed (version 2)');
  await page.goto('/en/cookies');
  await expect(page.getByText('You chose under an earlier version of the policy')).toBeVisible();
  await expect(page.getByTestId('status-usage')).toHaveText('Off');
  await page.goto('/en/privacy');
  await expect(page.getByTestId('policy-version')).toContainText('Version 2');
  await expect(page.getByText('What changed: New purposes')).toBeVisible();
});
