import { getLocale, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { routing } from '@/i18n/routing';

/**
 * Switches language by linking to the same page (`href`, without locale) in the other locale.
 * A survey form, when JavaScript runs, intercepts these links (data-locale-switch) to save what
 * was typed on the page first.
 */
export async function LanguageLinks({ href }: { href: string }) {
  const t = await getTranslations('Common');
  const current = await getLocale();
  return (
    <nav aria-label={t('languageSwitcher')} className="language-switcher">
      <ul>
        {routing.locales.map((locale) =>
          locale === current ? (
            <li key={locale}>
              <span aria-current="true" lang={locale}>
                {t(`languageName.${locale}`)}
              </span>
            </li>
          ) : (
            <li key={locale}>
              <Link href={href} locale={locale} lang={locale} hrefLang={locale} data-locale-switch={locale}>
                {t(`languageName.${locale}`)}
              </Link>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
