import { getTranslations } from 'next-intl/server';
import { PageShell } from '@/components/ui/PageShell';
import { LanguageLinks } from '@/components/ui/LanguageLinks';
import { Link } from '@/i18n/navigation';

export default async function NotFound() {
  const t = await getTranslations('NotFound');
  return (
    <PageShell languageSwitcher={<LanguageLinks href="/" />}>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </PageShell>
  );
}
