import { getTranslations } from 'next-intl/server';
import { PageShell } from '@/components/ui/PageShell';
import { Link } from '@/i18n/navigation';

export default async function NotFound() {
  const t = await getTranslations('NotFound');
  return (
    <PageShell path="/">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </PageShell>
  );
}
