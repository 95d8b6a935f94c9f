'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { QUESTION_TYPES } from '@/features/survey/question-types';
import type { BuilderState } from '../actions';
import { BuilderError } from './BuilderError';
import type { LogicFinding } from '../logic-check';
import type { PublishProblem } from '../publish-check';
import { TextPair } from './TextPair';

type Action = (s: BuilderState, f: FormData) => Promise<BuilderState>;

/**
 * Skip logic as text (survey/logic.ts), with its syntax explained; the server parses and checks it.
 * `id` keeps the label and hint unique when several forms are on one page.
 */
function ShowIfField({ id, value, error, section = false, screenOut = false }: { id: string; value?: string; error?: string; section?: boolean; screenOut?: boolean }) {
  const t = useTranslations('Builder');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{t(screenOut ? 'screenOutIf' : section ? 'showSectionIf' : 'showIf')}</label>
      <p id={`${id}-hint`} className="field-hint">{t(screenOut ? 'screenOutIfHint' : 'showIfHint')}</p>
      <BuilderError code={error} testId={`error-${id}`} />
      <textarea id={id} name={screenOut ? 'screenOutIf' : 'showIf'} rows={2} defaultValue={value} aria-describedby={`${id}-hint`} spellCheck={false} className="logic-input" />
    </div>
  );
}

function SectionFields({ id, values, errors }: { id: string; values?: Record<string, string>; errors: Record<string, string> }) {
  const t = useTranslations('Builder');
  return (
    <>
      <TextPair name="sectionTitle" label={t('sectionTitle')} values={values} error={errors.title} />
      <TextPair name="sectionDescription" label={t('sectionDescription')} values={values} multiline />
      <ShowIfField id={id} value={values?.showIf} error={errors.showIf} section />
      <ShowIfField id={`${id}-screen-out`} value={values?.screenOutIf} error={errors.screenOutIf} screenOut />
      <label className="choice">
        <input type="checkbox" name="randomizeQuestions" defaultChecked={values?.randomizeQuestions === 'on'} />
        <span>{t('randomizeQuestions')}</span>
      </label>
    </>
  );
}

export function AddSectionForm({ action }: { action: Action }) {
  const t = useTranslations('Builder');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="survey-form builder-form" noValidate data-testid="add-section">
      <h2>{t('addSection')}</h2>
      <BuilderError code={state.formError} />
      <SectionFields id="new-section-show-if" values={state.values} errors={state.fieldErrors ?? {}} />
      <button type="submit" className="button button-secondary" disabled={pending}>{t('addSection')}</button>
    </form>
  );
}

export function EditSectionForm({ action, initial, id }: { action: Action; initial: Record<string, string>; id: string }) {
  const t = useTranslations('Builder');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="survey-form builder-form" noValidate>
      {state.ok ? <p role="status">{t('saved')}</p> : null}
      <BuilderError code={state.formError} />
      <SectionFields id={`section-${id}-show-if`} values={state.values ?? initial} errors={state.fieldErrors ?? {}} />
      <button type="submit" className="button button-secondary" disabled={pending}>{t('saveSection')}</button>
    </form>
  );
}

/** Adds a question, or edits one of a draft when `initial` holds its current values. */
export function QuestionForm({ action, sections, initial }: { action: Action; sections: { id: string; label: string }[]; initial?: Record<string, string> }) {
  const t = useTranslations('Builder');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? initial ?? {};
  const e = state.fieldErrors ?? {};
  const editing = initial !== undefined;
  return (
    <form action={formAction} className="survey-form builder-form" noValidate data-testid={editing ? 'edit-question' : 'add-question'}>
      {editing ? null : <h2>{t('addQuestion')}</h2>}
      {state.ok ? <p role="status">{t('added')}</p> : null}
      <BuilderError code={state.formError} />
      <div className="field">
        <label htmlFor="q-section" className="field-label">{t('section')}</label>
        <select id="q-section" name="sectionId" defaultValue={v.sectionId}>
          {sections.map((s) => (
            <option key={s.id} value={s.id}>{s.label}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="q-key" className="field-label">{t('key')}</label>
        <p className="field-hint">{t('keyHint')}</p>
        <BuilderError code={e.key} testId="error-key" />
        <input id="q-key" name="key" type="text" className="input-short" defaultValue={v.key} />
      </div>
      <div className="field">
        <label htmlFor="q-type" className="field-label">{t('type')}</label>
        <select id="q-type" name="type" defaultValue={v.type ?? 'single_choice'}>
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>{t(`types.${type}`)}</option>
          ))}
        </select>
        <BuilderError code={e.type} />
      </div>
      <div className="field">
        <label htmlFor="q-category" className="field-label">{t('category')}</label>
        <BuilderError code={e.category} />
        <select id="q-category" name="category" defaultValue={v.category ?? ''}>
          <option value="">{t('categoryAuto')}</option>
          {(['answers', 'contact', 'demographic'] as const).map((c) => (
            <option key={c} value={c}>{t(`categories.${c}`)}</option>
          ))}
        </select>
      </div>
      <label className="choice">
        <input type="checkbox" name="required" defaultChecked={v.required === 'on'} />
        <span>{t('required')}</span>
      </label>
      <TextPair name="prompt" label={t('prompt')} values={v} error={e.prompt} />
      <TextPair name="help" label={t('help')} values={v} />
      <p className="field-hint">{t('pipingHint')}</p>
      <div className="field">
        <label htmlFor="q-options" className="field-label">{t('options')}</label>
        <BuilderError code={e.options} />
        <textarea id="q-options" name="options" rows={4} defaultValue={v.options} />
      </div>
      <label className="choice">
        <input type="checkbox" name="randomizeOptions" defaultChecked={v.randomizeOptions === 'on'} />
        <span>{t('randomizeOptions')}</span>
      </label>
      <div className="field">
        <label htmlFor="q-rows" className="field-label">{t('rows')}</label>
        <BuilderError code={e.rows} testId="error-rows" />
        <textarea id="q-rows" name="rows" rows={3} defaultValue={v.rows} />
      </div>
      <div className="field">
        <label htmlFor="q-purpose" className="field-label">{t('contactPurpose')}</label>
        <BuilderError code={e.contactPurpose} testId="error-contactPurpose" />
        <select id="q-purpose" name="contactPurpose" defaultValue={v.contactPurpose ?? ''}>
          <option value="">{t('noPurpose')}</option>
          {(['survey_validation', 'reward_delivery', 'support'] as const).map((p) => (
            <option key={p} value={p}>{t(`purposes.${p}`)}</option>
          ))}
        </select>
      </div>
      <label className="choice">
        <input type="checkbox" name="publishable" defaultChecked={v.publishable === 'on'} />
        <span>{t('publishable')}</span>
      </label>
      <BuilderError code={e.publishable} />
      <ShowIfField id={editing ? 'q-show-if' : 'new-q-show-if'} value={v.showIf} error={e.showIf} />
      <button type="submit" className={editing ? 'button button-primary' : 'button button-secondary'} disabled={pending}>
        {editing ? t('saveQuestion') : t('addQuestion')}
      </button>
    </form>
  );
}

type BuilderT = ReturnType<typeof useTranslations<'Builder'>>;

/** Where a problem is: the survey's title or description, a section number, or a question's field name. */
const placeOf = (t: BuilderT) => (where: string) =>
  where === 'title' ? t('title') : where === 'description' ? t('description') : where.startsWith('section ') ? `${t('section')} ${where.slice(8)}` : where;

/** The builder page's list of skip-logic problems (the same words as publishing's refusal). */
export function LogicProblemList({ problems }: { problems: Extract<PublishProblem, { code: 'logic' }>[] }) {
  const t = useTranslations('Builder');
  const place = placeOf(t);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" data-testid="logic-problems">
      <p>{t('logicProblems')}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{`${place(p.where)}: ${logicProblemText(t, p.problem)}`}</li>
        ))}
      </ul>
    </div>
  );
}

/** One skip-logic problem in words. */
function logicProblemText(t: BuilderT, problem: LogicFinding['problem']): string {
  switch (problem.code) {
    case 'logic_first_section':
      return t('problems.logic_first_section');
    case 'logic_value':
      return t('problems.logic_value', { key: problem.key, value: problem.value });
    default:
      return t(`problems.${problem.code}`, { key: problem.key });
  }
}

export function PublishForm({ action }: { action: Action }) {
  const t = useTranslations('Builder');
  const [state, formAction, pending] = useActionState(action, {});
  const place = placeOf(t);
  return (
    <form action={formAction} className="publish-form">
      {state.ok ? <p role="status">{t('published')}</p> : null}
      <BuilderError code={state.formError} />
      {state.problems?.length ? (
        <ul className="error-summary" data-testid="publish-problems">
          {state.problems.map((p, i) => (
            <li key={i}>
              {p.code === 'missing_translation'
                ? t('problems.missing_translation', { where: place(p.where), locale: t(`localeNames.${p.locale}`) })
                : p.code === 'too_few_options'
                  ? t('problems.too_few_options', { where: p.where })
                  : p.code === 'logic'
                    ? `${place(p.where)}: ${logicProblemText(t, p.problem)}`
                    : p.code === 'quota'
                      ? `${t('problems.quota', { name: p.name })} ${logicProblemText(t, p.problem)}`
                      : p.code === 'fieldwork_field'
                        ? t('problems.fieldwork_field', { key: p.key })
                        : t('problems.no_questions')}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="button button-primary" disabled={pending}>{t('publish')}</button>
    </form>
  );
}
