'use client';

import { useTranslations } from 'next-intl';
import { BuilderError } from './BuilderError';

/** One text in both languages, side by side (az | en). Field names: `<name>_az`, `<name>_en`. */
export function TextPair({ name, label, values, error, multiline = false }: { name: string; label: string; values?: Record<string, string>; error?: string; multiline?: boolean }) {
  const t = useTranslations('Builder');
  return (
    <fieldset className="field text-pair">
      <legend className="field-label">{label}</legend>
      <BuilderError code={error} />
      <div className="text-pair-row">
        {(['az', 'en'] as const).map((locale) => (
          <label key={locale} className="text-pair-cell" lang={locale}>
            <span className="field-hint">{t(locale)}</span>
            {multiline ? (
              <textarea name={`${name}_${locale}`} rows={2} defaultValue={values?.[`${name}_${locale}`]} />
            ) : (
              <input type="text" name={`${name}_${locale}`} defaultValue={values?.[`${name}_${locale}`]} />
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
