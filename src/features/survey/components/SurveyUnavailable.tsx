import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';

export async function SurveyUnavailable({ path }: { path: string }) {
  const t = await getTranslations('Survey');
  return (
    <PageShell path={path}>
      <h1>{t('unavailableTitle')}</h1>
      <p>{t('unavailableBody')}</p>
      <p>
        <Link href="/">{t('backToSurveys')}</Link>
      </p>
    </PageShell>
  );
}
