import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { markSecurityReportHandled, searchSubject } from '@/features/dpo/actions';
import { SearchForm } from '@/features/dpo/components/DpoForms';
import { RequestTable } from '@/features/dpo/components/RequestTable';
import { dpoOverview } from '@/features/dpo/queries';
import { listClosedRequestsAs, listOpenRequestsAs } from '@/features/dpo/requests';
import { listSecurityReportsAs } from '@/features/my-data/security-report';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }>; searchParams: Promise<{ erased?: string }> };

export const generateMetadata = titleFrom('Dpo', 'title');

/** policy: P7.2, P13.1 — the DPO's desk: find a subject, open requests by due date, compromise reports. */
export default async function DpoHomePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/dpo', 'dpo');
  const t = await getTranslations('Dpo');
  const format = await getFormatter();
  const now = new Date();
  const [overview, open, closed, reports] = await Promise.all([dpoOverview(db, user), listOpenRequestsAs(db, user, now), listClosedRequestsAs(db, user, 10), listSecurityReportsAs(db, user)]);
  const overdue = open.filter((r) => r.overdue).length;
  return (
    <StaffShell user={user} path="/dpo">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {(await searchParams).erased ? <p role="status" className="form-ok">{t('ok.erased')}</p> : null}
      <SearchForm action={searchSubject.bind(null, locale)} />

      <h2 id="open-requests">{t('openRequests')}</h2>
      <p data-testid="request-summary">
        {t('openSummary', { open: open.length, overdue })} · <Link href="/dpo/requests/new">{t('registerLink')}</Link>
      </p>
      {open.length ? <RequestTable requests={open} now={now} label={t('openRequests')} testId="open-requests" /> : <p>{t('noOpenRequests')}</p>}

      <h2>{t('securityReports')}</h2>
      {reports.length === 0 ? <p>{t('noSecurityReports')}</p> : null}
      <ul className="report-list" data-testid="security-reports">
        {reports.map((r) => (
          <li key={r.id} className={r.handledAt ? 'handled' : undefined}>
            <p className="field-hint">
              {format.dateTime(r.createdAt, { dateStyle: 'medium', timeStyle: 'short' })} · {r.contactEmail ?? t('anonymous')} · {r.handledAt ? t('handled') : t('unhandled')}
            </p>
            <p className="pre-wrap">{r.description}</p>
            {r.handledAt ? null : (
              <form action={markSecurityReportHandled.bind(null, r.id)}>
                <button type="submit" className="link-button">{t('markHandled')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>

      {closed.length ? (
        <>
          <h2>{t('closedRequests')}</h2>
          <RequestTable requests={closed} now={now} label={t('closedRequests')} testId="closed-requests" />
        </>
      ) : null}

      <h2>{t('inNumbers')}</h2>
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
