import { getLocale, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { saveConsent } from '../actions';
import { NOTHING_GRANTED } from '../categories';
import { ConsentChoiceFields } from './ConsentChoiceFields';

/**
 * policy: P9.1 — asks before anything optional is collected. "Accept all" and "Reject all" are
 * equally prominent; "Choose" opens the switches (a <details> element: no JavaScript needed).
 */
export async function ConsentBanner({ returnTo, changedVersion }: { returnTo: string; changedVersion: number | null }) {
  const t = await getTranslations('Consent');
  const tc = await getTranslations('Common');
  const locale = await getLocale();
  return (
    <section className="consent-banner" aria-labelledby="consent-banner-title" data-testid="consent-banner">
      <form action={saveConsent.bind(null, locale)} className="consent-form">
        <input type="hidden" name="returnTo" value={returnTo} />
        <h2 id="consent-banner-title">{t('bannerTitle')}</h2>
        {changedVersion ? <p className="consent-changed">{t('policyChanged', { version: changedVersion })}</p> : null}
        <p>{t('bannerBody')}</p>
        <div className="consent-buttons">
          <button type="submit" name="method" value="accept_all" className="button button-choice">
            {t('acceptAll')}
          </button>
          <button type="submit" name="method" value="reject_all" className="button button-choice">
            {t('rejectAll')}
          </button>
        </div>
        <details className="consent-details">
          <summary>{t('choose')}</summary>
          <ConsentChoiceFields idPrefix="banner" checked={NOTHING_GRANTED} />
          <button type="submit" name="method" value="custom" className="button button-secondary">
            {t('saveChoice')}
          </button>
        </details>
        <p className="consent-links">
          <Link href="/privacy">{tc('privacyLink')}</Link> · <Link href="/cookies">{tc('cookiesLink')}</Link>
        </p>
      </form>
    </section>
  );
}
