import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';
import type { Locale } from '@/i18n/routing';
import { GENDER_VALUES } from '@/features/survey/question-types';
import { OUTCOMES } from '@/features/survey/fieldwork';
import { EXPORT_COLUMNS, gridFieldOf } from '@/features/survey/field-names';
import type { getSurveyInScope } from './survey-access';

/**
 * The codebook of an export: what each column of `planExport` holds, with its label and its
 * answers' labels in the language the export was asked in (issue 13, part 5). The Excel export
 * writes it as its Variables sheet and shows answers by label; the SPSS export turns it into
 * VARIABLE LABELS and VALUE LABELS. Pure: the survey's definition and the messages only.
 */
export type LabelledValue = { value: string; label: string };
export type ExportVariable =
  | { column: string; label: string; kind: 'text' | 'number' | 'datetime' | 'date' | 'json' }
  /** One answer of a fixed list (single choice, gender, a grid's row, the outcome, the language). */
  | { column: string; label: string; kind: 'choice'; values: LabelledValue[] }
  /** Any number of a fixed list (multiple choice), stored as a list of values. */
  | { column: string; label: string; kind: 'choices'; values: LabelledValue[] };

type SurveyInScope = NonNullable<Awaited<ReturnType<typeof getSurveyInScope>>>;
type ExportQuestion = SurveyInScope['questions'][number];

/** A question keyed like one of the export's own columns (one made before the builder refused that) is exported as `question.<key>`. */
export const columnOf = (key: string) => (EXPORT_COLUMNS.includes(key) ? `question.${key}` : key);

const NUMBER_TYPES = new Set(['rating', 'nps']);

export function exportTranslator(locale: Locale) {
  return createTranslator({ locale, messages: locale === 'az' ? az : en, namespace: 'Export' });
}

/** The respondent's own words for gender and the report's for outcomes: one text for each, everywhere. */
function sharedLabels(locale: Locale) {
  const t = createTranslator({ locale, messages: locale === 'az' ? az : en });
  return {
    gender: (value: (typeof GENDER_VALUES)[number]) => t(`Survey.gender.${value}`),
    outcome: (value: (typeof OUTCOMES)[number]) => t(`Reports.outcome.${value === 'complete' ? 'completed' : value}`),
  };
}

/**
 * The variables in the export's column order: response id, language, start and end, the
 * questions in questionnaire order (a grid one variable per row; hidden fields where they are
 * declared), the order the respondent was shown, and the outcome last.
 */
export function codebookOf(questions: ExportQuestion[], locale: Locale, timeZone: string): ExportVariable[] {
  const t = exportTranslator(locale);
  const shared = sharedLabels(locale);
  const labelled = (options: ExportQuestion['options']): LabelledValue[] => options.map((o) => ({ value: o.value, label: o.label[locale] || o.value }));
  const prompt = (q: ExportQuestion) => q.prompt[locale] || q.key;

  const questionVariables = questions.flatMap((q): ExportVariable[] => {
    const column = columnOf(q.key);
    switch (q.type) {
      case 'single_choice':
        return [{ column, label: prompt(q), kind: 'choice', values: labelled(q.options) }];
      case 'gender':
        return [{ column, label: prompt(q), kind: 'choice', values: GENDER_VALUES.map((value) => ({ value, label: shared.gender(value) })) }];
      case 'multiple_choice':
        return [{ column, label: prompt(q), kind: 'choices', values: labelled(q.options) }];
      case 'grid':
        return q.rows.map((row) => ({
          column: gridFieldOf(q.key, row.value),
          label: t('gridRow', { question: prompt(q), row: row.label[locale] || row.value }),
          kind: 'choice',
          values: labelled(q.options),
        }));
      case 'birth_date':
        return [{ column, label: prompt(q), kind: 'date' }];
      case 'hidden':
        return [{ column, label: t('hiddenField', { name: prompt(q) }), kind: 'text' }];
      default:
        return [{ column, label: prompt(q), kind: NUMBER_TYPES.has(q.type) ? 'number' : 'text' }];
    }
  });

  return [
    { column: 'response_id', label: t('responseId'), kind: 'text' },
    { column: 'locale', label: t('locale'), kind: 'choice', values: [{ value: 'az', label: t('localeAz') }, { value: 'en', label: t('localeEn') }] },
    { column: 'started_at', label: t('startedAt', { zone: timeZone }), kind: 'datetime' },
    { column: 'completed_at', label: t('completedAt', { zone: timeZone }), kind: 'datetime' },
    ...questionVariables,
    { column: 'display_order', label: t('displayOrder'), kind: 'json' },
    { column: 'outcome', label: t('outcome'), kind: 'choice', values: OUTCOMES.map((value) => ({ value, label: shared.outcome(value) })) },
  ];
}
