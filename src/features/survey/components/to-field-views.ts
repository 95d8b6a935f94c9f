import type { Locale } from '@/i18n/routing';
import type { QuestionDTO } from '../queries';
import type { FieldView } from './field-view';

/** Questions → what the client form needs, texts resolved in the respondent's locale. */
export function toFieldViews(
  questions: QuestionDTO[],
  locale: Locale,
  mayForfeitReward: (q: QuestionDTO) => boolean,
): FieldView[] {
  return questions.map((q) => ({
    key: q.key,
    type: q.type,
    required: q.required,
    prompt: q.prompt[locale],
    help: q.help?.[locale] ?? null,
    options: q.options.map((o) => ({ value: o.value, label: o.label[locale] })),
    forfeitReward: mayForfeitReward(q),
    contactPurpose: q.contactPurpose,
    publishable: q.publishable,
  }));
}
