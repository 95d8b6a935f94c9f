import { expect, test } from '@playwright/test';
import { answerAboutYou, answerBanner, answerOpinion, answerVisit, completeSurvey, consentIdOf, countRows, press, queryE2eDb, SLUG, startSurvey, texts } from './survey-helpers';
import { signIn } from './staff-helpers';

/** README: "One browser, several people". */
const respondentWith = (email: string) =>
  queryE2eDb<{ id: string; consentSubjectKey: string | null; responseId: string }>(
    'SELECT p.id, p.consentSubjectKey, r.id AS responseId FROM Answer a JOIN Response r ON r.id = a.responseId JOIN Respondent p ON p.id = r.respondentId WHERE a.value = ?',
    JSON.stringify(email),
  )[0]!;
const keyOf = (consentId: string) => queryE2eDb<{ subjectKey: string }>('SELECT subjectKey FROM ConsentRecord WHERE id = ?', consentId)[0]!.subjectKey;

test('P4.2 P7.2 consent accepted on page 2 is the respondent’s: the DPO sees it, the erasure ends it', async ({ browser }) => {
  const email = `mid-${Date.now().toString(36)}@example.az`;
  const respondent = await (await browser.newContext()).newPage();
  // The banner is ignored: the survey starts and page 1 is sent under no consent.
  await startSurvey(respondent, 'en');
  await expect(respondent.getByTestId('consent-banner')).toBeVisible();
  await answerVisit(respondent, 'en');
  await press(respondent, 'en', 'next');
  await expect(respondent.getByRole('heading', { level: 2, name: texts.en.section[1] })).toBeVisible();
  // "Accept all" on page 2, then on to the end with an email.
  await answerBanner(respondent, 'en', 'acceptAll');
  const consentId = await consentIdOf(respondent);
  const subjectKey = keyOf(consentId);
  // The cookie is strictly necessary and Secure in a production build, even on http://localhost.
  expect((await respondent.context().cookies()).find((c) => c.name === 'sorgu_consent')?.secure).toBe(true);
  await respondent.mouse.click(10, 400);
  await answerOpinion(respondent, 'en');
  await press(respondent, 'en', 'next');
  await answerAboutYou(respondent, email);
  await press(respondent, 'en', 'finish');
  await expect(respondent.getByRole('heading', { level: 1, name: texts.en.thanks })).toBeVisible();
  await expect.poll(() => countRows('SessionEvent', 'consentRecordId = ?', consentId)).toBeGreaterThan(0);
  const { id: respondentId, consentSubjectKey, responseId } = respondentWith(email);
  expect(consentSubjectKey).toBe(subjectKey);
  expect(countRows('UsageMetadata', 'responseId = ? AND consentRecordId = ?', responseId, consentId)).toBe(1);

  const dpo = await (await browser.newContext()).newPage();
  await signIn(dpo, 'dpo');
  await dpo.goto(`/en/dpo/subjects/respondent/${respondentId}`);
  await expect(dpo.getByTestId('subject-summary')).toContainText('Browsers (consent subjects)1');
  await expect(dpo.getByTestId('consent-history')).toContainText(consentId);
  await expect(dpo.getByTestId('same-browser-leads')).toHaveCount(0);
  await dpo.getByRole('link', { name: 'Erase…' }).click();
  await expect(dpo.getByTestId('erase-counts')).toContainText('Consent records: 1');
  await dpo.getByLabel('I have checked that this is the right person and that erasure applies.').check();
  await dpo.getByRole('button', { name: 'Erase now' }).click();
  await expect(dpo.getByRole('status')).toContainText('The subject was erased.');

  expect(queryE2eDb('SELECT id FROM ConsentRecord WHERE subjectKey = ?', subjectKey)).toHaveLength(0);
  for (const table of ['UsageMetadata', 'FraudSignal', 'LocationFix', 'SessionEvent'] as const) expect(countRows(table, 'subjectKey = ?', subjectKey), table).toBe(0);
  // The browser's cookie now names nothing: the banner asks again and nothing is collected.
  await respondent.goto('/en/cookies');
  await expect(respondent.getByText('You have not made a choice yet')).toBeVisible();
  await respondent.goto(`/en/s/${SLUG}`);
  await expect(respondent.getByTestId('consent-banner')).toBeVisible();
  await respondent.mouse.click(10, 400);
  await respondent.goto('/en/privacy');
  expect(countRows('SessionEvent', 'consentRecordId = ? OR subjectKey = ?', consentId, subjectKey)).toBe(0);
});

test('P7.2 a second person at the same browser is asked again: the first one’s consent is never theirs', async ({ browser }) => {
  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto(`/en/s/${SLUG}`);
  await answerBanner(kiosk, 'en', 'acceptAll');
  const first = await consentIdOf(kiosk);
  const firstEmail = `kiosk-a-${Date.now().toString(36)}@example.az`;
  await completeSurvey(kiosk, 'en', firstEmail);
  const firstResponse = respondentWith(firstEmail);
  expect(firstResponse.consentSubjectKey).toBe(keyOf(first));

  // The next person starts: the browser forgets the first person's choice and asks.
  await startSurvey(kiosk, 'en');
  await expect(kiosk.getByTestId('consent-banner')).toBeVisible();
  expect((await kiosk.context().cookies()).find((c) => c.name === 'sorgu_consent')).toBeUndefined();
  await answerBanner(kiosk, 'en', 'rejectAll');
  const second = await consentIdOf(kiosk);
  expect(keyOf(second)).not.toBe(keyOf(first));
  const secondEmail = `kiosk-b-${Date.now().toString(36)}@example.az`;
  await answerVisit(kiosk, 'en');
  await press(kiosk, 'en', 'next');
  await answerOpinion(kiosk, 'en');
  await press(kiosk, 'en', 'next');
  await answerAboutYou(kiosk, secondEmail);
  await press(kiosk, 'en', 'finish');
  await expect(kiosk.getByTestId('received-at')).toBeVisible();
  expect(respondentWith(secondEmail).consentSubjectKey).toBe(keyOf(second));
  expect(countRows('UsageMetadata', 'responseId = ?', respondentWith(secondEmail).responseId)).toBe(0);

  // The thank-you page shows only a response its browser finished: a hand-made cookie naming the
  // first person's response shows nothing.
  const forger = await (await browser.newContext()).newPage();
  await forger.context().addCookies([{ name: `sorgu_done_${SLUG}`, value: firstResponse.responseId, url: new URL(kiosk.url()).origin }]);
  await forger.goto(`/en/s/${SLUG}/done`);
  await expect(forger.getByRole('heading', { level: 1, name: texts.en.thanks })).toBeVisible();
  await expect(forger.getByTestId('received-at')).toHaveCount(0);
});
