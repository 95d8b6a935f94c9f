import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { minimumAgeFor } from '@/features/survey/age-gate';
import { getPublishedSurvey } from '@/features/survey/queries';
import { db } from '@/server/db';
import { titleFrom } from '@/lib/page-title';

/** policy: P11.1 — a kind stop page for someone below the minimum age; nothing of theirs was kept. */
export const generateMetadata = titleFrom('AgeGate', 'tooYoungTitle');

export default async function TooYoungPage({ params }: { params: Promise<{ locale: Locale; slug: string }> }) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('AgeGate');
  const survey = await getPublishedSurvey(db, slug);
  const age = survey ? minimumAgeFor(survey) : 16;
  return (
    <PageShell path={`/s/${slug}/too-young`}>
      <h1>{t('tooYoungTitle')}</h1>
      <p>{t('tooYoungBody', { age })}</p>
      <p>{t('nothingKept')}</p>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </PageShell>
  );
}
