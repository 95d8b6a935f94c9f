import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELDWORK_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { addQuestionAs, addSectionAs, createSurveyAs, moveSectionAs, publishSurveyAs, updateQuestionAs, updateSurveyAs } from '@/features/builder/commands';
import { csvStream, planExport } from '@/features/responses/export';
import { surveyReport } from '@/features/responses/queries';
import { completeDraft, IncompleteOnPathError, saveSection, startDraft } from '@/features/survey/drafts';
import { hiddenValuesFromForm, linkValuesOf } from '@/features/survey/link-values';
import { findDraft, getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { pathSettler, planSectionStep } from '@/features/survey/section-step';
import { applyDisplayOrder, drawDisplayOrder } from '@/features/survey/display-order';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const TODAY = '2026-12-03';
const both = (s: string) => ({ az: `${s} (az)`, en: `${s} (en)` });

describe.each(PROVIDERS)('fieldwork: skip logic, piping and hidden fields on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const survey = async (): Promise<SurveyDTO> => (await getPublishedSurvey(t.db, FIELDWORK_SURVEY_SLUG))!;
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const storedOf = async (responseId: string) =>
    Object.fromEntries((await t.db.answer.findMany({ where: { responseId }, select: { value: true, category: true, lawfulBasis: true, question: { select: { key: true } } } })).map((a) => [a.question.key, a]));

  /** A browser's start through the survey link, as startSurvey does it: the page's hidden inputs, checked again. */
  async function startFromLink(query: Record<string, string | string[]>) {
    const s = await survey();
    const formFields = linkValuesOf(s, query);
    return startDraft(t.db, s.id, 'en', new Date(), null, undefined, { hiddenFields: hiddenValuesFromForm(s, formFields) });
  }

  /** One section posted and written as submitSection does (section-step.ts decides, drafts.ts writes). */
  async function post(token: string, sectionKey: number, fields: Record<string, string>, intent: 'next' | 'back' | 'finish' = 'next') {
    const draft = (await findDraft(t.db, (await survey()).id, token))!;
    // As the action does: the survey in this respondent's order (randomization).
    const s = applyDisplayOrder(await survey(), draft.displayOrder);
    const form = new FormData();
    form.set('sectionId', s.sections[sectionKey]!.id);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const step = planSectionStep(s, draft, form, { kind: intent }, TODAY);
    if (step.kind === 'save') {
      await saveSection(t.db, draft.id, step.questions, step.values, step.publish, step.nextSection);
      if (step.finishing && step.incomplete === null) await completeDraft(t.db, draft.id, new Date(), { settle: pathSettler(s.sections) });
    }
    return step;
  }

  it('P2.1, P4.1 stores the declared hidden fields of the link with category and basis, drops anything else', async () => {
    const { responseId } = await startFromLink({ store: ' baku-28 ', src: 'sms', utm_campaign: 'spring', customer: 'C-1' });
    const stored = await storedOf(responseId);
    expect(Object.keys(stored).sort()).toEqual(['src', 'store']);
    expect(stored.store).toMatchObject({ value: 'baku-28', category: 'answers', lawfulBasis: 'legitimate_interests' });
    // The survey does not accept a customer id: dropped too.
    expect((await t.db.response.findUniqueOrThrow({ where: { id: responseId } })).customerId).toBeNull();

    // A value given twice, with a control character, a line break or too long is dropped, not cut.
    const odd = await startFromLink({ store: ['a', 'b'], src: 'x\u0000y' });
    expect(await storedOf(odd.responseId)).toEqual({});
    const long = await startFromLink({ store: 'x'.repeat(201), src: 'two\nlines' });
    expect(await storedOf(long.responseId)).toEqual({});
    // Only plain text: no bidi override, zero-width or markup characters in a value a page may pipe.
    const spoof = await startFromLink({ store: 'baku\u202E82', src: '<b>sms</b>' });
    expect(await storedOf(spoof.responseId)).toEqual({});
    const plain = await startFromLink({ store: 'Bakı, 28 May #2', src: 'sms' });
    expect((await storedOf(plain.responseId)).store!.value).toBe('Bakı, 28 May #2');
    // A forged start form naming an undeclared field, or a question as a hidden field, stores nothing of it.
    const s = await survey();
    expect(hiddenValuesFromForm(s, { link_order_type: 'delivery', link_utm: 'x', link_store: 'ok' }).map((h) => h.question.key)).toEqual(['store']);
  });

  it('P2.1 a skipped section or hidden question cannot be reached or submitted, whatever the request claims', async () => {
    const { token, responseId } = await startFromLink({ store: 'baku-28' });
    expect(await post(token, 0, { order_type: 'in_cafe', order_rating: '5' })).toMatchObject({ kind: 'save', nextSection: 3 });
    // The delivery section is off this path: refused as a stale page, nothing stored.
    expect(await post(token, 1, { delivery_time: 'over_60' })).toEqual({ kind: 'stale' });
    // A question the logic hides on a shown page (src is not sms), and a hidden field overwritten by a post.
    expect(await post(token, 3, { choose_again: 'yes', sms_clear: 'no' })).toMatchObject({ kind: 'invalid', state: { formError: 'unknown_field' } });
    expect(await post(token, 0, { order_type: 'in_cafe', order_rating: '5', store: 'forged' })).toMatchObject({ kind: 'invalid', state: { formError: 'unknown_field' } });
    const stored = await storedOf(responseId);
    expect(Object.keys(stored).sort()).toEqual(['order_rating', 'order_type', 'store']);
    expect(stored.store!.value).toBe('baku-28');
  });

  it('P2.1 answers to questions that became skipped are deleted, not kept; completion asks only the path', async () => {
    const { token, responseId } = await startFromLink({ src: 'sms' });
    await post(token, 0, { order_type: 'delivery', order_rating: '1' });
    await post(token, 1, { delivery_time: 'over_60', courier_rating: '2' });
    await post(token, 2, { problem: 'It came cold' });
    expect(Object.keys(await storedOf(responseId)).sort()).toEqual(['courier_rating', 'delivery_time', 'order_rating', 'order_type', 'problem', 'src']);
    // Back to the first page, a change of mind: in the café, five stars.
    expect(await post(token, 0, { order_type: 'in_cafe', order_rating: '5' })).toMatchObject({ kind: 'save', nextSection: 3 });
    expect(Object.keys(await storedOf(responseId)).sort()).toEqual(['order_rating', 'order_type', 'src']);
    expect(await post(token, 3, { choose_again: 'yes', sms_clear: 'yes', 'order_parts.taste': 'good', 'order_parts.temperature': 'fine', 'order_parts.packaging': 'good' }, 'finish')).toMatchObject({ kind: 'save', finishing: true, incomplete: null });
    const response = await t.db.response.findUniqueOrThrow({ where: { id: responseId } });
    expect(response.status).toBe('completed');
    expect(Object.keys(await storedOf(responseId)).sort()).toEqual(['choose_again', 'order_parts', 'order_rating', 'order_type', 'sms_clear', 'src']);
  });

  it('P2.1 two posts at once cannot complete a response with an answer the path skips, nor with a gap', async () => {
    const s = await survey();
    const settle = pathSettler(s.sections);
    const deliveryTime = s.sections[1]!.questions.find((q) => q.key === 'delivery_time')!;
    // On the delivery page, two posts judged against the same answers: A changes the first page to
    // takeaway (nothing to prune yet), B saves the delivery time (on the path as B read it).
    const { token, responseId } = await startFromLink({});
    await post(token, 0, { order_type: 'delivery', order_rating: '5' });
    const a = await post(token, 0, { order_type: 'takeaway', order_rating: '5' });
    expect(a).toMatchObject({ kind: 'save', nextSection: 3 });
    await saveSection(t.db, responseId, [deliveryTime], { delivery_time: 'over_60' }, {}, 1);
    const lastPage = s.sections[3]!.questions.filter((q) => q.key === 'choose_again' || q.key === 'order_parts');
    const lastAnswers = { choose_again: 'yes', order_parts: { taste: 'good', temperature: 'good', packaging: 'good' } };
    await saveSection(t.db, responseId, lastPage, lastAnswers, {}, 3);
    // Completing judges the stored answers again: the skipped one is deleted in the same transaction.
    expect(await completeDraft(t.db, responseId, new Date(), { settle })).toBe(true);
    expect(Object.keys(await storedOf(responseId)).sort()).toEqual(['choose_again', 'order_parts', 'order_rating', 'order_type']);

    // The reverse: a post made the delivery section (required) appear while another finished.
    const second = await startFromLink({});
    await post(second.token, 0, { order_type: 'takeaway', order_rating: '5' });
    await saveSection(t.db, second.responseId, lastPage, lastAnswers, {}, 3);
    await saveSection(t.db, second.responseId, s.sections[0]!.questions.filter((q) => q.key === 'order_type'), { order_type: 'delivery' }, {}, 3);
    await expect(completeDraft(t.db, second.responseId, new Date(), { settle })).rejects.toBeInstanceOf(IncompleteOnPathError);
    expect((await t.db.response.findUniqueOrThrow({ where: { id: second.responseId } })).status).toBe('in_progress');
  });

  it('hidden fields reach the report (counted by value) and the export (a column)', async () => {
    for (const store of ['baku-28', 'baku-28', 'ganja-1']) {
      const { token } = await startFromLink({ store });
      await post(token, 0, { order_type: 'takeaway', order_rating: '4' });
      await post(token, 3, { choose_again: 'no', 'order_parts.taste': 'good', 'order_parts.temperature': 'fine', 'order_parts.packaging': 'good' }, 'finish');
    }
    const admin = await userOf('admin@sorgu.test');
    const s = await survey();
    const report = (await surveyReport(t.db, admin, s.id))!;
    expect(report.questions.find((q) => q.key === 'store')!.report).toEqual({
      kind: 'choice',
      answered: 3,
      buckets: [
        { value: 'baku-28', count: 2, percent: 66.7 },
        { value: 'ganja-1', count: 1, percent: 33.3 },
      ],
    });
    const csv = await new Response(csvStream((await planExport(t.db, admin, s.id))!)).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['store', 'src', 'order_type', 'delivery_time']));
    expect(rows.filter((r) => r.includes('baku-28'))).toHaveLength(2);
  });

  it('randomization: each respondent’s order is drawn at start, stored, the same on every page, and exported', async () => {
    const s = await survey();
    let i = 0;
    const order = drawDisplayOrder(s, (n) => (i++ % n))!;
    const orderType = s.sections[0]!.questions.find((q) => q.key === 'order_type')!;
    // Keyed by ids (a key may be renamed in a draft; an id never is); "other" stays last.
    expect(order.options![orderType.id]!.at(-1)).toBe('other');
    expect(Object.keys(order.questions!)).toEqual([s.sections[1]!.id]);
    const { token, responseId } = await startDraft(t.db, s.id, 'en', new Date(), null, undefined, { displayOrder: order });
    const draft = (await findDraft(t.db, s.id, token))!;
    expect(draft.displayOrder).toEqual(order);
    const seen = applyDisplayOrder(s, draft.displayOrder);
    expect(seen.sections[0]!.questions.find((q) => q.key === 'order_type')!.options.map((o) => o.value)).toEqual(order.options![orderType.id]);
    // The path works on the respondent's own order (the delivery section's questions shuffled).
    expect(await post(token, 0, { order_type: 'delivery', order_rating: '4' })).toMatchObject({ kind: 'save', nextSection: 1 });
    expect(await post(token, 1, { delivery_time: 'under_30' })).toMatchObject({ kind: 'save', nextSection: 3 });
    expect(await post(token, 3, { choose_again: 'yes', 'order_parts.taste': 'good', 'order_parts.temperature': 'fine', 'order_parts.packaging': 'good' }, 'finish')).toMatchObject({ kind: 'save', finishing: true, incomplete: null });
    const admin = await userOf('admin@sorgu.test');
    const rows = [];
    for await (const row of (await planExport(t.db, admin, s.id))!.rows()) rows.push(row);
    expect(rows.find((r) => r.response_id === responseId)!.display_order).toEqual(order);
  });

  it('a grid is answered per row (only its own rows and scale), reported per row and exported one column per row', async () => {
    const { token, responseId } = await startFromLink({ store: 'grid-1' });
    await post(token, 0, { order_type: 'in_cafe', order_rating: '5' });
    expect(await post(token, 3, { choose_again: 'yes', 'order_parts.taste': 'good', 'order_parts.forged': 'good' })).toMatchObject({
      kind: 'invalid',
      state: { fieldErrors: { order_parts: 'invalid_choice' } },
    });
    expect(await post(token, 3, { choose_again: 'yes', 'order_parts.taste': 'ok' })).toMatchObject({ kind: 'invalid', state: { fieldErrors: { order_parts: 'invalid_choice' } } });
    // Required per row: a row left empty is named, nothing of the page is stored.
    expect(await post(token, 3, { choose_again: 'yes', 'order_parts.taste': 'good', 'order_parts.packaging': 'poor' }, 'finish')).toMatchObject({
      kind: 'invalid',
      state: { fieldErrors: { order_parts: 'grid_incomplete' } },
    });
    expect(await post(token, 3, { choose_again: 'yes', 'order_parts.taste': 'good', 'order_parts.temperature': 'poor', 'order_parts.packaging': 'poor' }, 'finish')).toMatchObject({ kind: 'save', incomplete: null });
    expect((await storedOf(responseId)).order_parts!.value).toEqual({ taste: 'good', temperature: 'poor', packaging: 'poor' });

    const admin = await userOf('admin@sorgu.test');
    const s = await survey();
    const report = (await surveyReport(t.db, admin, s.id))!.questions.find((q) => q.key === 'order_parts')!.report;
    expect(report).toMatchObject({ kind: 'grid', rows: [{ value: 'taste' }, { value: 'temperature' }, { value: 'packaging' }] });
    if (report.kind !== 'grid') throw new Error(report.kind);
    expect(report.rows[1]!.buckets.find((b) => b.value === 'poor')!.count).toBeGreaterThanOrEqual(1);
    const csv = await new Response(csvStream((await planExport(t.db, admin, s.id))!)).text();
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split('\n');
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(['order_parts.taste', 'order_parts.temperature', 'order_parts.packaging', 'display_order']));
    const mine = lines.find((l) => l.includes(responseId))!.split(',');
    expect(mine[columns.indexOf('order_parts.taste')]).toBe('good');
    expect(mine[columns.indexOf('order_parts.packaging')]).toBe('poor');
  });

  describe('the builder', () => {
    const fieldErrors = async (p: Promise<unknown>) => {
      const error = await p.then(() => null, (e: unknown) => e);
      if (!(error instanceof z.ZodError)) throw new Error(`expected a validation error, got ${String(error)}`);
      return Object.fromEntries(error.issues.map((i) => [String(i.path[0]), i.message]));
    };
    async function draftSurvey() {
      const admin = await userOf('admin@sorgu.test');
      const client = await t.db.client.findUniqueOrThrow({ where: { slug: 'demo-coffee' } });
      const { id } = await createSurveyAs(t.db, admin, { clientId: client.id, slug: `logic-${Date.now()}`, title: both('T'), description: both('D'), ageGate: false, minimumAge: null, country: null });
      const first = await addSectionAs(t.db, admin, id, { title: both('One') });
      const second = await addSectionAs(t.db, admin, id, { title: both('Two') });
      const base = { required: false, help: null, options: [], contactPurpose: null, publishable: false };
      const choice = { ...base, type: 'single_choice' as const, options: [{ value: 'yes', label: both('Yes') }, { value: 'no', label: both('No') }] };
      await addQuestionAs(t.db, admin, id, { ...choice, sectionId: first.id, key: 'first_q', prompt: both('First') });
      return { admin, id, first, second, base, choice };
    }

    it('refuses a condition or a piped text that reads a later, same-page or unknown question, an odd value or operator', async () => {
      const { admin, id, first, second, base, choice } = await draftSurvey();
      const q = (over: object) => ({ ...choice, sectionId: second.id, key: 'second_q', prompt: both('Second'), ...over });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ sectionId: first.id, showIf: 'first_q = yes' })))).toEqual({ showIf: 'logic_not_before' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ showIf: 'nope = yes' })))).toEqual({ showIf: 'logic_unknown_key' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ showIf: 'first_q = maybe' })))).toEqual({ showIf: 'logic_value' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ showIf: 'first_q > 2' })))).toEqual({ showIf: 'logic_operator' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ showIf: 'first_q = = yes' })))).toEqual({ showIf: 'logic_syntax' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, q({ prompt: { az: 'x {{second_q}}', en: 'x' } })))).toEqual({ prompt: 'logic_unknown_key' });
      // A hidden field is never required or conditional, and cannot take a name the page reads itself.
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...base, type: 'hidden', sectionId: first.id, key: 'store', prompt: both('Store'), required: true }))).toEqual({ type: 'hidden_field' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...base, type: 'hidden', sectionId: first.id, key: 'customer', prompt: both('C') }))).toEqual({ key: 'reserved_key' });
      // Accepted: an earlier question and a hidden field (anywhere), piped and in a condition.
      await addQuestionAs(t.db, admin, id, { ...base, type: 'hidden', sectionId: second.id, key: 'store', prompt: both('Store') });
      await addQuestionAs(t.db, admin, id, q({ showIf: 'first_q = yes or store = baku-28', prompt: { az: '{{first_q}} {{store}}', en: '{{first_q}} at {{store}}' } }));
      const stored = await t.db.question.findFirstOrThrow({ where: { surveyId: id, key: 'second_q' } });
      expect(stored.showIf).toEqual({ or: [{ q: 'first_q', op: 'eq', value: 'yes' }, { q: 'store', op: 'eq', value: 'baku-28' }] });
      // A section's own condition, checked the same way.
      expect(await fieldErrors(addSectionAs(t.db, admin, id, { title: both('Three'), showIf: 'later = yes' }))).toEqual({ showIf: 'logic_unknown_key' });
      await addSectionAs(t.db, admin, id, { title: both('Three'), showIf: 'second_q is not answered' });
    });

    it('builds a grid (rows required, only a grid has rows) and shuffles; with shuffled sections logic reads only the first', async () => {
      const { admin, id, first, second, base, choice } = await draftSurvey();
      const scale = [{ value: 'poor', label: both('Poor') }, { value: 'good', label: both('Good') }];
      const grid = { ...base, type: 'grid' as const, sectionId: second.id, key: 'parts', prompt: both('Parts'), options: scale };
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, grid))).toEqual({ rows: 'grid_rows' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...choice, sectionId: second.id, key: 'xx', prompt: both('X'), rows: [{ value: 'r', label: both('R') }] }))).toEqual({ rows: 'grid_rows' });
      await addQuestionAs(t.db, admin, id, { ...grid, required: true, rows: [{ value: 'taste', label: both('Taste') }, { value: 'temp', label: { az: 'Temp', en: '' } }] });
      // Row and option values are distinct and never an object's own names; a key never an export column's.
      const rows = (...values: string[]) => values.map((value) => ({ value, label: both(value) }));
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...grid, key: 'dup', rows: rows('a', 'a') }))).toEqual({ rows: 'duplicate_value' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...grid, key: 'proto', rows: rows('__proto__') }))).toEqual({ rows: 'option_value' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...choice, sectionId: first.id, key: 'display_order', prompt: both('D') }))).toEqual({ key: 'reserved_key' });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...grid, key: 'kept', rows: rows('r'), randomizeOptions: true, options: [...scale, { value: 'na', label: both('N/A'), keepLast: true }] }))).toEqual({ options: 'keep_last' });
      // "Keep last" only where the options are shuffled.
      const none = { value: 'none', label: both('None'), keepLast: true };
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...choice, sectionId: first.id, key: 'brand', prompt: both('Brand'), options: [...choice.options, none] }))).toEqual({ options: 'keep_last' });
      await addQuestionAs(t.db, admin, id, { ...choice, sectionId: first.id, key: 'brand', prompt: both('Brand'), options: [...choice.options, none], randomizeOptions: true });
      const brand = await t.db.question.findFirstOrThrow({ where: { surveyId: id, key: 'brand' } });
      expect(brand).toMatchObject({ randomizeOptions: true, options: [{ value: 'yes' }, { value: 'no' }, { value: 'none', keepLast: true }] });
      // A grid's row without its English text keeps the survey from being published.
      expect(await publishSurveyAs(t.db, admin, id)).toMatchObject({ ok: false, problems: [{ code: 'missing_translation', where: 'parts: temp', locale: 'en' }] });

      // Shuffled sections: a third section may no longer read the second (its place differs per respondent).
      await updateSurveyAs(t.db, admin, id, { title: both('T'), description: both('D'), ageGate: false, minimumAge: null, country: null, randomizeSections: true });
      const third = await addSectionAs(t.db, admin, id, { title: both('Three'), randomizeQuestions: true });
      expect(await fieldErrors(addQuestionAs(t.db, admin, id, { ...choice, sectionId: third.id, key: 'late', prompt: both('Late'), showIf: 'parts is answered' }))).toEqual({ showIf: 'logic_not_before' });
      await addQuestionAs(t.db, admin, id, { ...choice, sectionId: third.id, key: 'late', prompt: both('Late'), showIf: 'first_q = yes' });
      expect((await t.db.section.findUniqueOrThrow({ where: { id: third.id } })).randomizeQuestions).toBe(true);
    });

    it('refuses to publish logic that a move broke, and a published survey’s logic is as locked as its questions', async () => {
      const { admin, id, first, second, choice } = await draftSurvey();
      await addQuestionAs(t.db, admin, id, { ...choice, sectionId: second.id, key: 'second_q', prompt: both('Second'), showIf: 'first_q = yes' });
      await moveSectionAs(t.db, admin, id, second.id, 'up');
      const refused = await publishSurveyAs(t.db, admin, id);
      expect(refused).toEqual({
        ok: false,
        problems: [
          { code: 'logic', where: 'section 1', problem: { code: 'logic_first_section' } },
          { code: 'logic', where: 'second_q', problem: { code: 'logic_not_before', key: 'first_q' } },
        ],
      });
      await moveSectionAs(t.db, admin, id, first.id, 'up');
      expect(await publishSurveyAs(t.db, admin, id)).toEqual({ ok: true });
      const question = await t.db.question.findFirstOrThrow({ where: { surveyId: id, key: 'second_q' } });
      await expect(updateQuestionAs(t.db, admin, id, question.id, { ...choice, sectionId: second.id, key: 'second_q', prompt: both('Second'), showIf: '' })).rejects.toThrow(/draft/i);
      expect((await t.db.question.findUniqueOrThrow({ where: { id: question.id } })).showIf).toEqual({ q: 'first_q', op: 'eq', value: 'yes' });
    });
  });
});
