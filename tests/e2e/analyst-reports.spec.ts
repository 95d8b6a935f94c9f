import { expect, test } from '@playwright/test';
import { answerBanner, answerVisit, press, queryE2eDb, SLUG, startSurvey, texts } from './survey-helpers';
import { signIn, type StaffRoleKey } from './staff-helpers';

const surveyId = () => queryE2eDb<{ id: string }>('SELECT id FROM Survey WHERE slug = ?', SLUG)[0]!.id;

test('a respondent answers; the Client’s analyst sees the response and charts and downloads a neutralised CSV; the other Client’s analyst sees none of it', async ({ browser }) => {
  const respondent = await (await browser.newContext()).newPage();
  await respondent.goto(`/en/s/${SLUG}`);
  await answerBanner(respondent, 'en', 'rejectAll');
  await startSurvey(respondent, 'en');
  await answerVisit(respondent, 'en');
  await press(respondent, 'en', 'next');
  await respondent.locator('input[name="recommend"][value="10"]').check();
  const marker = `=HYPERLINK("http://evil.example/${Date.now()}","prize")`;
  await respondent.locator('textarea[name="comment"]').fill(marker);
  await press(respondent, 'en', 'next');
  await press(respondent, 'en', 'finish');
  await expect(respondent.getByRole('heading', { level: 1, name: texts.en.thanks })).toBeVisible();

  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, 'analystA');
  await analyst.getByRole('link', { name: 'About your café visit' }).click();
  await expect(analyst.getByTestId('report-recommend').getByRole('img')).toBeVisible();
  await expect(analyst.getByTestId('nps-score')).toContainText('NPS:');
  await analyst.getByTestId('report-branch').getByText('Show as a table').click();
  await expect(analyst.getByTestId('report-branch').getByRole('table')).toContainText('Port Baku');

  const download = analyst.waitForEvent('download');
  // The download form: CSV is the default format.
  await analyst.getByTestId('export-download').click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  expect(csv).toContain(`"'${marker.replaceAll('"', '""')}"`);

  // The response list and the detail page show it, as text.
  await analyst.goto(`/en/admin/responses?survey=${surveyId()}&status=completed`);
  await expect(analyst.getByTestId('responses-table')).toContainText('About your café visit');

  const other = await (await browser.newContext()).newPage();
  await signIn(other, 'analystB');
  expect(await other.content()).not.toContain('About your café visit');
  const report = await other.request.get(`/en/admin/surveys/${surveyId()}`, { maxRedirects: 0 });
  expect(report.status()).toBe(404);
  expect(await report.text()).not.toContain(marker);
  const list = await other.request.get(`/en/admin/responses?survey=${surveyId()}`);
  expect(await list.text()).not.toContain('About your café visit');
});

test('P5.5 the export route answers each role as allowed, and a refusal carries no data', async ({ browser }) => {
  const expected: Record<StaffRoleKey | 'anonymous', number> = { anonymous: 401, admin: 200, analystA: 200, analystB: 404, dpo: 403 };
  for (const [who, status] of Object.entries(expected) as [StaffRoleKey | 'anonymous', number][]) {
    const page = await (await browser.newContext()).newPage();
    if (who !== 'anonymous') await signIn(page, who);
    const response = await page.request.get(`/api/surveys/${surveyId()}/export?format=json`);
    expect(response.status(), who).toBe(status);
    if (status !== 200) expect((await response.body()).length, who).toBe(0);
    await page.close();
  }
});
