import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { answerBanner, completeSurvey, queryE2eDb, SLUG } from './survey-helpers';
import { signIn } from './staff-helpers';
import { readSav } from '../helpers/sav';

/**
 * Issue 13, part 5 in a browser: the report's download form gives an analyst the Excel workbook
 * (with JavaScript) and the SPSS zip (without), labelled in the language picked; the files are
 * read back here — the workbook with exceljs, the zip run through GNU PSPP and its .sav read.
 */
const surveyId = () => queryE2eDb<{ id: string }>('SELECT id FROM Survey WHERE slug = ?', SLUG)[0]!.id;
const bytesOf = async (download: Download) => readFileSync(await download.path());

test('an analyst downloads the responses as Excel and as SPSS, labelled in the language chosen, with and without JavaScript', async ({ browser }) => {
  test.setTimeout(120_000);
  const respondent = await (await browser.newContext()).newPage();
  await respondent.goto(`/az/s/${SLUG}`);
  await answerBanner(respondent, 'az', 'rejectAll');
  const responseId = await completeSurvey(respondent, 'az');

  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, 'analystA', 'az');
  await analyst.goto(`/az/admin/surveys/${surveyId()}`);
  const form = analyst.getByTestId('export-form');
  await form.getByLabel('Excel (.xlsx), cavablar adları ilə').check();
  await expect(form.getByLabel('Adların dili')).toHaveValue('az');
  const excel = analyst.waitForEvent('download');
  await analyst.getByTestId('export-download').click();
  const xlsx = await excel;
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^${SLUG}-responses-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytesOf(xlsx)) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(['Cavablar', 'Dəyişənlər']);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  let mine: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === responseId) mine = row;
  });
  const cell = (column: string) => mine!.getCell(header.indexOf(column) + 1).value;
  expect(cell('branch')).toBe('Port Baku');
  expect(cell('visit_purposes')).toBe('Qəhvə; Yemək');
  expect(cell('gender')).toBe('Qadın');
  expect(cell('comment')).toBe('Çox sağ olun!');
  expect(cell('outcome')).toBe('Tamamlanıb');

  // Without JavaScript: the same form is a plain GET.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(plain, 'analystA', 'en');
  await plain.goto(`/en/admin/surveys/${surveyId()}`);
  await plain.getByLabel('SPSS (syntax and data file, .zip)').check();
  await plain.getByLabel('Language of the labels').selectOption('en');
  await plain.getByTestId('export-all-outcomes').check();
  const spss = plain.waitForEvent('download');
  await plain.getByTestId('export-download').click();
  const zip = await spss;
  expect(zip.suggestedFilename()).toMatch(/\.spss\.zip$/);
  const files = unzipSync(new Uint8Array(await bytesOf(zip)));
  expect(Object.keys(files).sort()).toEqual([`${SLUG}-responses.dat`, `${SLUG}-responses.sps`]);
  const dir = mkdtempSync(path.join(tmpdir(), 'sorgu-e2e-spss-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const run = spawnSync('pspp', ['--batch', `${SLUG}-responses.sps`], { cwd: dir, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const sav = await readSav(readFileSync(path.join(dir, `${SLUG}-responses.sav`)));
    const row = sav.rows.find((r) => String(r.response_id).trim() === responseId)!;
    expect(sav.valueLabels.gender![String(row.gender)]).toBe('Female');
    expect(sav.valueLabels.branch![String(row.branch)]).toBe('Port Baku');
    expect(sav.valueLabels.outcome![String(row.outcome)]).toBe('Completed');
    expect(sav.variables.find((v) => v.name === 'branch')!.label).toBe('Which of our cafés did you visit?');
    // Both downloads are audited: who, which survey, how many rows, which format (never a value).
    const audits = queryE2eDb<{ counts: string }>("SELECT counts FROM AuditEvent WHERE action = 'responses.exported' AND target = ? ORDER BY at DESC LIMIT 2", `survey:${surveyId()}`);
    expect(audits.map((a) => Object.keys(JSON.parse(a.counts) as object).sort())).toEqual([['allOutcomes', 'rows', 'spss'], ['rows', 'xlsx']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
