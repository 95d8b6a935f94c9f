import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { TableScroll } from '@/components/TableScroll';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { listSupportRequestsAs } from '@/features/support/requests';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Admin', 'supportTitle');

const QUEUE_PATH = '/admin/support';

/** policy: P5.1 — the queue of requests for help (admins only). */
export default async function SupportQueuePage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, QUEUE_PATH, 'admin');
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const { open, closed } = await listSupportRequestsAs(db, user);
  const table = (rows: typeof open, label: string, testId: string) =>
    rows.length === 0 ? (
      <p>{t('supportNone')}</p>
    ) : (
      <TableScroll label={label}>
        <table className="data-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('supportReceived')}</th>
              <th scope="col">{t('supportTopic')}</th>
              <th scope="col">{t('supportAddress')}</th>
              <th scope="col">{t('supportAnswers')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('supportOpenLink')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{format.dateTime(r.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{t(`supportTopics.${r.topic}`)}</td>
                <td>{r.email ? t('supportYes') : t('supportNo')}</td>
                <td>{r._count.replies}</td>
                <td>
                  <Link href={`${QUEUE_PATH}/${r.id}`}>{t('supportOpenLink')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  return (
    <StaffShell user={user} path={QUEUE_PATH}>
      <h1>{t('supportTitle')}</h1>
      <p>{t('supportIntro')}</p>
      <h2>{t('supportOpen')}</h2>
      {table(open, t('supportOpen'), 'support-open')}
      <h2>{t('supportClosed')}</h2>
      {table(closed, t('supportClosed'), 'support-closed')}
    </StaffShell>
  );
}
