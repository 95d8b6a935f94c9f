import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';

/** Header (brand + language switcher), main landmark and footer of every public page. */
export async function PageShell({ languageSwitcher, children }: { languageSwitcher: ReactNode; children: ReactNode }) {
  const t = await getTranslations('Common');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          {t('appName')}
          <span className="brand-tagline">{t('tagline')}</span>
        </Link>
        {languageSwitcher}
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
      </footer>
    </>
  );
}
