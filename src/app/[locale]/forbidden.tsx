import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';

/** 403 for a signed-in staff member whose role does not reach the page (no data was read). */
export default async function Forbidden() {
  const t = await getTranslations('Staff');
  return (
    <main id="main" className="site-main">
      <h1>{t('forbiddenTitle')}</h1>
      <p>{t('forbiddenBody')}</p>
      <p>
        <Link href="/login">{t('home')}</Link>
      </p>
    </main>
  );
}
