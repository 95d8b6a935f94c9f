import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { answerBanner, SLUG } from './survey-helpers';

// Runs after every other browser test (project "policy-change"): it changes the policy for all.

function publish(...args: string[]) {
  execFileSync('npx', ['tsx', 'scripts/publish-policy.ts', '--effective', 'now', ...args], {
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db' },
    stdio: 'pipe',
  });
}

test('P1.2 a non-material version is announced; a material one makes the banner ask again', async ({ page }) => {
  await page.goto(`/en/s/${SLUG}`);
  await answerBanner(page, 'en', 'acceptAll');
  await page.reload();
  await expect(page.getByTestId('consent-banner')).toHaveCount(0);

  // A non-material version is only announced: no banner, the choice stands.
  publish('--summary-az', 'Düzəlişlər', '--summary-en', 'Corrections');
  await page.reload();
  await expect(page.getByTestId('policy-notice')).toContainText('We updated our privacy notice (version 2)');
  await expect(page.getByTestId('consent-banner')).toHaveCount(0);

  publish('--material', '--summary-az', 'Yeni məqsədlər', '--summary-en', 'New purposes');
  await page.reload();
  const banner = page.getByTestId('consent-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Our privacy policy has changed (version 3)');
  await page.goto('/en/cookies');
  await expect(page.getByText('You chose under an earlier version of the policy')).toBeVisible();
  await expect(page.getByTestId('status-usage')).toHaveText('Off');
  await page.goto('/en/privacy');
  await expect(page.getByTestId('policy-version')).toContainText('Version 3');
  await expect(page.getByText('What changed: New purposes')).toBeVisible();
});
