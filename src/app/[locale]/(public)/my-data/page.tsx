import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { PageShell } from '@/components/ui/PageShell';
import { WithMessages } from '@/components/WithMessages';
import { askForMyData, reportSuspectedCompromise } from '@/features/my-data/actions';
import { CompromiseForm, RequestForm } from '@/features/my-data/components/MyDataForms';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('MyData', 'title');

type Props = { params: Promise<{ locale: Locale }> };

/** policy: P7.2, P3.3, P13.1 — a respondent's rights, asked for without an account. */
export default async function MyDataPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('MyData');
  return (
    <PageShell path="/my-data">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <WithMessages namespace="MyData">
        <RequestForm action={askForMyData.bind(null, locale)} />
        <section aria-labelledby="compromise-title" className="card">
          <h2 id="compromise-title">{t('compromiseTitle')}</h2>
          <p>{t('compromiseIntro')}</p>
          <CompromiseForm action={reportSuspectedCompromise.bind(null, locale)} />
        </section>
      </WithMessages>
      <p>
        {t('more')} <Link href="/privacy">{t('privacyLink')}</Link>
      </p>
    </PageShell>
  );
}
