import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { saveConsent } from '@/features/consent/actions';
import { NOTHING_GRANTED, OPTIONAL_CONSENT_CATEGORIES } from '@/features/consent/categories';
import { ConsentChoiceFields } from '@/features/consent/components/ConsentChoiceFields';
import { getRequestConsent } from '@/features/consent/server';
import { withdrawSocial } from '@/features/social/actions';
import { SocialNotice, socialNoticeOf } from '@/features/social/components/SocialSignIn';
import { FLOW_TTL_SECONDS } from '@/features/social/flow-cookie';
import { socialGranted } from '@/features/consent/policy';
import { titleFrom } from '@/lib/page-title';

type Params = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ social?: string }> };

export const generateMetadata = titleFrom('Cookies', 'title');

/** policy: P9.1, P4.2 — see and change the cookie choice from any page; the consent id to quote. */
export default async function CookiesPage({ params, searchParams }: Params) {
  const { locale } = await params;
  const notice = socialNoticeOf((await searchParams).social);
  setRequestLocale(locale);
  const t = await getTranslations('Cookies');
  const tc = await getTranslations('Consent');
  const format = await getFormatter();
  const { consent, current, grants, mustCover } = await getRequestConsent();
  const ts = await getTranslations('Social');

  return (
    <PageShell path="/cookies" hideBanner>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>

      <section aria-labelledby="current-title" className="card">
        <h2 id="current-title">{t('currentTitle')}</h2>
        {consent ? (
          <>
            <p data-testid="consent-id" className="reference">
              {t('consentId', { id: consent.id })}
            </p>
            <p>
              {t('givenOn', {
                date: format.dateTime(consent.createdAt, { dateStyle: 'long', timeStyle: 'short' }),
                version: consent.policyVersion.version,
              })}
            </p>
            {current ? null : <p className="consent-changed">{t('outdated')}</p>}
            <dl className="consent-status">
              {OPTIONAL_CONSENT_CATEGORIES.map((c) => (
                <div key={c}>
                  <dt>{tc(c)}</dt>
                  <dd data-testid={`status-${c}`}>{grants[c] ? t('on') : t('off')}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p>{t('noChoice')}</p>
        )}
      </section>

      <section aria-labelledby="change-title">
        <h2 id="change-title">{t('changeTitle')}</h2>
        <form action={saveConsent.bind(null, locale)} className="consent-form">
          <input type="hidden" name="returnTo" value="/cookies" />
          <ConsentChoiceFields idPrefix="settings" checked={current ? grants : NOTHING_GRANTED} />
          <div className="consent-buttons">
            <button type="submit" name="method" value="settings" className="button button-primary">
              {t('save')}
            </button>
            <button type="submit" name="method" value="accept_all" className="button button-choice">
              {tc('acceptAll')}
            </button>
            <button type="submit" name="method" value="reject_all" className="button button-choice">
              {tc('rejectAll')}
            </button>
          </div>
        </form>
      </section>

      {/* policy: P4.3 — social sign-in is withdrawn here too, with its profile erased at once. */}
      <section aria-labelledby="social-title" id="social" className="card">
        <h2 id="social-title">{ts('settingsTitle')}</h2>
        <SocialNotice notice={notice} />
        {socialGranted(consent, mustCover) ? (
          <form action={withdrawSocial.bind(null, locale)}>
            <p data-testid="status-social">{ts('settingsGranted')}</p>
            <input type="hidden" name="returnTo" value="/cookies" />
            <button type="submit" className="button button-choice">
              {ts('withdraw')}
            </button>
          </form>
        ) : (
          <p data-testid="status-social">{ts('settingsNone')}</p>
        )}
      </section>

      <section aria-labelledby="necessary-title">
        <h2 id="necessary-title">{t('necessaryTitle')}</h2>
        <table className="cookie-table">
          <thead>
            <tr>
              <th scope="col">{t('cookieName')}</th>
              <th scope="col">{t('cookiePurpose')}</th>
              <th scope="col">{t('cookieDuration')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><code>sorgu_consent</code></td>
              <td>{t('consentCookie')}</td>
              <td>{t('months', { count: 6 })}</td>
            </tr>
            <tr>
              <td><code>sorgu_resume_…</code></td>
              <td>{t('resumeCookie')}</td>
              <td>{t('days', { count: 7 })}</td>
            </tr>
            <tr>
              <td><code>sorgu_done_…</code></td>
              <td>{t('doneCookie')}</td>
              <td>{t('hours', { count: 1 })}</td>
            </tr>
            <tr>
              <td><code>sorgu_social_flow</code></td>
              <td>{t('socialFlowCookie')}</td>
              <td>{t('minutes', { count: FLOW_TTL_SECONDS / 60 })}</td>
            </tr>
          </tbody>
        </table>
      </section>
    </PageShell>
  );
}
