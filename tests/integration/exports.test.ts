import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG, FIELDWORK_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { addQuestionAs, addSectionAs, createSurveyAs } from '@/features/builder/commands';
import { csvStream, jsonStream, planExport, type ExportOptions } from '@/features/responses/export';
import { xlsxStream } from '@/features/responses/export-xlsx';
import { spssZipStream } from '@/features/responses/export-spss';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { drawDisplayOrder } from '@/features/survey/display-order';
import { hiddenValuesFromForm, linkValuesOf } from '@/features/survey/link-values';
import { getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import type { AnswerValue } from '@/features/survey/schemas';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { readSav, spssTime, type SavFile } from '../helpers/sav';

/**
 * Issue 13, part 5 — the exports agencies hand over: Excel read back with exceljs, SPSS run
 * through GNU PSPP (`pspp`, installed by .ci/run) and its .sav read back with sav-reader, labels
 * included; outcome, hidden fields and display order in every format; both databases.
 */
const ZONE = 'Asia/Baku';
const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const work = mkdtempSync(path.join(tmpdir(), 'sorgu-exports-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readXlsx(stream: ReadableStream<Uint8Array>) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytes(stream)) as unknown as ArrayBuffer);
  const [responses, variables] = workbook.worksheets;
  const table = (sheet: ExcelJS.Worksheet) => {
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    const header = (rows[0]!.values as ExcelJS.CellValue[]).slice(1).map(String);
    return { header, rows: rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1)]))) };
  };
  return { names: workbook.worksheets.map((w) => w.name), responses: table(responses!), variables: table(variables!) };
}

/** Unzips the SPSS export, runs PSPP on the syntax in that folder and reads the .sav it saved. */
async function runSpss(stream: ReadableStream<Uint8Array>): Promise<{ files: string[]; syntax: string; data: string; sav: SavFile; log: string }> {
  const dir = mkdtempSync(path.join(work, 'spss-'));
  const files = unzipSync(new Uint8Array(await bytes(stream)));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const syntaxName = Object.keys(files).find((f) => f.endsWith('.sps'))!;
  const run = spawnSync('pspp', ['--batch', syntaxName], { cwd: dir, encoding: 'utf8' });
  const log = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`pspp exited with ${run.status}:\n${log}\n--- syntax ---\n${strFromU8(files[syntaxName]!)}`);
  const savName = syntaxName.replace(/\.sps$/, '.sav');
  return {
    files: Object.keys(files).sort(),
    syntax: strFromU8(files[syntaxName]!),
    data: strFromU8(files[syntaxName.replace(/\.sps$/, '.dat')]!),
    sav: await readSav(readFileSync(path.join(dir, savName))),
    log,
  };
}

describe.each(PROVIDERS)('agency exports: Excel and SPSS on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const plan = async (surveyId: string, options: ExportOptions = {}) => (await planExport(t.db, await userOf('analyst@demo-coffee.test'), surveyId, { timeZone: ZONE, ...options }))!;

  /** A response written as the respondent's pages write it: each value saved with its own section. */
  async function respond(survey: SurveyDTO, values: Record<string, AnswerValue>, { locale = 'az' as 'az' | 'en', complete = true, startedAt = new Date() } = {}) {
    const { responseId } = await startDraft(t.db, survey.id, locale, startedAt);
    for (const [index, section] of survey.sections.entries()) {
      const own = Object.fromEntries(section.questions.filter((q) => q.key in values).map((q) => [q.key, values[q.key]]));
      if (Object.keys(own).length) await saveSectionAnswers(t.db, responseId, section.questions, own, index + 1);
    }
    if (complete) await completeDraft(t.db, responseId, new Date(startedAt.getTime() + 90_000));
    else await t.db.response.update({ where: { id: responseId }, data: { status: 'abandoned', abandonedAt: new Date() } });
    return responseId;
  }

  const cafe = async () => (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
  const FORMULA = '=HYPERLINK("http://evil.example","win")';
  const AZ_TEXT = 'Çay və şirniyyat — ə, ğ, ı, İ, ş, ç, ö, ü';
  // 10:15:30 UTC is 14:15:30 on Baku's clock.
  const STARTED = new Date('2026-11-20T10:15:30.000Z');

  async function cafeResponses() {
    const survey = await cafe();
    const purposes = survey.sections.flatMap((s) => s.questions).find((q) => q.key === 'visit_purposes')!.options;
    const done = await respond(survey, {
      branch: 'nizami',
      visit_purposes: [purposes[0]!.value, purposes[2]!.value],
      overall_rating: 4,
      recommend: 9,
      liked_most: AZ_TEXT,
      comment: `${FORMULA}\nsecond line`,
      phone: '+994501234567',
      gender: 'female',
      birth_date: '1990-05-17',
      postal_code: 'AZ1000',
    }, { startedAt: STARTED });
    const left = await respond(survey, { branch: 'port_baku', overall_rating: 2 }, { locale: 'en', complete: false });
    return { survey, purposes, done, left };
  }

  it('Excel: the CSV’s columns, answers by their label in the language asked for, times on the app’s clock, formulas neutralised, a codebook sheet', async () => {
    const { survey, purposes, done, left } = await cafeResponses();
    const az = await plan(survey.id, { locale: 'az' });
    const book = await readXlsx(xlsxStream(az, 'az'));
    expect(book.names).toEqual(['Cavablar', 'Dəyişənlər']);
    expect(book.responses.header).toEqual(az.columns);
    expect(book.responses.header.at(-1)).toBe('outcome');
    expect(book.responses.rows).toHaveLength(1);
    const row = book.responses.rows[0]!;
    const branchLabel = survey.sections[0]!.questions.find((q) => q.key === 'branch')!.options.find((o) => o.value === 'nizami')!.label.az;
    expect(row.response_id!.value).toBe(done);
    expect(row.locale!.value).toBe('Azərbaycan dili');
    expect(row.branch!.value).toBe(branchLabel);
    expect(row.visit_purposes!.value).toBe(`${purposes[0]!.label.az}; ${purposes[2]!.label.az}`);
    expect(row.overall_rating!.value).toBe(4);
    expect(row.recommend!.value).toBe(9);
    expect(row.gender!.value).toBe('Qadın');
    expect(row.liked_most!.value).toBe(AZ_TEXT);
    expect(row.phone!.value).toBe('+994501234567'); // a phone number keeps its plus
    // A date-time cell on Baku's clock (Excel has no zones: the column's label names it).
    expect(row.started_at!.type).toBe(ExcelJS.ValueType.Date);
    expect((row.started_at!.value as Date).toISOString()).toBe('2026-11-20T14:15:30.000Z');
    expect((row.birth_date!.value as Date).toISOString()).toBe('1990-05-17T00:00:00.000Z');
    // Formula injection: a plain text cell beginning with an apostrophe, never a formula; the line break kept.
    expect(row.comment!.type).toBe(ExcelJS.ValueType.String);
    expect(row.comment!.value).toBe(`'${FORMULA}\nsecond line`);
    expect(row.outcome!.value).toBe('Tamamlanıb');
    expect(row.completed_at!.value).toBeInstanceOf(Date);

    const codebook = Object.fromEntries(book.variables.rows.map((r) => [String(r[book.variables.header[0]!]!.value), r]));
    expect(book.variables.header).toEqual(['Sütun', 'Sual', 'Cavab kodları']);
    expect(Object.keys(codebook)).toEqual(az.columns);
    expect(codebook.gender![book.variables.header[1]!]!.value).toBe(survey.sections.flatMap((s) => s.questions).find((q) => q.key === 'gender')!.prompt.az);
    expect(codebook.gender![book.variables.header[2]!]!.value).toBe('female = Qadın\nmale = Kişi\nother = Digər\nprefer_not_to_say = Demək istəmirəm');
    expect(codebook.started_at![book.variables.header[1]!]!.value).toBe(`Başlanıb (${ZONE} vaxtı ilə)`);

    // In English, with every outcome: the abandoned response too, labelled.
    const en = await readXlsx(xlsxStream(await plan(survey.id, { locale: 'en', allOutcomes: true }), 'en'));
    expect(en.names).toEqual(['Responses', 'Variables']);
    const byId = Object.fromEntries(en.responses.rows.map((r) => [r.response_id!.value, r]));
    expect(byId[done]!.outcome!.value).toBe('Completed');
    expect(byId[done]!.gender!.value).toBe('Female');
    expect(byId[left]!.outcome!.value).toBe('Abandoned');
    expect(byId[left]!.completed_at!.value).toBeNull();
    expect(byId[left]!.overall_rating!.value).toBe(2);
  });

  it('SPSS: PSPP runs the syntax on its data file and the .sav holds variable and value labels in the language asked for', async () => {
    const { survey, purposes, done, left } = await cafeResponses();
    const az = await plan(survey.id, { locale: 'az', allOutcomes: true });
    const { files, syntax, sav, log } = await runSpss(spssZipStream(az, 'az'));
    expect(files).toEqual([`${DEMO_SURVEY_SLUG}-responses.dat`, `${DEMO_SURVEY_SLUG}-responses.sps`]);
    expect(log).not.toMatch(/error|warning/i);
    expect(syntax.split('\n')[0]).toBe('* Encoding: UTF-8.');
    expect(sav.encoding).toBe('UTF-8');

    const variable = Object.fromEntries(sav.variables.map((v) => [v.name, v]));
    const questions = survey.sections.flatMap((s) => s.questions);
    const prompt = (key: string) => questions.find((q) => q.key === key)!.prompt.az;
    expect(variable.branch!.label).toBe(prompt('branch'));
    expect(variable.gender!.label).toBe(prompt('gender'));
    expect(variable.started_at!.label).toBe(`Başlanıb (${ZONE} vaxtı ilə)`);
    expect(variable.started_at!.printFormat?.typestr).toBe('DATETIME');
    expect(variable.birth_date!.printFormat?.typestr).toBe('DATE');
    // A multiple choice: one 0/1 variable per option, labelled "question: option".
    expect(variable[`visit_purposes.${purposes[0]!.value}`]!.label).toBe(`${prompt('visit_purposes')}: ${purposes[0]!.label.az}`);
    expect(sav.valueLabels[`visit_purposes.${purposes[0]!.value}`]).toEqual({ 0: 'Seçilməyib', 1: 'Seçilib' });

    const branches = questions.find((q) => q.key === 'branch')!.options;
    expect(sav.valueLabels.branch).toEqual(Object.fromEntries(branches.map((o, i) => [String(i + 1), o.label.az])));
    expect(sav.valueLabels.gender).toEqual({ 1: 'Qadın', 2: 'Kişi', 3: 'Digər', 4: 'Demək istəmirəm' });
    expect(sav.valueLabels.outcome).toEqual({ 1: 'Tamamlanıb', 2: 'Uyğun gəlmədi', 3: 'Kvota dolub', 4: 'Tərk edilib' });
    expect(sav.valueLabels.locale).toEqual({ 1: 'Azərbaycan dili', 2: 'İngilis dili' });

    const rows = Object.fromEntries(sav.rows.map((r) => [String(r.response_id).trim(), r]));
    expect(Object.keys(rows).sort()).toEqual([done, left].sort());
    const mine = rows[done]!;
    expect(mine.branch).toBe(branches.findIndex((o) => o.value === 'nizami') + 1);
    expect(mine[`visit_purposes.${purposes[0]!.value}`]).toBe(1);
    expect(mine[`visit_purposes.${purposes[1]!.value}`]).toBe(0);
    expect(mine[`visit_purposes.${purposes[2]!.value}`]).toBe(1);
    expect(mine.overall_rating).toBe(4);
    expect(mine.recommend).toBe(9);
    expect(mine.gender).toBe(1);
    expect(String(mine.liked_most).trimEnd()).toBe(AZ_TEXT);
    expect(String(mine.phone).trimEnd()).toBe('+994501234567');
    // The multiple choice is a multiple-response set for SPSS's MULT RESPONSE and CTABLES.
    expect(syntax).toContain(`/MDGROUP NAME=$visit_purposes LABEL=`);
    // The data file is tab-separated lines: a line break inside a text is written as a space.
    // SPSS runs no formulas: the text as given (only the CSV and Excel add the apostrophe).
    expect(String(mine.comment).trimEnd()).toBe(`${FORMULA} second line`);
    expect(spssTime(mine.started_at as number).toISOString()).toBe('2026-11-20T14:15:30.000Z');
    expect(spssTime(mine.birth_date as number).toISOString()).toBe('1990-05-17T00:00:00.000Z');
    expect(mine.outcome).toBe(1);
    expect(mine.locale).toBe(1);
    const abandoned = rows[left]!;
    expect(abandoned.outcome).toBe(4);
    expect(abandoned.locale).toBe(2);
    // Not answered: system-missing (sav-reader leaves it out), never a 0 that would read as an answer.
    expect(abandoned.recommend ?? null).toBeNull();
    expect(abandoned[`visit_purposes.${purposes[0]!.value}`] ?? null).toBeNull();
    expect(abandoned.completed_at ?? null).toBeNull();

    // English labels for the same data.
    const en = await runSpss(spssZipStream(await plan(survey.id, { locale: 'en' }), 'en'));
    expect(en.sav.valueLabels.gender).toEqual({ 1: 'Female', 2: 'Male', 3: 'Other', 4: 'Prefer not to say' });
    expect(en.sav.variables.find((v) => v.name === 'branch')!.label).toBe(questions.find((q) => q.key === 'branch')!.prompt.en);
    expect(en.sav.rows).toHaveLength(1);
  });

  it('hidden fields, a grid’s rows and the order each respondent saw are in CSV, JSON, Excel and SPSS', async () => {
    const survey = (await getPublishedSurvey(t.db, FIELDWORK_SURVEY_SLUG))!;
    let i = 0;
    const displayOrder = drawDisplayOrder(survey, (n) => i++ % n)!;
    const { responseId } = await startDraft(t.db, survey.id, 'en', new Date(), null, undefined, {
      hiddenFields: hiddenValuesFromForm(survey, linkValuesOf(survey, { store: 'baku-28', src: 'sms' })),
      displayOrder,
    });
    // The page's own questions: its hidden fields are the link's, never posted (a save would clear them).
    const asked = survey.sections[0]!.questions.filter((q) => q.type !== 'hidden');
    await saveSectionAnswers(t.db, responseId, asked, { order_type: 'takeaway', order_rating: 4 }, 3);
    await saveSectionAnswers(t.db, responseId, survey.sections[3]!.questions, { choose_again: 'yes', order_parts: { taste: 'good', temperature: 'poor', packaging: 'fine' } }, 4);
    await completeDraft(t.db, responseId);
    const grid = ['order_parts.taste', 'order_parts.temperature', 'order_parts.packaging'];

    const p = await plan(survey.id, { locale: 'en' });
    expect(p.columns).toEqual(expect.arrayContaining(['store', 'src', ...grid, 'display_order', 'outcome']));
    const csv = (await new Response(csvStream(p)).text()).replace(/^\uFEFF/, '');
    expect(csv.split('\n')[0]).toBe(p.columns.join(','));
    const json = JSON.parse(await new Response(jsonStream(await plan(survey.id))).text()) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ store: 'baku-28', src: 'sms', 'order_parts.taste': 'good', display_order: displayOrder, outcome: 'complete' });

    const book = await readXlsx(xlsxStream(await plan(survey.id, { locale: 'en' }), 'en'));
    const row = book.responses.rows[0]!;
    expect(row.store!.value).toBe('baku-28');
    expect(row.src!.value).toBe('sms');
    expect([row['order_parts.taste']!.value, row['order_parts.temperature']!.value, row['order_parts.packaging']!.value]).toEqual(['Good', 'Poor', 'Fine']);
    expect(JSON.parse(String(row.display_order!.value))).toEqual(displayOrder);
    expect(row.outcome!.value).toBe('Completed');
    const codebook = Object.fromEntries(book.variables.rows.map((r) => [String(r.Column!.value), String(r.Question!.value)]));
    expect(codebook.store).toBe('Store (from the link) (from the survey link)');
    expect(codebook['order_parts.temperature']).toBe('How was each part of your order? — Temperature');

    const { sav } = await runSpss(spssZipStream(await plan(survey.id, { locale: 'az' }), 'az'));
    const mine = sav.rows[0]!;
    expect(String(mine.store).trimEnd()).toBe('baku-28');
    expect(String(mine.src).trimEnd()).toBe('sms');
    expect([mine['order_parts.taste'], mine['order_parts.temperature'], mine['order_parts.packaging']]).toEqual([3, 1, 2]);
    expect(sav.valueLabels['order_parts.taste']).toEqual({ 1: 'Zəif', 2: 'Normal', 3: 'Yaxşı' });
    expect(sav.variables.find((v) => v.name === 'order_parts.taste')!.label).toBe('Sifarişinizin hər hissəsi necə idi? — Dad');
    expect(JSON.parse(String(mine.display_order))).toEqual(displayOrder);
    expect(mine.outcome).toBe(1);
  });

  it('SPSS names stay valid and distinct (reserved words, long keys, a command’s name), labels with quotes and periods survive', async () => {
    const admin = await userOf('admin@sorgu.test');
    const client = await t.db.client.findFirstOrThrow({ where: { name: 'Demo Coffee' } });
    const both = (az: string, en: string) => ({ az, en });
    const { id } = await createSurveyAs(t.db, admin, { clientId: client.id, slug: `names-${Date.now()}`, title: both('Adlar', 'Names'), description: both('T', 'T'), ageGate: false, minimumAge: null, country: null });
    const section = await addSectionAs(t.db, admin, id, { title: both('Bir', 'One') });
    const base = { sectionId: section.id, required: false, help: null, contactPurpose: null, publishable: false };
    const long = 'a_very_long_question_key_of_forty_chars_';
    const scale = [
      { value: 'dont_know', label: both("Bilmirəm 'dəqiq'.", "Don't know.") },
      { value: 'yes', label: both('Bəli', 'Yes') },
    ];
    await addQuestionAs(t.db, admin, id, { ...base, key: 'by', type: 'single_choice', prompt: both('Kim ilə gəldiniz?', 'Who came "with" you?'), options: scale });
    // PSPP reads a line beginning with DOCUMENT (or COMMENT) as that command, even inside another.
    await addQuestionAs(t.db, admin, id, { ...base, key: 'document', type: 'short_text', prompt: both('Sənəd', 'A document'), options: [] });
    // A draft's multiple choice may have one option: no multiple-response set (SPSS wants two variables).
    await addQuestionAs(t.db, admin, id, { ...base, key: 'single_box', type: 'multiple_choice', prompt: both('Bir qutu', 'One box'), options: [{ value: 'agree', label: both('Razıyam', 'I agree') }] });
    await addQuestionAs(t.db, admin, id, {
      ...base,
      key: long,
      type: 'grid',
      prompt: both('Uzun', 'Long'),
      options: scale,
      rows: [
        { value: `${'row_'.repeat(9)}one`, label: both('Bir', 'One') },
        { value: `${'row_'.repeat(9)}two`, label: both('İki', 'Two') },
      ],
    });
    const survey = { id, sections: [{ questions: (await t.db.question.findMany({ where: { surveyId: id }, orderBy: { position: 'asc' } })) }] } as unknown as SurveyDTO;
    const { responseId } = await startDraft(t.db, id, 'en');
    await saveSectionAnswers(t.db, responseId, survey.sections[0]!.questions, { by: 'dont_know', document: 'my own document', single_box: ['agree'], [long]: { [`${'row_'.repeat(9)}two`]: 'yes' } }, 1);
    await completeDraft(t.db, responseId);

    const p = await plan(id, { locale: 'en' });
    const { sav, log } = await runSpss(spssZipStream(p, 'en'));
    expect(log).not.toMatch(/error|warning/i);
    const names = sav.variables.map((v) => v.name);
    expect(names).toContain('by_');
    expect(names).toContain('document');
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(64);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(sav.valueLabels.by_).toEqual({ 1: "Don't know.", 2: 'Yes' });
    expect(sav.variables.find((v) => v.name === 'by_')!.label).toBe('Who came "with" you?');
    const row = sav.rows[0]!;
    expect(row.by_).toBe(1);
    expect(row['single_box.agree']).toBe(1);
    expect(String(row.document).trimEnd()).toBe('my own document');
    expect(row.outcome).toBe(1);
    const gridRows = sav.variables.filter((v) => v.label?.startsWith('Long — '));
    expect(gridRows.map((v) => v.label)).toEqual(['Long — One', 'Long — Two']);
    expect(gridRows.map((v) => row[v.name] ?? null)).toEqual([null, 2]);
  });
});
