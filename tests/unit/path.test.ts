import { describe, expect, it } from 'vitest';
import type { QuestionDTO, SectionDTO, SurveyDTO } from '@/features/survey/queries';
import { countedAnswers, currentOnPath, firstIncompleteOnPath, offPath, pathOf, positionOnPath } from '@/features/survey/path';
import { planSectionStep } from '@/features/survey/section-step';
import { isCompleteGrid } from '@/features/survey/schemas';
import { surveyLogicProblems, type LogicSection } from '@/features/builder/logic-check';
import type { Condition } from '@/features/survey/logic';

const text = (s: string) => ({ az: `${s} az`, en: s });
const question = (key: string, type: QuestionDTO['type'], options: { required?: boolean; showIf?: Condition; choices?: string[] } = {}): QuestionDTO => ({
  id: `id-${key}`,
  key,
  type,
  category: 'answers',
  required: options.required ?? false,
  prompt: text(key),
  help: null,
  options: (options.choices ?? []).map((value) => ({ value, label: text(value) })),
  rows: [],
  randomizeOptions: false,
  contactPurpose: null,
  publishable: false,
  showIf: options.showIf ?? null,
});
const section = (id: string, questions: QuestionDTO[], showIf: Condition | null = null): SectionDTO => ({ id, position: 0, title: text(id), description: null, showIf, randomizeQuestions: false, screenOutIf: null, questions });

/** The fieldwork demo's shape (prisma/seed.ts order-feedback). */
const sections = [
  section('order', [question('store', 'hidden'), question('order_type', 'single_choice', { required: true, choices: ['in_cafe', 'delivery'] }), question('order_rating', 'rating', { required: true })]),
  section('delivery', [question('delivery_time', 'single_choice', { required: true, choices: ['fast', 'slow'] })], { q: 'order_type', op: 'eq', value: 'delivery' }),
  section('wrong', [question('problem', 'long_text', { required: true })], { q: 'order_rating', op: 'lt', value: 3 }),
  section('finally', [question('again', 'single_choice', { required: true, choices: ['yes', 'no'] }), question('sms_clear', 'single_choice', { showIf: { q: 'store', op: 'answered' }, choices: ['yes', 'no'] })]),
];
const survey: SurveyDTO = { id: 's', slug: 's', title: text('t'), description: text('d'), ageGate: false, minimumAge: null, country: null, acceptsCustomerId: false, rewardKind: null, rewardPartner: null, randomizeSections: false, schedule: { opensAt: null, closesAt: null, maxResponses: null }, quotas: [], panelIdKey: null, inviteOnly: false, sections };

describe('the respondent’s path (P2.1: only what the path asks is stored)', () => {
  it('skips sections and questions whose condition does not hold, and counts progress on the path only', () => {
    const happy = { order_type: 'in_cafe', order_rating: 5 };
    expect(pathOf(sections, happy)).toEqual([0, 3]);
    expect(positionOnPath(sections, happy, 3)).toEqual({ position: 2, total: 2 });
    const unhappyDelivery = { order_type: 'delivery', order_rating: 1, store: 'baku-28' };
    expect(pathOf(sections, unhappyDelivery)).toEqual([0, 1, 2, 3]);
    expect(positionOnPath(sections, unhappyDelivery, 1)).toEqual({ position: 2, total: 4 });
  });

  it('no longer counts, and lists for deletion, answers of questions a changed answer now skips — hidden fields stay', () => {
    const answers = { store: 'baku-28', order_type: 'in_cafe', order_rating: 5, delivery_time: 'slow', problem: 'cold', again: 'yes' };
    expect(offPath(sections, answers).map((q) => q.key)).toEqual(['delivery_time', 'problem']);
    expect(countedAnswers(sections, answers)).toEqual({ store: 'baku-28', order_type: 'in_cafe', order_rating: 5, again: 'yes' });
  });

  it('requires only the required questions on the path', () => {
    expect(firstIncompleteOnPath(sections, { order_type: 'in_cafe', order_rating: 5, again: 'no' })).toBeNull();
    expect(firstIncompleteOnPath(sections, { order_type: 'delivery', order_rating: 5, again: 'no' })).toBe(1);
  });

  it('counts a required grid complete only with every row, own rows only (not an inherited name)', () => {
    const grid = { ...question('parts', 'grid', { required: true }), rows: [{ value: 'taste', label: text('t') }, { value: 'constructor', label: text('c') }] };
    const withGrid = [section('only', [grid])];
    expect(firstIncompleteOnPath(withGrid, { parts: { taste: 'good' } })).toBe(0);
    expect(isCompleteGrid(['constructor'], {})).toBe(false);
    expect(firstIncompleteOnPath(withGrid, { parts: { taste: 'good', constructor: 'good' } })).toBeNull();
  });

  it('moves a draft whose section left the path to the next section on it', () => {
    expect(currentOnPath(sections, { order_type: 'in_cafe', order_rating: 5 }, 1)).toBe(3);
  });
});

const post = (sectionId: string, fields: Record<string, string>) => {
  const form = new FormData();
  form.set('sectionId', sectionId);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};
const next = { kind: 'next' } as const;
const TODAY = '2026-12-03';

describe('one posted section, judged on the server', () => {
  it('goes to the next section on the path, skipping the others', () => {
    const step = planSectionStep(survey, { answers: {}, currentSection: 0 }, post('order', { order_type: 'in_cafe', order_rating: '5' }), next, TODAY);
    expect(step).toMatchObject({ kind: 'save', nextSection: 3, finishing: false });
  });

  it('refuses a section the logic skips, even one the draft already passed, and a later one', () => {
    const draft = { answers: { order_type: 'in_cafe', order_rating: 5 }, currentSection: 3 };
    expect(planSectionStep(survey, draft, post('delivery', { delivery_time: 'slow' }), next, TODAY)).toEqual({ kind: 'stale' });
    expect(planSectionStep(survey, { answers: {}, currentSection: 0 }, post('finally', { again: 'yes' }), next, TODAY)).toEqual({ kind: 'stale' });
  });

  it('refuses a question the logic hides on a page it shows, and a hidden field posted as an answer', () => {
    const draft = { answers: { order_type: 'in_cafe', order_rating: 5 }, currentSection: 3 };
    expect(planSectionStep(survey, draft, post('finally', { again: 'yes', sms_clear: 'yes' }), next, TODAY)).toMatchObject({ kind: 'invalid', state: { formError: 'unknown_field' } });
    expect(planSectionStep(survey, { answers: {}, currentSection: 0 }, post('order', { order_type: 'in_cafe', order_rating: '5', store: 'forged' }), next, TODAY)).toMatchObject({
      kind: 'invalid',
      state: { formError: 'unknown_field' },
    });
  });

  it('deletes with the save the answers a changed answer skips (going back and changing one’s mind)', () => {
    const draft = { answers: { order_type: 'delivery', order_rating: 1, delivery_time: 'slow', problem: 'cold' }, currentSection: 3 };
    const step = planSectionStep(survey, draft, post('order', { order_type: 'in_cafe', order_rating: '5' }), next, TODAY);
    if (step.kind !== 'save') throw new Error(step.kind);
    expect(step.questions.map((q) => q.key)).toEqual(['order_type', 'order_rating', 'delivery_time', 'problem']);
    expect(step.values).toEqual({ order_type: 'in_cafe', order_rating: 5, delivery_time: undefined, problem: undefined });
    expect(step.nextSection).toBe(3);
  });

  it('finishes on the last section of the path and names a section still incomplete', () => {
    const draft = { answers: { order_type: 'delivery', order_rating: 5 }, currentSection: 3 };
    expect(planSectionStep(survey, draft, post('finally', { again: 'yes' }), { kind: 'finish' }, TODAY)).toMatchObject({ kind: 'save', finishing: true, incomplete: 1 });
  });
});

describe('the builder’s check of a survey’s logic', () => {
  const asLogic = (s: SectionDTO): LogicSection => ({ showIf: s.showIf, title: s.title, questions: s.questions.map((q) => ({ ...q, options: q.options })) });
  it('accepts the fieldwork demo', () => {
    expect(surveyLogicProblems(sections.map(asLogic))).toEqual([]);
  });
  it('finds a reference that a move made later, one to a deleted question, and a conditional first section', () => {
    const moved = [sections[2]!, sections[0]!, sections[1]!, sections[3]!].map(asLogic);
    expect(surveyLogicProblems(moved)).toEqual([
      { where: { section: 1 }, problem: { code: 'logic_first_section' } },
      { where: { section: 1 }, problem: { code: 'logic_not_before', key: 'order_rating' } },
    ]);
    const deleted = sections.map(asLogic).map((s, i) => (i === 0 ? { ...s, questions: s.questions.filter((q) => q.key !== 'order_type') } : s));
    expect(surveyLogicProblems(deleted)).toEqual([{ where: { section: 2 }, problem: { code: 'logic_unknown_key', key: 'order_type' } }]);
  });
  it('finds a piped key on the same page', () => {
    const piped = sections.map(asLogic).map((s, i) => (i === 0 ? { ...s, questions: [...s.questions, { ...s.questions[1]!, key: 'x', prompt: { az: '{{order_type}}', en: '{{order_type}}' } }] } : s));
    expect(surveyLogicProblems(piped)).toEqual([{ where: { question: 'x' }, problem: { code: 'logic_not_before', key: 'order_type' } }]);
  });
});
