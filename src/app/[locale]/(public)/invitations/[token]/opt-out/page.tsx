import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { optOutOfInvitations } from '@/features/invitations/actions';
import { looksLikeInvitationToken } from '@/features/invitations/tokens';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('OptOut', 'title');

/**
 * policy: P5.1 — the link in every invitation and reminder. A page with a button, not an action
 * on opening: mail scanners open links, and must not opt a person out on their own.
 */
export default async function OptOutPage({ params, searchParams }: { params: Promise<{ locale: Locale; token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { locale, token } = await params;
  const { done } = await searchParams;
  setRequestLocale(locale);
  const t = await getTranslations('OptOut');
  const valid = looksLikeInvitationToken(token);
  return (
    <PageShell path={`/invitations/${token}/opt-out`}>
      <h1>{t('title')}</h1>
      {!valid || done === '0' ? (
        <p role="status" data-testid="opt-out-result">{t('invalid')}</p>
      ) : done === '1' ? (
        <p role="status" data-testid="opt-out-result">{t('done')}</p>
      ) : (
        <>
          <p>{t('body')}</p>
          <form action={optOutOfInvitations.bind(null, locale, token)}>
            <button type="submit" className="button button-primary">{t('confirm')}</button>
          </form>
        </>
      )}
    </PageShell>
  );
}
