import type { Locale } from '@/i18n/routing';
import { pipe } from '../logic';
import { isGridAnswer } from '../field-names';
import { mayForfeitReward } from '../policy';
import type { QuestionDTO, SectionDTO } from '../queries';
import type { FieldView } from './field-view';
import type { SectionView } from './SectionForm';

/**
 * Piping: how a `{{key}}` placeholder reads — an earlier answer as the respondent would read it
 * (an option's label in their language), a hidden field's value, or `fallback` when there is
 * nothing to show. Plain text: React escapes it.
 */
export type PipeText = (text: string) => string;

export function answerPiping(
  questions: QuestionDTO[],
  answers: Record<string, unknown>,
  locale: Locale,
  genderLabel: (value: string) => string,
): PipeText {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const display = (key: string): string => {
    const value = answers[key];
    const q = byKey.get(key);
    if (value === undefined || value === null || !q) return '';
    const one = (v: unknown) => {
      const text = String(v);
      if (q.type === 'gender') return genderLabel(text);
      return q.options.find((o) => o.value === text)?.label[locale] ?? text;
    };
    if (Array.isArray(value)) return value.map(one).join(', ');
    // A grid: "row: answer" for each row answered, in the grid's order.
    if (isGridAnswer(value)) return q.rows.flatMap((r) => (Object.hasOwn(value, r.value) ? [`${r.label[locale]}: ${one(value[r.value])}`] : [])).join('; ');
    return one(value);
  };
  return (text) => pipe(text, display);
}

/** Without the draft (the database is out of reach): placeholders read as an ellipsis. */
export const noPiping: PipeText = (text) => pipe(text, () => '…');

/** Texts as written, placeholders and all (the builder's preview). */
export const asWritten: PipeText = (text) => text;

/** Questions → what the client form needs, texts resolved in the respondent's locale. */
export function toFieldViews(questions: QuestionDTO[], locale: Locale, pipeText: PipeText): FieldView[] {
  return questions.map((q) => toFieldView(q, locale, pipeText));
}

/** One question as the form shows it (also the builder's preview, of a draft). */
export function toFieldView(q: QuestionDTO, locale: Locale, pipeText: PipeText): FieldView {
  return {
    key: q.key,
    type: q.type,
    required: q.required,
    prompt: pipeText(q.prompt[locale]),
    help: q.help ? pipeText(q.help[locale]) : null,
    options: q.options.map((o) => ({ value: o.value, label: o.label[locale] })),
    rows: q.rows.map((r) => ({ value: r.value, label: r.label[locale] })),
    forfeitReward: mayForfeitReward(q),
    contactPurpose: q.contactPurpose,
    publishable: q.publishable,
    conditional: q.showIf !== null,
  };
}

/** One section as the form shows it, with the questions the respondent's path asks there. */
export function toSectionView(
  section: SectionDTO,
  asked: QuestionDTO[],
  locale: Locale,
  pipeText: PipeText,
  place: { isFirst: boolean; isLast: boolean },
): SectionView {
  return {
    id: section.id,
    title: pipeText(section.title[locale]),
    description: section.description ? pipeText(section.description[locale]) : null,
    fields: toFieldViews(asked, locale, pipeText),
    ...place,
  };
}
