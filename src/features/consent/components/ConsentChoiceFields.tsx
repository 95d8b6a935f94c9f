import { getTranslations } from 'next-intl/server';
import { OPTIONAL_CONSENT_CATEGORIES, type ConsentChoice } from '../categories';

/** The category switches: strictly necessary shown as always on; the rest off unless granted. */
export async function ConsentChoiceFields({ idPrefix, checked }: { idPrefix: string; checked: ConsentChoice }) {
  const t = await getTranslations('Consent');
  return (
    <ul className="consent-categories">
      <li>
        <label className="consent-category">
          <input type="checkbox" checked disabled aria-describedby={`${idPrefix}-necessary`} />
          <span>
            <strong>{t('necessary')}</strong> — {t('alwaysOn')}
            <span id={`${idPrefix}-necessary`} className="consent-description">{t('necessaryDescription')}</span>
          </span>
        </label>
      </li>
      {OPTIONAL_CONSENT_CATEGORIES.map((category) => (
        <li key={category}>
          <label className="consent-category">
            <input
              type="checkbox"
              name={category}
              defaultChecked={checked[category]}
              aria-describedby={`${idPrefix}-${category}`}
              data-testid={`consent-${category}`}
            />
            <span>
              <strong>{t(category)}</strong>
              <span id={`${idPrefix}-${category}`} className="consent-description">{t(`${category}Description`)}</span>
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}
