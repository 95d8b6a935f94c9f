import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { waitForMail } from './mail-helpers';
import { signIn } from './staff-helpers';

/** A message the sender gave up on (what 8 failed attempts leave), written as Prisma stores it. */
function insertFailedMail(to: string) {
  const db = new Database('data/e2e.db');
  try {
    const at = new Date().toISOString().replace('Z', '+00:00');
    db.prepare(
      `INSERT INTO OutboxMessage (id, "to", subject, body, createdAt, attempts, nextAttemptAt, failedAt, error) VALUES (?, ?, ?, ?, ?, 8, ?, ?, ?)`,
    ).run(`e2e-${randomUUID()}`, to, 'Sorğu: a message that failed', `Sent again for ${to}`, at, at, at, 'Greeting never received');
  } finally {
    db.close();
  }
}

test('an admin sees mail that could not be delivered and why, sends it again, and it arrives', async ({ page }) => {
  const to = `failed-${randomUUID()}@example.az`;
  insertFailedMail(to);
  await signIn(page, 'admin', 'en');
  await page.goto('/en/admin/mailbox');
  await expect(page.getByTestId('mail-route')).toContainText('in the background, and retried when it fails');
  const row = page.getByTestId('mail-problems').getByRole('row').filter({ hasText: to });
  await expect(row).toContainText('Failed — no more attempts');
  await expect(row).toContainText('Greeting never received');
  await row.getByRole('button', { name: 'Send again' }).click();
  await waitForMail(to, `Sent again for ${to}`);
  await page.reload();
  await expect(page.getByTestId('mail-delivery')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: to })).toHaveCount(0);
});
