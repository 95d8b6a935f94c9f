import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { ConsentBanner } from '@/features/consent/components/ConsentBanner';
import { SessionAnalytics } from '@/features/consent/components/SessionAnalytics';
import { shouldAnnounceVersion } from '@/features/consent/policy';
import { getPageConsent } from '@/features/consent/server';
import { LanguageLinks } from './LanguageLinks';

/**
 * Every public page: header (brand + language switcher), the consent banner until a current
 * choice exists (P9.1, P1.2), main landmark, and a footer linking to privacy and cookie
 * settings from every page (P9.1). `path` is the page's path without the locale.
 */
export async function PageShell({ path, children, hideBanner = false }: { path: string; children: ReactNode; hideBanner?: boolean }) {
  const t = await getTranslations('Common');
  const consent = await getPageConsent();
  const askAgain = !consent.current && consent.consent ? consent.mustCover : null;
  // A chain holding only a social sign-in has not answered the cookie question yet (P4.3, P9.1).
  const answered = consent.current && consent.consent?.cookieChoiceMade;
  const announce = shouldAnnounceVersion(consent.consent, consent.inForce, consent.mustCover, new Date());
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      {answered || consent.unavailable || hideBanner ? null : <ConsentBanner returnTo={path} changedVersion={askAgain} />}
      {announce && consent.inForce ? (
        <p className="policy-notice" role="status" data-testid="policy-notice">
          {t('policyUpdated', { version: consent.inForce.version })} <Link href="/privacy">{t('privacyLink')}</Link>
        </p>
      ) : null}
      <header className="site-header">
        <Link href="/" className="brand">
          {t('appName')}
          <span className="brand-tagline">{t('tagline')}</span>
        </Link>
        <LanguageLinks href={path} />
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
        <nav aria-label={t('footerNav')}>
          <ul className="footer-links">
            <li>
              <Link href="/privacy">{t('privacyLink')}</Link>
            </li>
            <li>
              <Link href="/cookies">{t('cookiesLink')}</Link>
            </li>
            <li>
              <Link href="/my-data">{t('myDataLink')}</Link>
            </li>
            <li>
              <Link href="/support">{t('supportLink')}</Link>
            </li>
          </ul>
        </nav>
      </footer>
      {consent.grants.sessionAnalytics ? <SessionAnalytics path={path} /> : null}
    </>
  );
}
