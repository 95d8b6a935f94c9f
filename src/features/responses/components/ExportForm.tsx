import { useTranslations } from 'next-intl';
import type { Locale } from '@/i18n/routing';

const FORMATS = [
  { value: 'csv', label: 'formatCsv' },
  { value: 'xlsx', label: 'formatXlsx' },
  { value: 'spss', label: 'formatSpss' },
  { value: 'json', label: 'formatJson' },
] as const;

/**
 * The report's download form: a plain GET to the export route (works without JavaScript; the
 * route checks the role and the Client again, P5.5). Excel and SPSS label in the language chosen.
 */
export function ExportForm({ surveyId, locale, error }: { surveyId: string; locale: Locale; error: 'tooManyRows' | null }) {
  const t = useTranslations('Reports');
  const te = useTranslations('Export');
  return (
    <section className="export-section" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('exportTitle')}</h2>
      {error ? (
        <p className="field-error" role="alert" data-testid="export-error">
          {t('exportTooManyRows')}
        </p>
      ) : null}
      <form method="get" action={`/api/surveys/${surveyId}/export`} className="survey-form admin-form" data-testid="export-form">
        <fieldset className="field">
          <legend className="field-label">{t('exportFormat')}</legend>
          <div className="choices">
            {FORMATS.map((f, i) => (
              <label key={f.value} className="choice">
                <input type="radio" name="format" value={f.value} defaultChecked={i === 0} />
                <span>{t(f.label)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="export-lang" className="field-label">{t('exportLanguage')}</label>
          <p className="field-hint" id="export-lang-hint">{t('exportLanguageHint')}</p>
          <select id="export-lang" name="lang" defaultValue={locale} aria-describedby="export-lang-hint">
            <option value="az">{te('localeAz')}</option>
            <option value="en">{te('localeEn')}</option>
          </select>
        </div>
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="outcomes" value="all" data-testid="export-all-outcomes" />
            <span>{t('exportAllOutcomes')}</span>
          </label>
        </div>
        <button type="submit" className="button button-primary" data-testid="export-download">{t('exportDownload')}</button>
      </form>
    </section>
  );
}
