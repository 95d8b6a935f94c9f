import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { readCompletedResponse } from '@/features/survey/cookies';
import { endingOf } from '@/features/survey/endings';
import { ReturnToPanel } from '@/features/survey/components/ReturnToPanel';
import { db } from '@/server/db';
import { IncentivePanel } from '@/features/rewards/components/IncentivePanel';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Done', 'title');

export default async function DonePage({ params }: { params: Promise<{ locale: Locale; slug: string }> }) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('Done');
  const ts = await getTranslations('Survey');
  const format = await getFormatter();
  const responseId = await readCompletedResponse(slug);
  const ending = responseId ? await endingOf(db, responseId, slug) : null;
  const completedAt = ending?.status === 'completed' ? ending.at : null;
  // The panel's return link (return-links.ts): automatic, unless a reward has something to read first.
  const returnTo = completedAt ? ending?.returnTo : null;
  return (
    <PageShell path={`/s/${slug}/done`}>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      {completedAt ? (
        <p data-testid="received-at">{t('receivedAt', {
            date: format.dateTime(completedAt, { dateStyle: 'long' }),
            time: format.dateTime(completedAt, { timeStyle: 'short' }),
          })}</p>
      ) : null}
      {completedAt && responseId ? <IncentivePanel responseId={responseId} slug={slug} locale={locale} /> : null}
      {returnTo ? (
        <ReturnToPanel href={returnTo} automatic={!ending?.rewarded} />
      ) : (
        <p>
          <Link href="/">{ts('backToSurveys')}</Link>
        </p>
      )}
    </PageShell>
  );
}
