import { getTranslations } from 'next-intl/server';
import { minimumAgeFor } from '../age-gate';
import { ANSWER_ERROR_CODES, type AnswerErrorCode } from '../schemas';

/** policy: P11.1 — the birth date asked before anything else; it is checked, never stored. */
export async function AgeGateField({
  survey,
  error,
}: {
  survey: { minimumAge: number | null; country: string | null };
  error: string | undefined;
}) {
  const t = await getTranslations('AgeGate');
  const te = await getTranslations('Errors');
  const code = (ANSWER_ERROR_CODES as readonly string[]).includes(error ?? '') ? (error as AnswerErrorCode) : null;
  return (
    <div className={`field age-gate${code ? ' field-invalid' : ''}`}>
      <label htmlFor="age-gate-birth-date" className="field-label">
        {t('label')}
      </label>
      <p id="age-gate-hint" className="field-hint">
        {t('hint', { age: minimumAgeFor(survey) })}
      </p>
      {code ? (
        <p id="age-gate-error" className="field-error" data-testid="error-birth_date">
          {/* The birth date's codes (the cast only narrows what TypeScript can list of a large message catalogue). */}
          {te(code as 'invalid_date')}
        </p>
      ) : null}
      <input
        id="age-gate-birth-date"
        name="birth_date"
        type="date"
        min="1900-01-01"
        autoComplete="bday"
        aria-required
        aria-invalid={code ? true : undefined}
        aria-describedby={code ? 'age-gate-hint age-gate-error' : 'age-gate-hint'}
      />
    </div>
  );
}
