import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { WithMessages } from '@/components/WithMessages';
import { askForHelp } from '@/features/support/actions';
import { SupportForm } from '@/features/support/components/SupportForm';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Support', 'title');

/** policy: P5.1 — ask for help, linked from every public page's footer. */
export default async function SupportPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('Support');
  return (
    <PageShell path="/support">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <WithMessages namespace="Support">
        <SupportForm action={askForHelp.bind(null, locale)} />
      </WithMessages>
      <p className="field-hint">{t('privacy')}</p>
    </PageShell>
  );
}
