import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { dpoOverview } from '@/features/dpo/queries';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Dpo', 'title');

export default async function DpoHomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/dpo', 'dpo');
  const t = await getTranslations('Dpo');
  const format = await getFormatter();
  const overview = await dpoOverview(db, user);
  return (
    <StaffShell user={user} path="/dpo">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <dl className="consent-status" data-testid="dpo-overview">
        <div><dt>{t('respondents')}</dt><dd>{format.number(overview.respondents)}</dd></div>
        <div><dt>{t('consents')}</dt><dd>{format.number(overview.consents)}</dd></div>
        <div><dt>{t('withdrawals')}</dt><dd>{format.number(overview.withdrawals)}</dd></div>
        <div>
          <dt>{t('lastPurge')}</dt>
          <dd>{overview.lastPurge ? format.dateTime(overview.lastPurge.at, { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</dd>
        </div>
      </dl>
    </StaffShell>
  );
}
