import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Stop', 'stoppedTitle');

export default async function StoppedPage({ params }: { params: Promise<{ locale: Locale; slug: string }> }) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('Stop');
  return (
    <PageShell path={`/s/${slug}/stopped`}>
      <h1>{t('stoppedTitle')}</h1>
      <p>{t('stoppedBody')}</p>
      <p>
        <Link href={`/s/${slug}`}>{t('startAgain')}</Link>
      </p>
    </PageShell>
  );
}
