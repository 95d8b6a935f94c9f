'use client';

import { useTranslations } from 'next-intl';
import { GENDER_VALUES, LONG_TEXT_MAX, NPS_MAX, NPS_MIN, RATING_MAX, RATING_MIN, SHORT_TEXT_MAX } from '../question-types';
import { gridFieldOf, isGridAnswer, publishFieldOf } from '../field-names';
import type { AnswerErrorCode } from '../schemas';
import { REWARD_NOTICE_ID, type FieldView } from './field-view';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** One question, rendered for its type; `defaultValue` keeps what was saved or typed. */
export function QuestionField({
  field,
  defaultValue,
  publishChecked = false,
  error,
}: {
  field: FieldView;
  defaultValue: unknown;
  publishChecked?: boolean;
  error?: AnswerErrorCode;
}) {
  const t = useTranslations('Survey');
  const te = useTranslations('Errors');
  const id = `q-${field.key}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // policy: P8.1 — the section's one reward notice (SectionForm) is read out with each field it concerns.
  const describedBy = [hintId, field.forfeitReward ? REWARD_NOTICE_ID : null, error ? errorId : null].filter(Boolean).join(' ');
  const asText = defaultValue == null ? '' : Array.isArray(defaultValue) ? '' : String(defaultValue);
  const asList = Array.isArray(defaultValue) ? defaultValue.map(String) : asText ? [asText] : [];

  const mark = (
    <span className={field.required ? 'mark-required' : 'mark-optional'}>
      {' '}({field.required ? t('requiredMark') : t('optionalMark')})
    </span>
  );
  const hints = [
    field.help,
    field.contactPurpose ? t(`purpose.${field.contactPurpose}`) : null,
    field.type === 'rating' ? t('ratingScale') : null,
    field.type === 'nps' ? t('npsScale') : null,
    field.type === 'short_text' ? t('textLimit', { max: SHORT_TEXT_MAX }) : null,
    field.type === 'long_text' ? t('textLimit', { max: LONG_TEXT_MAX }) : null,
    field.type === 'email' ? t('emailExample') : null,
    field.type === 'phone' ? t('phoneExample') : null,
    field.type === 'postal_code' ? t('postalCodeExample') : null,
    field.type === 'birth_date' ? t('dateExample') : null,
    field.type === 'grid' && field.required ? t('gridEveryRow') : null,
  ].filter((h): h is string => Boolean(h));
  const hint = (
    <div id={hintId} className="field-hint">
      {hints.map((h) => (
        <p key={h}>{h}</p>
      ))}
    </div>
  );
  const errorText = error ? (
    <p id={errorId} className="field-error" data-testid={`error-${field.key}`}>
      {te(error)}
    </p>
  ) : null;

  const choices: { value: string; label: string }[] | null =
    field.type === 'single_choice' || field.type === 'multiple_choice'
      ? field.options
      : field.type === 'gender'
        ? GENDER_VALUES.map((v) => ({ value: v, label: t(`gender.${v}`) }))
        : field.type === 'rating'
          ? range(RATING_MIN, RATING_MAX).map((v) => ({ value: v, label: v }))
          : field.type === 'nps'
            ? range(NPS_MIN, NPS_MAX).map((v) => ({ value: v, label: v }))
            : null;

  if (field.type === 'grid') {
    // A grid: one group of radio buttons per row, the scale repeated in each — it reads row by row
    // with a screen reader, and fits a phone without a wide table. Each row is `<key>.<row>`.
    const answered = isGridAnswer(defaultValue) ? defaultValue : {};
    return (
      <fieldset className={`field field-grid${error ? ' field-invalid' : ''}`} id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} tabIndex={-1}>
        <legend>
          {field.prompt}
          {mark}
        </legend>
        {hint}
        {errorText}
        {field.rows.map((row) => (
          <fieldset key={row.value} className="grid-row" role="radiogroup" aria-required={field.required ? true : undefined}>
            <legend className="grid-row-label">{row.label}</legend>
            <div className="choices choices-scale">
              {field.options.map((c) => (
                <label key={c.value} className="choice">
                  <input type="radio" name={gridFieldOf(field.key, row.value)} value={c.value} defaultChecked={answered[row.value] === c.value} />
                  <span>{c.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>
    );
  }

  if (choices) {
    const multiple = field.type === 'multiple_choice';
    const scale = field.type === 'rating' || field.type === 'nps';
    return (
      <fieldset
        className={`field${error ? ' field-invalid' : ''}`}
        id={id}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        aria-required={field.required && !multiple ? true : undefined}
        role={multiple ? undefined : 'radiogroup'}
        tabIndex={-1}
      >
        <legend>
          {field.prompt}
          {mark}
        </legend>
        {hint}
        {errorText}
        <div className={scale ? 'choices choices-scale' : 'choices'}>
          {choices.map((c) => (
            <label key={c.value} className="choice">
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={field.key}
                value={c.value}
                defaultChecked={asList.includes(c.value)}
              />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }

  const common = {
    id,
    name: field.key,
    defaultValue: asText,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required ? true : undefined,
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {field.prompt}
        {mark}
      </label>
      {hint}
      {errorText}
      {field.type === 'long_text' ? (
        <textarea {...common} rows={5} maxLength={LONG_TEXT_MAX} />
      ) : field.type === 'email' ? (
        <input {...common} type="email" inputMode="email" autoComplete="email" />
      ) : field.type === 'phone' ? (
        <input {...common} type="tel" inputMode="tel" autoComplete="tel" />
      ) : field.type === 'birth_date' ? (
        <input {...common} type="date" autoComplete="bday" min="1900-01-01" />
      ) : field.type === 'postal_code' ? (
        <input {...common} type="text" autoComplete="postal-code" className="input-short" />
      ) : (
        <input {...common} type="text" maxLength={SHORT_TEXT_MAX} />
      )}
      {field.publishable ? (
        <div className="publish-permission">
          <label className="choice">
            <input
              type="checkbox"
              name={publishFieldOf(field.key)}
              defaultChecked={publishChecked}
              aria-describedby={`${id}-publish-hint`}
              data-testid={`publish-${field.key}`}
            />
            <span>{t('publishLabel')}</span>
          </label>
          <p id={`${id}-publish-hint`} className="field-hint">
            {t('publishHint')}
          </p>
        </div>
      ) : null}
    </div>
  );
}
