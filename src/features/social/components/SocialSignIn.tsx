import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { beginSocialSignIn, withdrawSocial } from '@/features/social/actions';
import type { SignedInProfile } from '@/features/social/profiles';

export const SOCIAL_NOTICES = ['connected', 'cancelled', 'failed', 'expired', 'consent_required', 'unavailable', 'withdrawn'] as const;
export type SocialNoticeCode = (typeof SOCIAL_NOTICES)[number];

export function socialNoticeOf(value: string | undefined): SocialNoticeCode | null {
  return (SOCIAL_NOTICES as readonly string[]).includes(value ?? '') ? (value as SocialNoticeCode) : null;
}

/** What became of a sign-in step (`?social=…`), wherever the browser lands after it. */
export async function SocialNotice({ notice, id }: { notice: SocialNoticeCode | null; id?: string }) {
  const t = await getTranslations('Social');
  return notice ? (
    <p role="status" className="notice" id={id} data-testid="social-notice">
      {t(`notices.${notice}`)}
    </p>
  ) : null;
}

type Props = {
  locale: Locale;
  slug: string;
  providers: { id: string; label: string }[];
  signedIn: SignedInProfile | null;
  /** Offer the sign-in here (a section that asks for an email address); the signed-in status shows on every section. */
  offer: boolean;
  notice: SocialNoticeCode | null;
};

/**
 * policy: P3.5, P4.3 — optional social sign-in on a survey section: the box granting `social` is
 * never ticked in advance, answering without signing in stays the default and loses nothing, and a
 * signed-in respondent sees whose profile is used and can withdraw (erasing it) right here.
 */
export async function SocialSignIn({ locale, slug, providers, signedIn, offer, notice }: Props) {
  const t = await getTranslations('Social');
  if (!signedIn && (!offer || providers.length === 0)) return <SocialNotice notice={notice} id="social" />;
  const providerLabel = providers.find((p) => p.id === signedIn?.provider)?.label ?? signedIn?.provider ?? '';
  return (
    <section id="social" className="card social-sign-in" aria-labelledby="social-title" data-testid="social-sign-in">
      <h2 id="social-title">{t('title')}</h2>
      <SocialNotice notice={notice} />
      {signedIn ? (
        <>
          <p data-testid="social-signed-in">{t('signedInAs', { provider: providerLabel, name: signedIn.name ?? signedIn.email ?? '—' })}</p>
          {signedIn.email && signedIn.prefill && offer ? <p className="field-hint">{t('prefilled')}</p> : null}
          <form action={withdrawSocial.bind(null, locale)}>
            <input type="hidden" name="returnTo" value={`/s/${slug}`} />
            <button type="submit" className="button button-choice">
              {t('withdraw')}
            </button>
          </form>
        </>
      ) : (
        <form action={beginSocialSignIn.bind(null, locale, slug)} className="social-form">
          <p>{t('optional')}</p>
          <p className="field-hint">{t('beforeTyping')}</p>
          <p className="choice">
            <input type="checkbox" id="social-consent" name="consent" />
            <label htmlFor="social-consent">{t('consentLabel')}</label>
          </p>
          <div className="consent-buttons">
            {providers.map((p) => (
              <button key={p.id} type="submit" name="provider" value={p.id} className="button button-choice">
                {t('signInWith', { provider: p.label })}
              </button>
            ))}
          </div>
        </form>
      )}
    </section>
  );
}
