import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { readCompletedResponse } from '@/features/survey/cookies';
import { endingOf } from '@/features/survey/endings';
import { ReturnToPanel } from '@/features/survey/components/ReturnToPanel';
import { db } from '@/server/db';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Ended', 'title');

/**
 * An early ending (fieldwork.ts): screened out or quota full. What the browser's own response
 * (the done cookie) says; without one, a neutral thanks — the page reveals nothing of anyone else.
 */
export default async function EndedPage({ params, searchParams }: { params: Promise<{ locale: Locale; slug: string }>; searchParams: Promise<{ already?: string }> }) {
  const { locale, slug } = await params;
  // A panel link or invitation that has its response already (actions.ts startSurvey): said, nothing shown of it.
  const { already } = await searchParams;
  setRequestLocale(locale);
  const t = await getTranslations('Ended');
  const ts = await getTranslations('Survey');
  const responseId = await readCompletedResponse(slug);
  const ending = responseId ? await endingOf(db, responseId, slug) : null;
  const early = ending && ending.status !== 'completed' ? ending : null;
  return (
    <PageShell path={`/s/${slug}/ended`}>
      <h1>{t('title')}</h1>
      <p data-testid="ending">{early
          ? t(early.status === 'screened_out' ? 'screenedOut' : early.capReached ? 'capReached' : 'quotaFull')
          : already === 'finished'
            ? t('alreadyFinished')
            : already === 'started'
              ? t('alreadyStarted')
              : t('generic')}</p>
      {/* policy: P3.1 — what is kept of a response that did not complete, and for how long. */}
      {early ? <p>{t('kept', { days: early.partialKeptDays })}</p> : null}
      {early?.returnTo ? (
        <ReturnToPanel href={early.returnTo} />
      ) : (
        <p>
          <Link href="/">{ts('backToSurveys')}</Link>
        </p>
      )}
    </PageShell>
  );
}
