import { expect, test } from '@playwright/test';
import { queryE2eDb } from './survey-helpers';
import { signIn } from './staff-helpers';
import { waitForMail } from './mail-helpers';

/**
 * Issue 13, part 4: a contact list uploaded in the browser, invitations sent over real SMTP (the
 * catcher), a personal link taken without JavaScript to completion and refused a second response,
 * and an opt-out from the mail's own link.
 */
const SLUG = 'order-feedback';
const surveyId = () => queryE2eDb<{ id: string }>(`SELECT id FROM Survey WHERE slug = ?`, SLUG)[0]!.id;

test('P5.1 staff upload a contact list and send invitations; a personal link works once; the mail’s opt-out is honoured', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const leyla = `leyla-${stamp}@example.az`;
  const rauf = `rauf-${stamp}@example.az`;
  await signIn(page, 'admin');
  await page.goto(`/en/admin/surveys/${surveyId()}/invitations`);
  await expect(page.getByRole('heading', { level: 1, name: 'Invitations' })).toBeVisible();

  // A file with a mistake: nothing is added, the line and column are named (not the value).
  await page.locator('#contacts-file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`email,language,store\n${leyla},en,baku-28\nnot-an-email,az,\n`) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('import-problems')).toContainText('line 3, column email: not an email address');
  await expect(page.getByTestId('import-problems')).not.toContainText('not-an-email');

  await page.locator('#contacts-file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`email,language,store,src\n${leyla},en,baku-28,email\n${rauf},az,ganja-3,email\n`) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('import-result')).toHaveText('2 contacts added; none was on the list already.');
  await page.getByTestId('send-invite').getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByTestId('send-invite').getByRole('status')).toContainText('2 emails queued.');

  // The invitation, delivered over SMTP: why it came, the personal link, the way to stop them.
  const invitation = await waitForMail(leyla, '?invite=');
  expect(invitation.text).toContain('Why you receive this: Demo Coffee gave us this address');
  const link = invitation.text.match(/https?:\/\/\S+\?invite=[A-Za-z0-9_-]{43}/)![0];

  // Without JavaScript: the link's own values (store, src) come with the invitation, not the address bar.
  const respondent = await browser.newContext({ javaScriptEnabled: false });
  const r = await respondent.newPage();
  await r.goto(link);
  await expect(r.getByTestId('invite-notice')).toContainText('You were invited personally');
  await r.getByRole('button', { name: 'Start the survey' }).click();
  await r.getByLabel('In the café').check();
  await r.locator('input[name="order_rating"][value="5"]').check();
  await r.getByRole('button', { name: 'Next', exact: true }).click();
  await r.locator('input[name="choose_again"][value="yes"]').check();
  for (const row of ['taste', 'temperature', 'packaging']) await r.locator(`input[name="order_parts.${row}"][value="good"]`).check();
  await r.getByRole('button', { name: 'Submit my answers' }).click();
  await expect(r.getByRole('heading', { level: 1, name: 'Thank you!' })).toBeVisible();
  await respondent.close();
  const stored = queryE2eDb<{ key: string; value: string }>(
    `SELECT q.key, a.value FROM Invitation i JOIN Answer a ON a.responseId = i.responseId JOIN Question q ON q.id = a.questionId WHERE i.email = ? AND q.type = 'hidden' ORDER BY q.key`,
    leyla,
  );
  expect(stored).toEqual([{ key: 'src', value: '"email"' }, { key: 'store', value: '"baku-28"' }]);

  // The same link again, in another browser: no second response, and nothing of the first shown.
  const second = await browser.newContext({ javaScriptEnabled: false });
  const again = await second.newPage();
  await again.goto(link);
  await again.getByRole('button', { name: 'Start the survey' }).click();
  await expect(again.getByTestId('ending')).toHaveText('You have already taken part in this survey with this link. Thank you!');
  await second.close();
  expect(queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM Response r JOIN Invitation i ON i.responseId = r.id WHERE i.email = ?`, leyla)[0]!.n).toBe(1);

  // Rauf stops the emails from his (Azerbaijani) mail.
  const raufMail = await waitForMail(rauf, '/opt-out');
  const optOutLink = raufMail.text.match(/https?:\/\/\S+\/opt-out/)![0];
  const other = await browser.newPage();
  await other.goto(optOutLink);
  await other.getByRole('button', { name: 'Bu məktubları dayandır' }).click();
  await expect(other.getByTestId('opt-out-result')).toHaveText('Hazırdır: bu sorğu barədə sizə daha məktub göndərilməyəcək.');
  await other.close();

  await page.reload();
  const row = (email: string) => page.getByTestId('invitation-row').filter({ hasText: email });
  await expect(row(leyla).getByTestId('invitation-status')).toHaveText('completed');
  await expect(row(rauf).getByTestId('invitation-status')).toHaveText('invited');
  // The opted-out column shows when.
  await expect(row(rauf).locator('td').last()).not.toHaveText('—');
  expect(queryE2eDb<{ optedOutAt: string | null }>(`SELECT optedOutAt FROM Invitation WHERE email = ?`, rauf)[0]!.optedOutAt).not.toBeNull();
});
