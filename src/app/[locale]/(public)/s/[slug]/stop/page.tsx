import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { discardSurvey } from '@/features/survey/actions';
import { titleFrom } from '@/lib/page-title';

/** policy: P3.1, P7.1 — confirm before the draft and everything in it is deleted. */
export const generateMetadata = titleFrom('Stop', 'title');

export default async function StopPage({ params }: { params: Promise<{ locale: Locale; slug: string }> }) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('Stop');
  return (
    <PageShell path={`/s/${slug}/stop`}>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <form action={discardSurvey.bind(null, slug, locale)} className="form-actions">
        <button type="submit" className="button button-danger">
          {t('confirm')}
        </button>
        <Link href={`/s/${slug}`} className="button button-secondary">
          {t('cancel')}
        </Link>
      </form>
    </PageShell>
  );
}
