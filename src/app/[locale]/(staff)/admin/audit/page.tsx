import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { auditActionKey } from '@/features/admin/audit-actions';
import { listAuditEvents } from '@/features/admin/queries';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale }> };

export const generateMetadata = titleFrom('Admin', 'auditTitle');

/** The audit log, read-only: there is no action that edits it, and the database refuses it too. */
export default async function AuditPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, '/admin/audit', 'admin');
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const events = await listAuditEvents(db, user);
  return (
    <StaffShell user={user} path="/admin/audit">
      <h1>{t('auditTitle')}</h1>
      <p>{t('auditIntro')}</p>
      <TableScroll label={t('auditTitle')}>
        <table className="data-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('counts')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{format.dateTime(e.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                <td>{e.actorName === e.actor ? <code>{e.actor}</code> : e.actorName}</td>
                <td data-action={e.action}>
                  {auditActionKey(e.action) ? <span title={e.action}>{t(`auditActions.${auditActionKey(e.action) as 'response_viewed'}`)}</span> : <code>{e.action}</code>}
                </td>
                <td>{e.target ? <code>{e.target}</code> : null}</td>
                <td>
                  {e.counts && typeof e.counts === 'object'
                    ? Object.entries(e.counts as Record<string, number>).map(([k, n]) => `${k}: ${format.number(n)}`).join(', ')
                    : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </StaffShell>
  );
}
