import { expect, test } from '@playwright/test';
import { answerBanner, queryE2eDb } from './survey-helpers';
import { signIn } from './staff-helpers';

test('an admin builds a survey in both languages and publishes it; a respondent takes it; only the Client’s analyst sees the answers', async ({ browser }) => {
  // A long flow (three people, two tabs): more time on a loaded machine.
  test.slow();
  const slug = `built-${Date.now().toString(36)}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.getByRole('link', { name: 'New survey' }).click();
  await admin.locator('#survey-client').selectOption({ label: 'Demo Coffee' });
  await admin.locator('#survey-slug').fill(slug);
  await admin.locator('input[name="title_az"]').fill('Səhər yeməyi');
  await admin.locator('input[name="title_en"]').fill('Breakfast');
  await admin.locator('textarea[name="description_az"]').fill('Səhər yeməyi haqqında qısa sorğu.');
  await admin.locator('textarea[name="description_en"]').fill('A short survey about breakfast.');
  await admin.getByRole('button', { name: 'Create draft' }).click();
  await expect(admin).toHaveURL(/\/admin\/surveys\/[^/]+\/edit$/);

  await admin.locator('input[name="sectionTitle_az"]').fill('Menyu');
  await admin.locator('input[name="sectionTitle_en"]').fill('Menu');
  await admin.getByRole('button', { name: 'Add section' }).click();
  await expect(admin.getByTestId('builder-section-0')).toContainText('Menu');

  const form = admin.getByTestId('add-question');
  await form.locator('#q-key').fill('favourite');
  await form.locator('#q-type').selectOption('single_choice');
  await form.getByLabel('Required').check();
  await form.locator('input[name="prompt_az"]').fill('Ən çox nəyi sevirsiniz?');
  await form.locator('input[name="prompt_en"]').fill('What do you like most?');
  await form.locator('#q-options').fill('eggs | Yumurta | Eggs\npancakes | Blinçik |');
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(admin.getByTestId('builder-section-0')).toContainText('favourite');

  // A missing English option label keeps it from being published.
  await admin.getByRole('button', { name: 'Publish' }).click();
  await expect(admin.getByTestId('publish-problems')).toContainText('Missing English text: favourite: pancakes.');
  await expect(admin.getByTestId('survey-status')).toContainText('Status: draft');

  // A contact field without a purpose is refused (P5.1).
  await form.locator('#q-key').fill('email');
  await form.locator('#q-type').selectOption('email');
  await form.locator('input[name="prompt_az"]').fill('E-poçt');
  await form.locator('input[name="prompt_en"]').fill('Email');
  await form.locator('#q-options').fill('');
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(form.getByTestId('error-contactPurpose')).toBeVisible();

  // Fix it in place: the missing English label.
  await admin.getByRole('link', { name: 'Edit favourite' }).click();
  const edit = admin.getByTestId('edit-question');
  await expect(edit.locator('#q-options')).toHaveValue('eggs | Yumurta | Eggs\npancakes | Blinçik | ');
  await edit.locator('#q-options').fill('eggs | Yumurta | Eggs\npancakes | Blinçik | Pancakes');
  await edit.getByRole('button', { name: 'Save question' }).click();
  await expect(admin).toHaveURL(/\/edit#question-/);

  // A second section, moved before the first, then removed while still empty.
  await admin.getByTestId('add-section').locator('input[name="sectionTitle_az"]').fill('Əlavə');
  await admin.getByTestId('add-section').locator('input[name="sectionTitle_en"]').fill('Extra');
  await admin.getByRole('button', { name: 'Add section' }).click();
  await admin.getByTestId('builder-section-1').getByRole('button', { name: 'Move up' }).click();
  await expect(admin.getByTestId('builder-section-0')).toContainText('Extra');
  // A second tab keeps the draft's buttons open while the first publishes (used below).
  const staleTab = await admin.context().newPage();
  await staleTab.goto(admin.url());
  await admin.getByTestId('builder-section-0').getByRole('button', { name: 'Delete empty section' }).click();
  await expect(admin.getByTestId('builder-section-0')).toContainText('Menu');
  await expect(admin.getByTestId('builder-section-1')).toHaveCount(0);
  await admin.getByRole('button', { name: 'Publish' }).click();
  await expect(admin.getByTestId('survey-status')).toContainText('Status: published');

  // The stale tab's button is refused on the server, and the page says why (not a silent reload).
  await staleTab.getByTestId('builder-section-1').getByRole('button', { name: 'Move up' }).click();
  await expect(staleTab.getByTestId('refusal-notice')).toHaveText(/no longer a draft/);
  await expect(staleTab.getByTestId('survey-status')).toContainText('Status: published');
  await staleTab.close();

  // Published: texts are locked, retention can still be shortened (P6.1), not lengthened.
  await admin.reload();
  await admin.getByText('Survey settings').click();
  const settings = admin.getByTestId('survey-settings');
  await expect(settings.locator('input[name="title_en"]')).toBeDisabled();
  await settings.locator('#survey-retentionContactDays').fill('400');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByTestId('error-retentionContactDays')).toHaveText('Whole days, at most the policy’s period.');
  await settings.locator('#survey-retentionContactDays').fill('30');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('status')).toHaveText('Saved.');
  expect(queryE2eDb<{ days: number }>('SELECT retentionContactDays AS days FROM Survey WHERE slug = ?', slug)[0]?.days).toBe(30);

  // A respondent takes it, in Azerbaijani.
  const respondent = await (await browser.newContext()).newPage();
  await respondent.goto(`/az/s/${slug}`);
  await answerBanner(respondent, 'az', 'rejectAll');
  await expect(respondent.getByRole('heading', { level: 1, name: 'Səhər yeməyi' })).toBeVisible();
  await respondent.getByRole('button', { name: 'Sorğuya başla' }).click();
  await respondent.getByLabel('Blinçik').check();
  await respondent.getByRole('button', { name: 'Cavablarımı göndər' }).click();
  await expect(respondent.getByRole('heading', { level: 1, name: 'Təşəkkür edirik!' })).toBeVisible();

  // The Client's analyst sees it in the report; the other Client's analyst does not.
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, 'analystA');
  await analyst.getByRole('link', { name: 'Breakfast' }).click();
  await expect(analyst.getByTestId('report-favourite')).toContainText('100%');
  const other = await (await browser.newContext()).newPage();
  await signIn(other, 'analystB');
  expect(await other.content()).not.toContain('Breakfast');
});
