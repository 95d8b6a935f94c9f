import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { listPublishedSurveys } from '@/features/survey/queries';
import { SocialNotice, socialNoticeOf } from '@/features/social/components/SocialSignIn';
import { db } from '@/server/db';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Home', 'title');

export default async function HomePage({ params, searchParams }: { params: Promise<{ locale: Locale }>; searchParams: Promise<{ social?: string }> }) {
  const { locale } = await params;
  // A social sign-in that came back without its flow (expired, another browser): say so (P3.5).
  const notice = socialNoticeOf((await searchParams).social);
  setRequestLocale(locale);
  const t = await getTranslations('Home');
  const surveys = await listPublishedSurveys(db);
  return (
    <PageShell path="/">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <SocialNotice notice={notice} />
      {surveys.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ul className="survey-list">
          {surveys.map((s) => (
            <li key={s.slug} className="card">
              <h2>{s.title[locale]}</h2>
              <p>{s.description[locale]}</p>
              <Link href={`/s/${s.slug}`} className="button button-primary">
                {t('take')}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </PageShell>
  );
}
